package com.geminigateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {

    private final List<String> events = new ArrayList<>();
    private final SseParser parser = new SseParser(d -> events.add(new String(d, StandardCharsets.UTF_8)), 1 << 20);

    private void feed(String s) throws IOException {
        parser.feed(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void splitsEventsWithAnyLineEnding(String eol) throws IOException {
        feed("data: {\"a\":1}" + eol + eol + "data: {\"b\":2}" + eol + eol);
        parser.end();
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), events);
    }

    @Test
    void eventsSplitAcrossReadsAreReassembledEvenInsideACrlfPair() throws IOException {
        String body = "data: {\"text\":\"héllo wörld\"}\r\n\r\ndata: {\"x\":2}\r\n\r\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        parser.end();
        assertEquals(List.of("{\"text\":\"héllo wörld\"}", "{\"x\":2}"), events);
    }

    @Test
    void joinsMultiLineDataAndIgnoresCommentsAndOtherFields() throws IOException {
        feed(": keep-alive\nevent: message\nid: 7\ndata: {\"a\":\ndata: 1}\n\n");
        parser.end();
        assertEquals(List.of("{\"a\":\n1}"), events);
    }

    @Test
    void deliversALastEventWithoutTrailingBlankLine() throws IOException {
        feed("data: {\"last\":true}");
        parser.end();
        assertEquals(List.of("{\"last\":true}"), events);
    }

    @Test
    void acceptsABareMultiLineJsonErrorByCountingBraces() throws IOException {
        feed("data: {\"a\":1}\n\n{\n  \"error\": {\n    \"code\": 500,\n    \"message\": \"a } in a string\"\n  }\n}\n");
        parser.end();
        assertEquals(2, events.size());
        assertEquals("{\"a\":1}", events.get(0));
        assertEquals("{\n  \"error\": {\n    \"code\": 500,\n    \"message\": \"a } in a string\"\n  }\n}\n", events.get(1));
    }

    @Test
    void refusesAnEventLargerThanTheLimit() {
        SseParser small = new SseParser(d -> { }, 16);
        assertThrows(IOException.class, () -> small.feed(ByteBuffer.wrap("data: 0123456789012345678901234567890\n\n".getBytes())));
    }
}
