package com.geminigateway.api;

import com.geminigateway.app.Gateway;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;

/** The OpenAI-compatible API under /v1, wired with the services of the running gateway. */
public final class GatewayApplication extends ApiApplication {

    public GatewayApplication(@Context ServletContext servletContext) {
        this(Gateway.from(servletContext));
    }

    private GatewayApplication(Gateway gateway) {
        super(gateway);
        RequestLimits limits = RequestLimits.of(gateway.config().limits());
        register(new ModelsResource(gateway.catalog()));
        register(new ChatCompletionsResource(gateway.translator(), gateway.relay(), gateway.catalog(), limits,
                gateway.clientUsage(), gateway.images(), gateway.signatures()));
        register(new EmbeddingsResource(gateway.calls(), gateway.catalog(), limits));
    }
}
