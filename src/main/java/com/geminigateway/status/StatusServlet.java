package com.geminigateway.status;

import com.geminigateway.app.Gateway;
import com.geminigateway.auth.ClientAuthenticator;
import com.geminigateway.config.Masking;
import com.geminigateway.status.AdminSessions.Admin;
import com.geminigateway.status.AdminSessions.Flash;
import com.geminigateway.status.KeyAdmin.Action;
import com.geminigateway.status.KeyAdmin.Outcome;
import com.geminigateway.telemetry.GatewayMetrics;
import com.geminigateway.web.ClientAddresses;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The status page at the application's root, its login and logout, and the administrator's actions:
 * <pre>
 * GET  /               the page (the login form first when PROTECT_STATUS_PAGE=true); ?lang=en|zh switches language
 * GET  /login          the login form            POST /login     password → session (throttled, CSRF-checked)
 * POST /logout         ends the session          POST /actions/{recheck|disable|enable|clear-cooldown|add-keys}
 * </pre>
 * Every POST carries the session's CSRF token; every action is logged with who took it. Answers are
 * server-rendered HTML; redirects stay under the context path.
 */
public final class StatusServlet extends HttpServlet {

    private static final Logger LOG = LogManager.getLogger(StatusServlet.class);
    /** An action waits this long for the pool (a re-check calls Gemini) before the page says it is still running. */
    static final Duration ACTION_TIMEOUT = Duration.ofSeconds(30);

    private StatusService service;
    private ClientAuthenticator authenticator;
    private GatewayMetrics metrics;
    private StatusPage page;
    private AdminSessions sessions;
    private LoginThrottle throttle;
    private boolean protect;

    @Override
    public void init() {
        Gateway gateway = Gateway.from(getServletContext());
        service = gateway.status();
        authenticator = gateway.authenticator();
        metrics = gateway.telemetry().metrics();
        page = new StatusPage(getServletContext());
        sessions = new AdminSessions(gateway.clock(), gateway.config().monitoring().sessionTimeout());
        throttle = new LoginThrottle(gateway.clock());
        protect = gateway.config().protectStatusPage();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Locale locale = Languages.choose(request, response);
        switch (request.getServletPath()) {
            case "" -> statusPage(request, response, locale);
            case "/login" -> {
                if (sessions.state(request) == AdminSessions.State.ACTIVE) {
                    redirectHome(request, response);
                } else {
                    loginPage(request, response, locale, 200, "1".equals(request.getParameter("expired")) ? "login.expired" : null);
                }
            }
            default -> notAllowed(response, "POST");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Locale locale = Languages.choose(request, response);
        switch (request.getServletPath()) {
            case "/login" -> login(request, response, locale);
            case "/logout" -> logout(request, response, locale);
            case "/actions" -> action(request, response, locale);
            default -> notAllowed(response, "GET");
        }
    }

    private void statusPage(HttpServletRequest request, HttpServletResponse response, Locale locale) throws IOException {
        AdminSessions.State state = sessions.state(request);
        boolean admin = state == AdminSessions.State.ACTIVE;
        if (!admin && protect) {
            redirect(request, response, state == AdminSessions.State.EXPIRED ? "/login?expired=1" : "/login");
            return;
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("data", service.build(admin, admin));
        vars.put("admin", admin);
        vars.put("protect", protect);
        vars.put("expired", state == AdminSessions.State.EXPIRED);
        vars.put("flash", admin ? sessions.takeFlash(request) : null);
        vars.put("csrf", admin ? sessions.csrfToken(request) : null);
        page.render("status", 200, request, response, locale, vars);
    }

    private void loginPage(HttpServletRequest request, HttpServletResponse response, Locale locale, int status,
                           String errorKey) throws IOException {
        Map<String, Object> vars = new HashMap<>();
        vars.put("csrf", sessions.csrfToken(request));
        vars.put("error", errorKey);
        vars.put("protect", protect);
        vars.put("version", service.version());
        page.render("login", status, request, response, locale, vars);
    }

    private void login(HttpServletRequest request, HttpServletResponse response, Locale locale) throws IOException {
        String address = ClientAddresses.of(request);
        Optional<Duration> wait = throttle.attempt(address);
        if (wait.isPresent()) {
            metrics.login("throttled");
            LOG.warn("Status page: login attempts from {} throttled", address);
            response.setHeader("Retry-After", Long.toString(Math.max(1, (wait.get().toMillis() + 999) / 1000)));
            loginPage(request, response, locale, 429, "login.throttled");
            return;
        }
        if (!sessions.validCsrf(request)) {
            LOG.warn("Status page: login from {} refused: the form's CSRF token is missing or stale", address);
            loginPage(request, response, locale, 403, "login.stale");
            return;
        }
        if (!authenticator.accepts(request.getParameter("password"))) {
            metrics.login("failed");
            LOG.warn("Status page: failed login from {}", address);
            loginPage(request, response, locale, 401, "login.wrong");
            return;
        }
        Admin admin = sessions.login(request, address);
        metrics.login("ok");
        LOG.info("Status page: administrator logged in from {} (login {})", address, admin.loginId());
        redirectHome(request, response);
    }

    private void logout(HttpServletRequest request, HttpServletResponse response, Locale locale) throws IOException {
        Optional<Admin> admin = sessions.admin(request);
        if (admin.isEmpty()) {
            redirectHome(request, response);
            return;
        }
        if (!sessions.validCsrf(request)) {
            refuseStale(request, response, locale, "logout");
            return;
        }
        sessions.logout(request);
        LOG.info("Status page: administrator logged out (login {} from {})", admin.get().loginId(), ClientAddresses.of(request));
        redirectHome(request, response);
    }

    private void action(HttpServletRequest request, HttpServletResponse response, Locale locale) throws IOException {
        AdminSessions.State state = sessions.state(request);
        String address = ClientAddresses.of(request);
        Optional<Action> action = Action.ofPath(request.getPathInfo() == null ? "" : request.getPathInfo().substring(1));
        if (action.isEmpty()) {
            response.sendError(404);
            return;
        }
        if (state != AdminSessions.State.ACTIVE) {
            LOG.warn("Status page: {} from {} refused: not logged in", action.get().path(), address);
            redirect(request, response, state == AdminSessions.State.EXPIRED ? "/login?expired=1" : "/login");
            return;
        }
        if (!sessions.validCsrf(request)) {
            refuseStale(request, response, locale, action.get().path());
            return;
        }
        Admin admin = sessions.admin(request).orElseThrow();
        String key = token(request.getParameter("key"));
        String model = token(request.getParameter("model"));
        List<String> added = action.get() == Action.ADD_KEYS ? split(request.getParameter("keys")) : List.of();
        String what = action.get().path() + (key == null ? "" : " key #" + key) + (model == null ? "" : " for " + model)
                + (added.isEmpty() ? "" : " " + added.stream().map(Masking::mask).toList());
        KeyAdmin keys = service.admin();
        CompletableFuture<Outcome> outcome = switch (action.get()) {
            case RECHECK -> keys.recheck(key);
            case DISABLE -> keys.disable(key);
            case ENABLE -> keys.enable(key);
            case CLEAR_COOLDOWN -> keys.clearCooldown(key, model);
            case ADD_KEYS -> added.isEmpty()
                    ? CompletableFuture.completedFuture(Outcome.of(Outcome.Result.INVALID_INPUT, "no keys given"))
                    : keys.addKeys(added);
        };
        AsyncContext async = request.startAsync();
        async.setTimeout(ACTION_TIMEOUT.toMillis() + 5000);
        outcome.completeOnTimeout(Outcome.of(Outcome.Result.FAILED, "still running after " + ACTION_TIMEOUT.toSeconds() + " s"),
                        ACTION_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    LOG.warn("Status page: {} failed unexpectedly", what, e);
                    return Outcome.of(Outcome.Result.FAILED, "unexpected error: " + e.getClass().getSimpleName());
                })
                .thenAccept(o -> {
                    LOG.info("Status page: {} by administrator (login {} from {}): {} {}", what, admin.loginId(), address,
                            o.result(), o.detail());
                    sessions.flash(request, new Flash(o.result() == Outcome.Result.DONE ? "ok" : "error",
                            "outcome." + o.result(), o.detail()));
                    redirectHome(request, (HttpServletResponse) async.getResponse());
                    async.complete();
                });
    }

    private void refuseStale(HttpServletRequest request, HttpServletResponse response, Locale locale, String what)
            throws IOException {
        LOG.warn("Status page: {} from {} refused: the form's CSRF token is missing or stale", what, ClientAddresses.of(request));
        Map<String, Object> vars = new HashMap<>();
        vars.put("version", service.version());
        page.render("refused", 403, request, response, locale, vars);
    }

    /** Keys as GEMINI_API_KEYS takes them: separated by commas, spaces or newlines. */
    private static List<String> split(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).distinct().toList();
    }

    /** A key id or model id from a form, as it may appear in a log line: letters, digits and . _ : / - only. */
    private static String token(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String kept = s.strip().replaceAll("[^A-Za-z0-9._:/\\-]", "");
        return kept.isEmpty() ? "?" : kept.substring(0, Math.min(kept.length(), 100));
    }

    private static void notAllowed(HttpServletResponse response, String allow) throws IOException {
        response.setHeader("Allow", allow);
        response.sendError(405);
    }

    private static void redirectHome(HttpServletRequest request, HttpServletResponse response) {
        redirect(request, response, "/");
    }

    /**
     * A redirect within the application, whatever its context path. Written by hand: sendRedirect(String)
     * is abstract in Servlet 6.0 and a default method in 6.1, and compiled against one it breaks on the other.
     */
    private static void redirect(HttpServletRequest request, HttpServletResponse response, String path) {
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", request.getContextPath() + path);
    }
}
