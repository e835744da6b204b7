package com.geminigateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.json.Json;
import com.geminigateway.web.BodyDeadlineFilter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Reads a request body within the size limit and parses it, turning every defect into a clear 400/413. */
final class RequestBodies {

    /**
     * Bodies up to this size are read into an array of their announced size at once. Larger ones grow as
     * their bytes arrive, so that a client announcing megabytes and sending nothing costs no memory.
     */
    static final int PRESIZED_MAX = 256 * 1024;

    private RequestBodies() {
    }

    static byte[] read(InputStream in, long declaredLength, long limit) {
        if (declaredLength > limit) {
            throw GatewayException.bodyTooLarge(limit);
        }
        try {
            byte[] bytes = declaredLength >= 0 && declaredLength <= PRESIZED_MAX ? readDeclared(in, (int) declaredLength)
                    : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw GatewayException.bodyTooLarge(limit);
            }
            if (declaredLength >= 0 && bytes.length != declaredLength) {
                throw new IOException("the body has " + bytes.length + " bytes, not the " + declaredLength + " it announced");
            }
            if (bytes.length == 0) {
                throw GatewayException.invalidRequest("The request body is empty; expected a JSON object.", null);
            }
            return bytes;
        } catch (IOException e) {
            if (BodyDeadlineFilter.causedByReadTimeout(e)) {
                throw GatewayException.requestTimeout();
            }
            throw GatewayException.invalidRequest("Could not read the request body: " + e.getMessage(), null);
        }
    }

    /** A body of known length, read into an array of exactly that size (no 8 KB pieces, no final copy). */
    private static byte[] readDeclared(InputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        int read = in.readNBytes(bytes, 0, length);
        return read == length ? bytes : Arrays.copyOf(bytes, read);
    }

    static <T> T parse(byte[] body, Class<T> type) {
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) {
                throw GatewayException.invalidRequest("The request body must be a JSON object, not null.", null);
            }
            return value;
        } catch (MismatchedInputException e) {
            String param = path(e);
            throw GatewayException.invalidRequest(param == null
                    ? "The request body must be a JSON object."
                    : "Invalid type for '" + param + "'.", param);
        } catch (StreamConstraintsException e) {
            throw GatewayException.invalidRequest("The JSON body is nested too deeply or too large.", null);
        } catch (JsonProcessingException e) {
            throw GatewayException.invalidRequest(
                    "We could not parse the JSON body of your request: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw GatewayException.invalidRequest("Could not read the request body.", null);
        }
    }

    /** "messages[0].content" from Jackson's path, or null for the root. */
    private static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return null;
        }
        String joined = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }
}
