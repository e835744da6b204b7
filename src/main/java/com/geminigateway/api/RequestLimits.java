package com.geminigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.config.GatewayConfig;
import com.geminigateway.errors.GatewayException;
import java.util.List;
import java.util.function.Function;

/**
 * What one request may contain, checked after parsing and before anything is sent to Gemini. The body
 * size is checked while reading ({@link RequestBodies}) and the time to send it by the body deadline
 * filter.
 *
 * @param maxInlineDataBytes decoded bytes of inline images, audio and files in one request
 */
public record RequestLimits(long maxBodyBytes, int maxMessages, long maxInlineDataBytes) {

    static final long BYTES_PER_MB = 1024L * 1024L;

    public static RequestLimits of(GatewayConfig.Limits limits) {
        return new RequestLimits(limits.maxRequestBodyBytes(), limits.maxMessages(), limits.maxInlineDataBytes());
    }

    /** @throws GatewayException 400 when there are more messages than allowed */
    public void checkMessageCount(List<?> messages, String param) {
        if (messages != null && messages.size() > maxMessages) {
            throw new GatewayException(400, "invalid_request_error", "array_above_max_length", param,
                    "Invalid '" + param + "': array too long. Expected an array with maximum length " + maxMessages
                            + ", but got an array with length " + messages.size() + " instead.", null);
        }
    }

    /**
     * @param content the part of each element that may hold inline data, e.g. a message's content
     * @throws GatewayException 413 naming the element that took the total over the limit
     */
    public <T> void checkInlineData(List<T> elements, Function<T, JsonNode> content, String param) {
        if (elements == null) {
            return;
        }
        long total = 0;
        for (int i = 0; i < elements.size(); i++) {
            total += InlineData.decodedBytes(content.apply(elements.get(i)));
            if (total > maxInlineDataBytes) {
                throw tooMuchInlineData(param + "[" + i + "]");
            }
        }
    }

    /** The same check for one tree, e.g. a whole native Gemini request. */
    public void checkInlineData(JsonNode tree, String param) {
        if (InlineData.decodedBytes(tree) > maxInlineDataBytes) {
            throw tooMuchInlineData(param);
        }
    }

    private GatewayException tooMuchInlineData(String param) {
        return new GatewayException(413, "invalid_request_error", "request_too_large", param,
                "The inline data (images, audio, files) in this request is larger than the gateway's limit of "
                        + maxInlineDataBytes / BYTES_PER_MB + " MB.", null);
    }
}
