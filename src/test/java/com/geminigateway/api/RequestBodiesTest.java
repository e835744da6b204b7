package com.geminigateway.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.geminigateway.errors.GatewayException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request bodies: read whole, to an array of the announced size when there is one, within the limit. */
class RequestBodiesTest {

    private static final byte[] BODY = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void bodiesWithAndWithoutContentLengthReadTheSame() {
        assertArrayEquals(BODY, RequestBodies.read(new ByteArrayInputStream(BODY), BODY.length, 1000));
        assertArrayEquals(BODY, RequestBodies.read(new ByteArrayInputStream(BODY), -1, 1000));
    }

    @Test
    void aLargeAnnouncedBodyIsReadAsItArrives() {
        byte[] large = new byte[RequestBodies.PRESIZED_MAX + 10];
        java.util.Arrays.fill(large, (byte) 'x');
        assertArrayEquals(large, RequestBodies.read(new ByteArrayInputStream(large), large.length, 10_000_000));
        GatewayException e = assertThrows(GatewayException.class,
                () -> RequestBodies.read(new ByteArrayInputStream(BODY), 5_000_000, 10_000_000));
        assertEquals(400, e.status(), "a body far shorter than announced");
    }

    @Test
    void aBodyShorterThanAnnouncedIsABadRequest() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> RequestBodies.read(new ByteArrayInputStream(BODY), BODY.length + 10, 1000));
        assertEquals(400, e.status());
        assertEquals("invalid_request_error", e.type());
    }

    @Test
    void tooLargeBodiesAreRefusedWhetherAnnouncedOrNot() {
        assertEquals(413, assertThrows(GatewayException.class,
                () -> RequestBodies.read(new ByteArrayInputStream(BODY), BODY.length, 5)).status());
        assertEquals(413, assertThrows(GatewayException.class,
                () -> RequestBodies.read(new ByteArrayInputStream(BODY), -1, 5)).status());
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        assertEquals(400, assertThrows(GatewayException.class,
                () -> RequestBodies.read(new ByteArrayInputStream(new byte[0]), 0, 1000)).status());
    }
}
