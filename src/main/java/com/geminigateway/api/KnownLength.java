package com.geminigateway.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * Gives every whole answer (JSON bytes or text) its Content-Length up front. Jersey would otherwise copy
 * each answer into an 8 KB buffer of its own just to learn its length; with that buffer off
 * ({@link ApiApplication}), answers without a length would go out chunked. Streams keep no length.
 */
final class KnownLength implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object entity = response.getEntity();
        if (entity instanceof String text) {
            entity = text.getBytes(StandardCharsets.UTF_8);
            response.setEntity(entity);
        }
        if (entity instanceof byte[] bytes) {
            response.getHeaders().putSingle(HttpHeaders.CONTENT_LENGTH, bytes.length);
        }
    }
}
