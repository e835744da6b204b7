package com.geminigateway.upstream;

import java.net.SocketAddress;
import java.util.function.Supplier;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.reactor.ssl.TransportSecurityLayer;
import org.apache.hc.core5.util.Timeout;

/**
 * The TLS setup, built when the first TLS connection needs it: loading the JDK's trust store takes about
 * 60 ms of start-up on one core, which an upstream over plain http (a local egress proxy, the tests, the
 * benchmark) never needs.
 */
final class LazyTlsStrategy implements TlsStrategy {

    private final Supplier<TlsStrategy> factory;
    private volatile TlsStrategy strategy;

    LazyTlsStrategy(Supplier<TlsStrategy> factory) {
        this.factory = factory;
    }

    private TlsStrategy strategy() {
        TlsStrategy built = strategy;
        if (built == null) {
            synchronized (this) {
                built = strategy;
                if (built == null) {
                    built = factory.get();
                    strategy = built;
                }
            }
        }
        return built;
    }

    @Override
    public void upgrade(TransportSecurityLayer sessionLayer, NamedEndpoint endpoint, Object attachment,
                        Timeout handshakeTimeout, FutureCallback<TransportSecurityLayer> callback) {
        strategy().upgrade(sessionLayer, endpoint, attachment, handshakeTimeout, callback);
    }

    @Deprecated
    @Override
    public boolean upgrade(TransportSecurityLayer sessionLayer, HttpHost host, SocketAddress localAddress,
                           SocketAddress remoteAddress, Object attachment, Timeout handshakeTimeout) {
        return strategy().upgrade(sessionLayer, host, localAddress, remoteAddress, attachment, handshakeTimeout);
    }
}
