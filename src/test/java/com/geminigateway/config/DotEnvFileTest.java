package com.geminigateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotEnvFileTest {

    private static DotEnvFile.Parsed parse(String... lines) {
        return DotEnvFile.parse(String.join("\n", lines), ".env");
    }

    @Test
    void readsPlainAssignmentsAndSkipsCommentsAndBlankLines() {
        DotEnvFile.Parsed parsed = parse("# a comment", "", "PORT=8080", "   ", "  HOST = 127.0.0.1  ");
        assertEquals(Map.of("PORT", "8080", "HOST", "127.0.0.1"), parsed.values());
        assertEquals(List.of(), parsed.problems());
    }

    @Test
    void acceptsExportPrefix() {
        assertEquals(Map.of("DEBUG", "true"), parse("export DEBUG=true").values());
    }

    @Test
    void stripsSingleAndDoubleQuotes() {
        DotEnvFile.Parsed parsed = parse("A=\"hello world\"", "B='it # is literal'", "C=\"\"", "D='x' # note");
        assertEquals(Map.of("A", "hello world", "B", "it # is literal", "C", "", "D", "x"), parsed.values());
        assertEquals(List.of(), parsed.problems());
    }

    @Test
    void doubleQuotedValueMaySpanLines() {
        DotEnvFile.Parsed parsed = parse("GEMINI_API_KEYS=\"", "key-one", "key-two\"", "PORT=1");
        assertEquals("\nkey-one\nkey-two", parsed.values().get("GEMINI_API_KEYS"));
        assertEquals("1", parsed.values().get("PORT"));
        assertEquals(List.of(), parsed.problems());
    }

    @Test
    void doubleQuotesUnderstandEscapes() {
        assertEquals("say \"hi\"\\\nbye", parse("A=\"say \\\"hi\\\"\\\\\\nbye\"").values().get("A"));
    }

    @Test
    void unquotedValueEndsAtInlineComment() {
        DotEnvFile.Parsed parsed = parse("PORT=8080 # the port", "PASSWORD=pa#ss", "HOST= # nothing");
        assertEquals(Map.of("PORT", "8080", "PASSWORD", "pa#ss", "HOST", ""), parsed.values());
    }

    @Test
    void laterAssignmentWins() {
        assertEquals(Map.of("PORT", "2"), parse("PORT=1", "PORT=2").values());
    }

    @Test
    void windowsLineEndingsAreAccepted() {
        assertEquals(Map.of("A", "1", "B", "2"), DotEnvFile.parse("A=1\r\nB=2\r\n", ".env").values());
    }

    @Test
    void malformedLinesAreReportedWithLineNumbersButNotTheirText() {
        DotEnvFile.Parsed parsed = parse("PORT=1", "AIzaSyStrayKeyOnItsOwnLine", "# ok", "=value", "HOST=x");
        assertEquals(Map.of("PORT", "1", "HOST", "x"), parsed.values());
        assertEquals(2, parsed.problems().size());
        assertTrue(parsed.problems().get(0).startsWith(".env line 2: expected KEY=VALUE"), parsed.problems().get(0));
        assertTrue(parsed.problems().get(1).startsWith(".env line 4: "), parsed.problems().get(1));
        assertFalse(String.join(" ", parsed.problems()).contains("AIzaSyStrayKey"));
    }

    @Test
    void unclosedDoubleQuoteNamesTheLineWhereItStarted() {
        DotEnvFile.Parsed parsed = parse("PORT=1", "GEMINI_API_KEYS=\"k1", "k2");
        assertEquals(List.of(".env line 2: double-quoted value of GEMINI_API_KEYS is never closed"), parsed.problems());
        assertFalse(parsed.values().containsKey("GEMINI_API_KEYS"));
    }

    @Test
    void unclosedSingleQuoteAndTrailingTextAreErrors() {
        DotEnvFile.Parsed parsed = parse("A='open", "B=\"closed\" junk");
        assertEquals(List.of(
                ".env line 1: single-quoted value of A is not closed on the same line",
                ".env line 2: unexpected text after the closing quote of B"), parsed.problems());
    }
}
