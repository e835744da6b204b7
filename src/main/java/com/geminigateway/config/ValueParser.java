package com.geminigateway.config;

import com.geminigateway.net.Cidr;
import com.geminigateway.net.ClientAddressResolver;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns a trimmed raw value into a typed one.
 *
 * <p>The function throws {@link IllegalArgumentException} for an unacceptable value; the loader
 * then reports {@link #expectation()} rather than the exception text, so every message about a
 * setting reads the same way whichever library call rejected it.
 */
record ValueParser<T>(String expectation, Function<String, T> function) {

    private static final Pattern KEY_SEPARATORS = Pattern.compile("[,\\s]+");
    private static final Pattern KEY_ENTRY = Pattern.compile("[^@/]+(@[A-Za-z0-9._:-]+)?(/[A-Za-z0-9_-]+)?");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_-]+");

    private static final Map<String, Boolean> BOOLEANS = Map.of(
            "true", true, "false", false,
            "yes", true, "no", false,
            "on", true, "off", false,
            "1", true, "0", false);

    private static final Set<String> LOG_LEVELS = Set.of("DEBUG", "INFO", "WARN", "ERROR");

    T parse(String text) {
        return function.apply(text);
    }

    /** A whole number in {@code [min, max]}; {@code max == Integer.MAX_VALUE} means "no upper bound". */
    static ValueParser<Integer> intRange(int min, int max) {
        String expected = max == Integer.MAX_VALUE
                ? "expected a whole number of " + min + " or more"
                : "expected a whole number from " + min + " to " + max;
        return new ValueParser<>(expected, text -> {
            int value = Integer.parseInt(text); // NumberFormatException is an IllegalArgumentException
            if (value < min || value > max) {
                throw new IllegalArgumentException("out of range");
            }
            return value;
        });
    }

    static ValueParser<Integer> atLeast(int min) {
        return intRange(min, Integer.MAX_VALUE);
    }

    static ValueParser<Boolean> bool() {
        return new ValueParser<>("expected true/false, yes/no, on/off or 1/0", text -> {
            Boolean value = BOOLEANS.get(text.toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new IllegalArgumentException("not a boolean");
            }
            return value;
        });
    }

    /**
     * Any token without '@' or '/' is a key (Google has changed key formats before, so no prefix check);
     * it may be followed by {@code @PROJECT} and {@code /TIER}.
     */
    static ValueParser<List<String>> keyList() {
        return new ValueParser<>("expected keys separated by commas, spaces or newlines, each KEY, KEY@PROJECT,"
                + " KEY/TIER or KEY@PROJECT/TIER (project and tier: letters, digits, '.', '_', ':' or '-')", text -> {
            Set<String> keys = new LinkedHashSet<>();
            for (String token : KEY_SEPARATORS.split(text)) {
                if (token.isEmpty()) {
                    continue;
                }
                if (!KEY_ENTRY.matcher(token).matches()) {
                    throw new IllegalArgumentException("malformed key entry");
                }
                keys.add(token);
            }
            return List.copyOf(keys);
        });
    }

    /** Addresses or CIDR blocks separated by commas or spaces; blank = none. */
    static ValueParser<List<Cidr>> cidrList() {
        return new ValueParser<>("expected IP addresses or CIDR blocks (10.0.0.0/8, fd00::/8) separated by commas or spaces",
                text -> {
                    Set<Cidr> blocks = new LinkedHashSet<>();
                    for (String token : KEY_SEPARATORS.split(text)) {
                        if (!token.isEmpty()) {
                            blocks.add(Cidr.parse(token));
                        }
                    }
                    return List.copyOf(blocks);
                });
    }

    static ValueParser<ClientAddressResolver.Header> forwardingHeader() {
        return new ValueParser<>("expected X-Forwarded-For or Forwarded", ClientAddressResolver.Header::named);
    }

    /** A name such as a tier: letters, digits, '_' and '-'. */
    static ValueParser<String> word() {
        return new ValueParser<>("expected a name of letters, digits, '_' or '-'", text -> {
            if (!WORD.matcher(text).matches()) {
                throw new IllegalArgumentException("not a word");
            }
            return text;
        });
    }

    /** {@code RPD=0.60,TPD=0.20,RPM=0.15,TPM=0.05}: any of the four, non-negative, not all zero; missing ones are 0. */
    static ValueParser<GatewayConfig.ScoreWeights> scoreWeights() {
        return new ValueParser<>("expected weights like RPD=0.60,TPD=0.20,RPM=0.15,TPM=0.05 (0 or more, not all 0)", text -> {
            Map<String, Double> weights = new HashMap<>();
            for (String part : text.split("[,\\s]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                String[] nameValue = part.split("=", 2);
                String name = nameValue[0].strip().toUpperCase(Locale.ROOT);
                if (nameValue.length != 2 || !Set.of("RPD", "TPD", "RPM", "TPM").contains(name) || weights.containsKey(name)) {
                    throw new IllegalArgumentException("bad weight " + part);
                }
                double value = Double.parseDouble(nameValue[1].strip());
                if (!(value >= 0) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException("negative weight");
                }
                weights.put(name, value);
            }
            if (weights.values().stream().noneMatch(v -> v > 0)) {
                throw new IllegalArgumentException("all weights are zero");
            }
            return new GatewayConfig.ScoreWeights(weights.getOrDefault("RPD", 0.0), weights.getOrDefault("TPD", 0.0),
                    weights.getOrDefault("RPM", 0.0), weights.getOrDefault("TPM", 0.0));
        });
    }

    /** Blank means "not set", so an empty value in a higher source can clear a lower one. */
    static ValueParser<Optional<String>> optionalText() {
        return new ValueParser<>("expected any text",
                text -> text.isEmpty() ? Optional.empty() : Optional.of(text));
    }

    static ValueParser<String> nonBlank(String expectation) {
        return new ValueParser<>(expectation, text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("blank");
            }
            return text;
        });
    }

    static ValueParser<Path> path() {
        return new ValueParser<>("expected a file or directory path", text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("blank");
            }
            return Path.of(text); // InvalidPathException is an IllegalArgumentException
        });
    }

    /** Absolute http(s) URL without query or fragment; trailing slashes go so callers can append paths. */
    static ValueParser<URI> httpUrl() {
        return new ValueParser<>("expected an absolute http:// or https:// URL without query or fragment", text -> {
            URI uri;
            try {
                uri = new URI(text.replaceAll("/+$", ""));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean web = scheme.equals("http") || scheme.equals("https");
            if (!web || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return uri;
        });
    }

    /** A proxy URL such as {@code http://user:secret@proxy.corp:3128}; blank means "no proxy". */
    static ValueParser<Optional<URI>> optionalProxyUrl() {
        return new ValueParser<>("expected a proxy URL such as http://[user:password@]host:port", text -> {
            if (text.isEmpty()) {
                return Optional.empty();
            }
            URI uri;
            try {
                uri = new URI(text.contains("://") ? text : "http://" + text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e);
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) proxy URL");
            }
            return Optional.of(uri);
        });
    }

    /** Host names, domain suffixes or addresses, separated by commas or spaces; blank means none. */
    static ValueParser<List<String>> hostList() {
        return new ValueParser<>("expected host names or domain suffixes separated by commas", text -> {
            List<String> hosts = new ArrayList<>();
            for (String token : KEY_SEPARATORS.split(text)) {
                if (!token.isEmpty()) {
                    hosts.add(token.toLowerCase(Locale.ROOT));
                }
            }
            return List.copyOf(hosts);
        });
    }

    /** A path, or blank for "none". */
    static ValueParser<Optional<Path>> optionalPath() {
        return new ValueParser<>("expected a file path", text ->
                text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text)));
    }

    /** Log level names as log4j spells them; Python's WARNING is accepted as WARN. */
    static ValueParser<String> logLevel() {
        return new ValueParser<>("expected one of DEBUG, INFO, WARNING, WARN, ERROR", text -> {
            String level = text.toUpperCase(Locale.ROOT);
            if (level.equals("WARNING")) {
                return "WARN";
            }
            if (!LOG_LEVELS.contains(level)) {
                throw new IllegalArgumentException("unknown level");
            }
            return level;
        });
    }

    /** One of a fixed set of lower-case words, matched case-insensitively and stored lower-case. */
    static ValueParser<String> lowerCaseChoice(String... choices) {
        List<String> allowed = List.of(choices);
        return new ValueParser<>("expected one of " + String.join(", ", allowed), text -> {
            String value = text.toLowerCase(Locale.ROOT);
            if (!allowed.contains(value)) {
                throw new IllegalArgumentException("not one of " + allowed);
            }
            return value;
        });
    }

    /** "low=1024,medium=8192": reasoning_effort names to thinking budgets (0 to 32768 tokens). */
    static ValueParser<Map<String, Integer>> reasoningBudgets() {
        Set<String> efforts = Set.of("minimal", "low", "medium", "high");
        return new ValueParser<>("expected effort=tokens pairs separated by commas, efforts among minimal, low,"
                + " medium, high and tokens from 0 to 32768", text -> {
            Map<String, Integer> budgets = new java.util.TreeMap<>();
            for (String pair : text.split(",")) {
                String[] kv = pair.split("=", 2);
                String effort = kv[0].strip().toLowerCase(Locale.ROOT);
                if (kv.length != 2 || !efforts.contains(effort)) {
                    throw new IllegalArgumentException("bad pair " + pair);
                }
                int tokens = Integer.parseInt(kv[1].strip());
                if (tokens < 0 || tokens > 32768) {
                    throw new IllegalArgumentException("out of range");
                }
                budgets.put(effort, tokens);
            }
            return Map.copyOf(budgets);
        });
    }

    static String formatBudgets(Map<String, Integer> budgets) {
        return budgets.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(","));
    }
}
