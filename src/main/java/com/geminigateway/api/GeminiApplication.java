package com.geminigateway.api;

import com.geminigateway.app.Gateway;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;

/** Google's native API under /v1beta, with the gateway's pooled keys; a servlet of its own so paths never clash with /v1. */
public final class GeminiApplication extends ApiApplication {

    public GeminiApplication(@Context ServletContext servletContext) {
        this(Gateway.from(servletContext));
    }

    private GeminiApplication(Gateway gateway) {
        super(gateway);
        register(new NativeGeminiResource(gateway.nativeRelay(), gateway.catalog(),
                RequestLimits.of(gateway.config().limits())));
    }
}
