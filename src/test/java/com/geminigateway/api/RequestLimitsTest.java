package com.geminigateway.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.json.Json;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestLimitsTest {

    static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    static String base64(int bytes) {
        return Base64.getEncoder().encodeToString(new byte[bytes]);
    }

    @Test
    void inlineDataIsMeasuredInDecodedBytesWhereverItSits() throws Exception {
        assertEquals(0, InlineData.decodedBytes(json("\"just text\"")));
        assertEquals(1000, InlineData.decodedBytes(json("""
                [{"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]""".formatted(base64(1000)))));
        assertEquals(0, InlineData.decodedBytes(json("""
                [{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]""")));
        assertEquals(1001 + 2002 + 3003, InlineData.decodedBytes(json("""
                [{"type":"input_audio","input_audio":{"data":"%s","format":"wav"}},
                 {"type":"file","file":{"file_data":"data:application/pdf;base64,%s","filename":"a.pdf"}},
                 {"inlineData":{"mimeType":"image/jpeg","data":"%s"}}]""".formatted(base64(1001), base64(2002), base64(3003)))));
    }

    @Test
    void theTotalOverAllMessagesIsLimitedAndTheMessageThatCrossesItIsNamed() throws Exception {
        RequestLimits limits = new RequestLimits(1 << 20, 10, 2500);
        JsonNode image = json("[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + base64(1000) + "\"}}]");
        assertDoesNotThrow(() -> limits.checkInlineData(List.of(image, image), n -> n, "messages"));
        GatewayException e = assertThrows(GatewayException.class,
                () -> limits.checkInlineData(List.of(image, image, image), n -> n, "messages"));
        assertEquals(413, e.status());
        assertEquals("messages[2]", e.param());
        assertEquals("request_too_large", e.code());
    }

    @Test
    void tooManyMessagesIsA400LikeOpenAis() {
        RequestLimits limits = new RequestLimits(1 << 20, 3, 1 << 20);
        assertDoesNotThrow(() -> limits.checkMessageCount(List.of(1, 2, 3), "messages"));
        assertDoesNotThrow(() -> limits.checkMessageCount(null, "messages"));
        GatewayException e = assertThrows(GatewayException.class, () -> limits.checkMessageCount(List.of(1, 2, 3, 4), "messages"));
        assertEquals(400, e.status());
        assertEquals("array_above_max_length", e.code());
        assertEquals("messages", e.param());
    }
}
