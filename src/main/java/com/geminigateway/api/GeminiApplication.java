package com.geminigateway.api;

import com.geminigateway.app.Gateway;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** Google's native API under /v1beta, with the gateway's pooled keys; a servlet of its own so paths never clash with /v1. */
public final class GeminiApplication extends ResourceConfig {

    public GeminiApplication(@Context ServletContext servletContext) {
        Gateway gateway = Gateway.from(servletContext);
        register(new NativeGeminiResource(gateway.nativeRelay(), gateway.catalog(),
                RequestLimits.of(gateway.config().limits())));
        register(ApiExceptionMapper.class);
        register(new DrainOnShutdown(gateway));
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
    }
}
