package com.geminigateway.status;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Status page logins in the container's HTTP session: who is logged in, the session's CSRF token, and
 * expiry after STATUS_SESSION_MINUTES of inactivity, judged by the gateway's clock (the container's own
 * session timeout is set to the same, so it cleans up too). Nothing secret is kept in the session: the
 * login id is a random label for log lines, unrelated to the session id.
 */
final class AdminSessions {

    static final String ADMIN = "gateway.admin";
    static final String CSRF = "gateway.csrf";
    static final String FLASH = "gateway.flash";
    /** The form field that carries the CSRF token. */
    static final String CSRF_FIELD = "csrf";
    static final Duration LOGIN_FORM_LIFETIME = Duration.ofMinutes(10);

    /** The logged-in administrator: a login id for the logs, where from, since when, last seen. */
    record Admin(String loginId, String address, Instant loggedInAt, Instant lastSeen) implements Serializable {
    }

    /** A message for the next page view. */
    record Flash(String kind, String messageKey, String detail) implements Serializable {
    }

    enum State { NONE, ACTIVE, EXPIRED }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Duration timeout;

    AdminSessions(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Whether the request comes from a logged-in administrator; an expired login is ended here. */
    State state(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ADMIN) instanceof Admin admin)) {
            return State.NONE;
        }
        Instant now = clock.instant();
        if (Duration.between(admin.lastSeen(), now).compareTo(timeout) > 0) {
            session.removeAttribute(ADMIN);
            session.removeAttribute(CSRF);
            return State.EXPIRED;
        }
        session.setAttribute(ADMIN, new Admin(admin.loginId(), admin.address(), admin.loggedInAt(), now));
        return State.ACTIVE;
    }

    Optional<Admin> admin(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(ADMIN) instanceof Admin admin ? Optional.of(admin) : Optional.empty();
    }

    /** Logs the administrator in: a new session id (no fixation), a new CSRF token. */
    Admin login(HttpServletRequest request, String address) {
        request.getSession(true);
        request.changeSessionId();
        HttpSession session = request.getSession();
        session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        Instant now = clock.instant();
        Admin admin = new Admin(random(3), address, now, now);
        session.setAttribute(ADMIN, admin);
        session.setAttribute(CSRF, random(32));
        return admin;
    }

    void logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    /**
     * The session's CSRF token, created (with the session) when there is none yet. A session made for the
     * login form lives {@link #LOGIN_FORM_LIFETIME} unless someone logs in with it, so visitors who never
     * do cannot pile up sessions.
     */
    String csrfToken(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        if (session.isNew()) {
            session.setMaxInactiveInterval((int) LOGIN_FORM_LIFETIME.toSeconds());
        }
        if (session.getAttribute(CSRF) instanceof String token) {
            return token;
        }
        String token = random(32);
        session.setAttribute(CSRF, token);
        return token;
    }

    /** True when the form's token is the session's (compared in constant time). */
    boolean validCsrf(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String presented = request.getParameter(CSRF_FIELD);
        if (session == null || presented == null || !(session.getAttribute(CSRF) instanceof String token)) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    void flash(HttpServletRequest request, Flash flash) {
        request.getSession(true).setAttribute(FLASH, flash);
    }

    /** The pending message, removed as it is read. */
    Flash takeFlash(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(FLASH) instanceof Flash flash)) {
            return null;
        }
        session.removeAttribute(FLASH);
        return flash;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
