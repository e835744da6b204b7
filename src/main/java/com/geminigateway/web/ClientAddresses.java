package com.geminigateway.web;

import jakarta.servlet.ServletRequest;

/**
 * The client address the access log filter settled on for every request (the socket peer, or what trusted
 * proxies reported), for the rate limits, the status page's login throttle and log lines.
 */
public final class ClientAddresses {

    public static final String ATTRIBUTE = "gateway.clientAddress";

    private ClientAddresses() {
    }

    /** The resolved address; the socket peer if the access log filter has not run. */
    public static String of(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String address ? address : request.getRemoteAddr();
    }
}
