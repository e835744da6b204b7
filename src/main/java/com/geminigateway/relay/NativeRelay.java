package com.geminigateway.relay;

import com.geminigateway.errors.GoogleErrors;
import com.geminigateway.keys.Failover;
import com.geminigateway.keys.Verdict;
import com.geminigateway.upstream.UpstreamFailure;
import jakarta.servlet.AsyncContext;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.apache.hc.core5.http.Method;

/**
 * The native Gemini routes with pooled keys: the client's body goes to Gemini untouched and Gemini's answer
 * comes back untouched, with the same failover as /v1. Errors use Google's envelope: Gemini's own when it
 * refused the request itself, the gateway's when no key could serve.
 */
public final class NativeRelay {

    private final PooledCalls calls;
    private final ActiveStreams streams;

    public NativeRelay(PooledCalls calls, ActiveStreams streams) {
        this.streams = streams;
        this.calls = calls;
    }

    /** A call answered with one JSON body. */
    public void call(String requestId, String model, Method method, String pathAndQuery, byte[] body, AsyncResponse async,
                     AsyncContext servlet) {
        calls.call(requestId, model, method, pathAndQuery, body).whenComplete((bytes, error) -> {
            if (error == null) {
                Answers.send(async, servlet, MediaType.APPLICATION_JSON_TYPE, bytes);
                return;
            }
            if (UpstreamFailure.unwrap(error) instanceof GaveUp gaveUp) {
                async.resume(error(requestId, gaveUp.failover()));
            } else {
                async.resume(GoogleErrors.response(UpstreamErrors.reported(requestId, UpstreamErrors.of(error, requestId))));
            }
        });
    }

    /** streamGenerateContent: Gemini's bytes are forwarded as they arrive, whatever the {@code alt} format. */
    public void stream(String requestId, String model, String pathAndQuery, byte[] body, AsyncResponse async,
                       AsyncContext servlet) {
        NativeStream stream = new NativeStream(requestId, model, pathAndQuery, body, async, servlet, this);
        streams.add(stream);
        stream.start();
    }

    /** The answer when a request gave up: Gemini's own refusal of the request, or the gateway's error. */
    Response error(String requestId, Failover failover) {
        Optional<UpstreamFailure> last = failover.lastFailure();
        Verdict verdict = failover.lastVerdict();
        if (last.isPresent() && last.get().error().isPresent() && verdict != null
                && verdict.kind() == Verdict.Kind.CLIENT_ERROR && last.get().httpStatus() >= 400) {
            return GoogleErrors.passThrough(last.get().httpStatus(), last.get().error().get(), failover.pool()::redact);
        }
        return GoogleErrors.response(UpstreamErrors.reported(requestId, UpstreamErrors.giveUp(failover)));
    }

    ActiveStreams streams() {
        return streams;
    }

    PooledCalls calls() {
        return calls;
    }
}
