package com.geminigateway.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.geminigateway.config.SecretMask;
import com.geminigateway.json.Json;
import jakarta.ws.rs.core.Response;

/** OpenAI's error envelope: {"error":{"message","type","param","code"}}. */
public final class OpenAiErrors {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String message, String type, String param, String code) {
    }

    public record Envelope(Body error) {
    }

    private OpenAiErrors() {
    }

    public static Envelope envelope(GatewayException e) {
        // Every message passes the secret mask: the last line of defence if a key slipped into one.
        return new Envelope(new Body(SecretMask.scrub(e.getMessage()), e.type(), e.param(), e.code()));
    }

    public static String json(GatewayException e) {
        return Json.toString(envelope(e));
    }

    public static Response response(GatewayException e) {
        Response.ResponseBuilder r = WholeJson.response(e.status(), json(e));
        e.retryAfter().ifPresent(d -> r.header("Retry-After", RetryAfter.seconds(d)));
        return r.build();
    }
}
