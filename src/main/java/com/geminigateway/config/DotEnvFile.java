package com.geminigateway.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code .env} format: {@code KEY=VALUE} or {@code export KEY=VALUE} lines, {@code #}
 * comments and blank lines. Values may be single- or double-quoted; a double-quoted value may span
 * lines (handy for one key per line). An unquoted value ends at {@code " #"}.
 *
 * <p>Problems name the line but never quote it: a stray line is often a pasted API key.
 */
final class DotEnvFile {

    private static final Pattern ASSIGNMENT =
            Pattern.compile("(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*=(.*)", Pattern.DOTALL);
    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s#");

    /** The assignments in file order (a repeated name keeps its last value) and any problems. */
    record Parsed(Map<String, String> values, List<String> problems) {
        Parsed {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            problems = List.copyOf(problems);
        }
    }

    private final String label;
    private final String[] lines;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int next; // index of the next unread line

    private DotEnvFile(String text, String label) {
        this.label = label;
        this.lines = text.split("\r\n|\r|\n", -1);
    }

    /** @param label how the file is named in problems, e.g. ".env" */
    static Parsed parse(String text, String label) {
        DotEnvFile file = new DotEnvFile(text, label);
        file.parseAll();
        return new Parsed(file.values, file.problems);
    }

    private void parseAll() {
        while (next < lines.length) {
            int lineNumber = next + 1;
            String line = lines[next++].stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher assignment = ASSIGNMENT.matcher(line);
            if (!assignment.matches()) {
                problem(lineNumber, "expected KEY=VALUE (a value spanning several lines must be in double quotes)");
                continue;
            }
            String name = assignment.group(1);
            String raw = assignment.group(2);
            String rest = raw.stripLeading();
            if (rest.startsWith("\"")) {
                doubleQuoted(name, rest.substring(1), lineNumber);
            } else if (rest.startsWith("'")) {
                singleQuoted(name, rest.substring(1), lineNumber);
            } else {
                // Matched on the raw text so that "KEY= # note" is empty while "KEY=#x" is "#x".
                Matcher comment = INLINE_COMMENT.matcher(raw);
                values.put(name, (comment.find() ? raw.substring(0, comment.start()) : raw).strip());
            }
        }
    }

    /** Reads up to the closing quote, continuing onto following lines; \" \\ and \n are escapes. */
    private void doubleQuoted(String name, String firstLine, int startLine) {
        StringBuilder value = new StringBuilder();
        String line = firstLine;
        while (true) {
            int i = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (c == '"') {
                    finishQuoted(name, value.toString(), line.substring(i + 1));
                    return;
                }
                if (c == '\\' && i + 1 < line.length()) {
                    char escaped = line.charAt(i + 1);
                    if (escaped == '"' || escaped == '\\') {
                        value.append(escaped);
                        i += 2;
                        continue;
                    }
                    if (escaped == 'n') {
                        value.append('\n');
                        i += 2;
                        continue;
                    }
                }
                value.append(c);
                i++;
            }
            if (next >= lines.length) {
                problem(startLine, "double-quoted value of " + name + " is never closed");
                return;
            }
            value.append('\n');
            line = lines[next++];
        }
    }

    /** Single quotes are literal and end on the same line. */
    private void singleQuoted(String name, String afterQuote, int lineNumber) {
        int close = afterQuote.indexOf('\'');
        if (close < 0) {
            problem(lineNumber, "single-quoted value of " + name + " is not closed on the same line");
            return;
        }
        finishQuoted(name, afterQuote.substring(0, close), afterQuote.substring(close + 1));
    }

    /** Only a comment may follow the closing quote. */
    private void finishQuoted(String name, String value, String trailing) {
        String rest = trailing.strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            problem(next, "unexpected text after the closing quote of " + name);
            return;
        }
        values.put(name, value);
    }

    private void problem(int lineNumber, String what) {
        problems.add(label + " line " + lineNumber + ": " + what);
    }
}
