package com.geminigateway.status;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Locale;

/**
 * English or Simplified Chinese: what the switch chose ({@code ?lang=}, kept in a cookie), else the first
 * of the browser's Accept-Language that is one of them, else English.
 */
final class Languages {

    static final String COOKIE = "gateway_lang";
    static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

    private Languages() {
    }

    static Locale choose(HttpServletRequest request, HttpServletResponse response) {
        String asked = request.getParameter("lang");
        if ("en".equals(asked) || "zh".equals(asked)) {
            String path = request.getContextPath().isEmpty() ? "/" : request.getContextPath();
            response.addHeader("Set-Cookie", COOKIE + "=" + asked + "; Path=" + path
                    + "; Max-Age=31536000; SameSite=Strict" + (request.isSecure() ? "; Secure" : ""));
            return of(asked);
        }
        if (request.getCookies() != null) {
            for (var cookie : request.getCookies()) {
                if (COOKIE.equals(cookie.getName()) && ("en".equals(cookie.getValue()) || "zh".equals(cookie.getValue()))) {
                    return of(cookie.getValue());
                }
            }
        }
        if (request.getHeader("Accept-Language") != null) {
            for (Locale l : Collections.list(request.getLocales())) {
                if (l.getLanguage().equals("zh")) {
                    return CHINESE;
                }
                if (l.getLanguage().equals("en")) {
                    return Locale.ENGLISH;
                }
            }
        }
        return Locale.ENGLISH;
    }

    private static Locale of(String code) {
        return code.equals("zh") ? CHINESE : Locale.ENGLISH;
    }
}
