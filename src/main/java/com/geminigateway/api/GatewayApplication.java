package com.geminigateway.api;

import com.geminigateway.app.Gateway;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The OpenAI-compatible API under /v1, wired with the services of the running gateway. */
public final class GatewayApplication extends ResourceConfig {

    public GatewayApplication(@Context ServletContext servletContext) {
        Gateway gateway = Gateway.from(servletContext);
        RequestLimits limits = RequestLimits.of(gateway.config().limits());
        register(new ModelsResource(gateway.catalog()));
        register(new ChatCompletionsResource(gateway.translator(), gateway.relay(), gateway.catalog(), limits,
                gateway.clientUsage(), gateway.images(), gateway.signatures()));
        register(new EmbeddingsResource(gateway.calls(), gateway.catalog(), limits));
        register(ApiExceptionMapper.class);
        register(new DrainOnShutdown(gateway));
        // Errors are ours to render: Jersey must not replace them with the container's HTML page.
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
    }
}
