package com.geminigateway.status;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes sure the session cookie the container just set is SameSite=Strict. web.xml asks every container for
 * that (with HttpOnly; Secure comes by itself on HTTPS), and this is the belt to those braces: a container
 * that ignores the cookie attribute still sends it, because the Set-Cookie header is amended here.
 */
final class SessionCookies {

    private SessionCookies() {
    }

    static void requireSameSite(HttpServletRequest request, HttpServletResponse response) {
        String name = request.getServletContext().getSessionCookieConfig().getName();
        String prefix = (name == null || name.isEmpty() ? "JSESSIONID" : name) + "=";
        List<String> cookies = new ArrayList<>(response.getHeaders("Set-Cookie"));
        boolean changed = false;
        for (int i = 0; i < cookies.size(); i++) {
            String cookie = cookies.get(i);
            if (cookie.startsWith(prefix) && !cookie.toLowerCase(Locale.ROOT).contains("samesite=")) {
                cookies.set(i, cookie + "; SameSite=Strict");
                changed = true;
            }
        }
        if (changed) {
            response.setHeader("Set-Cookie", cookies.get(0));
            cookies.subList(1, cookies.size()).forEach(c -> response.addHeader("Set-Cookie", c));
        }
    }
}
