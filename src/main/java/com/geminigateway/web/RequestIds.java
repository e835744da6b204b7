package com.geminigateway.web;

import jakarta.servlet.ServletRequest;
import java.util.concurrent.ThreadLocalRandom;

/** A short id per request, returned as X-Request-Id and written in every log line about the request. */
public final class RequestIds {

    public static final String ATTRIBUTE = "gateway.requestId";
    public static final String HEADER = "X-Request-Id";
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private RequestIds() {
    }

    public static String of(ServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        if (id instanceof String s) {
            return s;
        }
        String created = create();
        request.setAttribute(ATTRIBUTE, created);
        return created;
    }

    static String create() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
