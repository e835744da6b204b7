package com.geminigateway.errors;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/** A JSON body sent whole, with its Content-Length: the API applications leave counting to us (see ApiApplication). */
public final class WholeJson {

    private WholeJson() {
    }

    public static Response.ResponseBuilder response(int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(bytes)
                .header(HttpHeaders.CONTENT_LENGTH, bytes.length);
    }
}
