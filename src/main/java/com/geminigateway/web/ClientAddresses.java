package com.geminigateway.web;

import jakarta.servlet.ServletRequest;

/**
 * The client address the client filter settled on (the socket peer, or what trusted proxies reported),
 * for the rate limits and log lines.
 */
public final class ClientAddresses {

    public static final String ATTRIBUTE = "gateway.clientAddress";

    private ClientAddresses() {
    }

    /** The resolved address; the socket peer if the client filter has not run. */
    public static String of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String address ? address : request.getRemoteAddr();
    }
}
