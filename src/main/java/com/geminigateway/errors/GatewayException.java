package com.geminigateway.errors;

import java.time.Duration;
import java.util.Optional;

/**
 * An error the gateway answers with. It is format-neutral: {@link OpenAiErrors} and {@link GoogleErrors}
 * render it in the shape the route's clients expect.
 */
public final class GatewayException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Duration retryAfter;

    public GatewayException(int status, String type, String code, String param, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfter = retryAfter;
    }

    public static GatewayException invalidRequest(String message, String param) {
        return new GatewayException(400, "invalid_request_error", null, param, message, null);
    }

    public static GatewayException invalidValue(String message, String param) {
        return new GatewayException(400, "invalid_request_error", "invalid_value", param, message, null);
    }

    public static GatewayException unauthorized() {
        return new GatewayException(401, "invalid_request_error", "invalid_api_key", null,
                "Incorrect API key provided. Send the gateway password or your client key as 'Authorization: Bearer <key>'.", null);
    }

    public static GatewayException modelNotFound(String model) {
        return new GatewayException(404, "invalid_request_error", "model_not_found", "model",
                "The model '" + model + "' does not exist or is not available through this gateway.", null);
    }

    public static GatewayException notFound(String message) {
        return new GatewayException(404, "invalid_request_error", "not_found", null, message, null);
    }

    public static GatewayException bodyTooLarge(long limitBytes) {
        return new GatewayException(413, "invalid_request_error", "request_too_large", null,
                "Request body is larger than the gateway's limit of " + limitBytes + " bytes.", null);
    }

    public static GatewayException requestTimeout() {
        return new GatewayException(408, "invalid_request_error", "request_timeout", null,
                "The request body arrived too slowly; send it in one go.", null);
    }

    /** Server-side errors name the request id that the log lines about them carry too. */
    public GatewayException forRequest(String requestId) {
        if (status < 500 || requestId == null || getMessage().contains(requestId)) {
            return this;
        }
        return new GatewayException(status, type, code, param, getMessage() + " (request " + requestId + ")", retryAfter);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
