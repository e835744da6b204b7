package com.geminigateway.api;

import com.geminigateway.app.Gateway;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;

/**
 * When the container stops the API servlet (undeploy, SIGTERM), running streams get SHUTDOWN_GRACE_SECONDS
 * to finish before the rest are ended with an error event. It runs before Jersey and the gateway's
 * services close, while the connections can still carry the last events.
 */
final class DrainOnShutdown implements ContainerLifecycleListener {

    private final Gateway gateway;

    DrainOnShutdown(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void onStartup(Container container) {
    }

    @Override
    public void onReload(Container container) {
    }

    @Override
    public void onShutdown(Container container) {
        gateway.streams().drain(gateway.config().server().shutdownGrace());
    }
}
