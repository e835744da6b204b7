package com.geminigateway.relay;

import jakarta.servlet.AsyncContext;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Whole answers (not streamed), sent from whichever thread has them: most come on HttpClient's I/O thread,
 * which serves many other requests and streams and must never wait for one client. Jersey writes with a
 * blocking write; that is harmless for a small answer, which goes out with the headers in one write the socket
 * takes at once. A larger one (a long answer, generated images, a batch of embeddings: megabytes) could hold
 * the thread for as long as a slow client takes to read it, so it goes out with the container's non-blocking
 * output instead ({@link NonBlockingOutput}), with its Content-Length as before.
 */
public final class Answers {

    /** Up to this size Jersey writes the answer: it fits the container's response buffer and any socket's. */
    public static final int BLOCKING_WRITE_MAX = 4096;

    private Answers() {
    }

    /** A 200 answer with this body. */
    public static void send(AsyncResponse async, AsyncContext servlet, MediaType type, byte[] body) {
        if (body.length <= BLOCKING_WRITE_MAX) {
            async.resume(Response.ok(body, type).header(HttpHeaders.CONTENT_LENGTH, body.length).build());
            return;
        }
        NonBlockingOutput output = new NonBlockingOutput(servlet, () -> { });
        boolean resumed = async.resume(Response.ok(output.output(), type)
                .header(HttpHeaders.CONTENT_LENGTH, body.length)
                .build());
        if (resumed) {
            output.start();
            output.send(body);
            output.close();
        }
    }
}
