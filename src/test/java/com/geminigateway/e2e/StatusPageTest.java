package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.PageClient;
import com.geminigateway.testing.KeyBehavior;
import com.geminigateway.testing.LogScan;
import com.geminigateway.testing.MutableClock;
import com.geminigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The status page over real HTTP: login and sessions, CSRF, actions, escaping, languages, context paths. */
@Timeout(60)
class StatusPageTest {

    static final String KEY_A = "status-key-aaaa-1111";
    static final String KEY_B = "status-key-bbbb-2222";
    /** The pool's stable key ids: what the page's forms and the action log lines name. */
    static final String ID_A = com.geminigateway.keys.ApiKey.idOf(KEY_A);
    static final String ID_B = com.geminigateway.keys.ApiKey.idOf(KEY_B);
    static final String CHAT = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    FakeGemini fake;
    TestGateway gateway;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-05T10:00:00Z"));

    @BeforeEach
    void startFake() {
        fake = FakeGemini.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        fake.close();
    }

    private TestGateway start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("GEMINI_API_KEYS", KEY_A + "," + KEY_B,
                "GEMINI_BASE_URL", fake.baseUrl()));
        settings.putAll(extra);
        gateway = TestGateway.start(settings, Map.of(), clock);
        return gateway;
    }

    /**
     * Waits for the model list (loaded with the first key at start-up), then sends two chats: whichever key
     * comes first in turn, the first key is tried by one of them, so its scripted behaviour shows.
     */
    private void twoChatsAfterTheModelList(Map<String, String> headers) {
        assertEquals(200, Http.send(Http.authorized(gateway.baseUrl() + "/v1/models")).statusCode());
        for (int i = 0; i < 2; i++) {
            var request = Http.postJson(gateway.baseUrl() + "/v1/chat/completions", CHAT);
            headers.forEach(request::header);
            assertEquals(200, Http.send(request).statusCode());
        }
        gateway.awaitRequestsEnded();
    }

    private String appLog() throws Exception {
        return Files.readString(gateway.logDir().resolve("app.log"));
    }

    @Test
    void theKeyTableNeedsALoginWhoseSessionCookieIsHttpOnlyAndStrict() throws Exception {
        start(Map.of());
        PageClient browser = new PageClient(gateway.baseUrl());

        HttpResponse<String> anonymous = browser.get("/");
        assertEquals(302, anonymous.statusCode());
        assertEquals("/login", PageClient.location(anonymous));

        HttpResponse<String> form = browser.get("/login");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("type=\"password\""), form.body());
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("JSESSIONID="), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP: no Secure flag, or the browser would drop it: " + cookie);
        String before = browser.cookie("JSESSIONID");

        HttpResponse<String> login = browser.post("/login", Map.of("csrf", browser.csrf(), "password", TestGateway.PASSWORD));
        assertEquals(302, login.statusCode(), login.body());
        assertEquals("/", PageClient.location(login));
        assertNotEquals(before, browser.cookie("JSESSIONID"), "a new session id at login: no session fixation");

        HttpResponse<String> page = browser.get("/");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("stat...1111") && html.contains("stat...2222"), html);
        assertFalse(html.contains(KEY_A), "never the key itself");
        assertTrue(html.contains("state-ACTIVE"), html);
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
        assertTrue(appLog().contains("Status page: administrator logged in from 127.0.0.1"));
        LogScan.secret(browser.cookie("JSESSIONID"));
    }
    @Test
    void wrongPasswordsAreRefusedAndAttemptsFromOneAddressThrottled() throws Exception {
        start(Map.of());
        PageClient browser = new PageClient(gateway.baseUrl());
        String token = PageClient.csrfOf(browser.get("/login").body());
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> wrong = browser.post("/login", Map.of("csrf", token, "password", "guess-" + i));
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.body().contains("Wrong password."), wrong.body());
        }
        HttpResponse<String> throttled = browser.post("/login", Map.of("csrf", token, "password", TestGateway.PASSWORD));
        assertEquals(429, throttled.statusCode(), "even the right password waits");
        assertEquals("12", throttled.headers().firstValue("Retry-After").orElseThrow(), "one attempt per 12 s after the burst");
        assertTrue(throttled.body().contains("Too many attempts"));
        assertEquals(302, browser.get("/").statusCode(), "not logged in");

        clock.advance(Duration.ofSeconds(12));
        assertEquals(302, browser.post("/login", Map.of("csrf", token, "password", TestGateway.PASSWORD)).statusCode());
        assertEquals(200, browser.get("/").statusCode());
        String log = appLog();
        assertTrue(log.contains("Status page: failed login from 127.0.0.1"), log);
        assertTrue(log.contains("Status page: login attempts from 127.0.0.1 throttled"), log);
        assertFalse(log.contains("guess-0"), "what was typed is never logged");
        String metrics = Http.send(Http.request(gateway.baseUrl() + "/metrics")).body();
        assertTrue(metrics.contains("gateway_status_logins_total{outcome=\"failed\"} 5.0"), metrics);
        assertTrue(metrics.contains("gateway_status_logins_total{outcome=\"throttled\"} 1.0"), metrics);
        assertTrue(metrics.contains("gateway_status_logins_total{outcome=\"ok\"} 1.0"), metrics);
    }

    @Test
    void formsWithoutTheSessionsCsrfTokenAreRefusedAndDoNothing() throws Exception {
        start(Map.of());
        PageClient browser = new PageClient(gateway.baseUrl());
        browser.login(TestGateway.PASSWORD);
        String token = PageClient.csrfOf(browser.get("/").body());
        int before = fake.requests().size();

        HttpResponse<String> missing = browser.post("/actions/recheck", Map.of("key", ID_A));
        assertEquals(403, missing.statusCode());
        assertTrue(missing.body().contains("Request refused"), missing.body());
        assertEquals(403, browser.post("/actions/recheck", Map.of("key", ID_A, "csrf", "0".repeat(64))).statusCode());
        assertEquals(403, browser.post("/logout", Map.of()).statusCode());
        assertEquals(200, browser.get("/").statusCode(), "still logged in");

        // A form posted from another site arrives without the session cookie (SameSite=Strict): a login is asked for.
        PageClient elsewhere = new PageClient(gateway.baseUrl());
        HttpResponse<String> forged = elsewhere.post("/actions/recheck", Map.of("key", ID_A, "csrf", token));
        assertEquals(302, forged.statusCode());
        assertEquals("/login", PageClient.location(forged));
        assertEquals(403, elsewhere.post("/login", Map.of("password", TestGateway.PASSWORD)).statusCode(),
                "the login form needs its token too");

        assertEquals(before, fake.requests().size(), "no refused action reached Gemini");
        assertTrue(appLog().contains("Status page: recheck from 127.0.0.1 refused: the form's CSRF token is missing or stale"));
    }

    @Test
    void recheckTriesTheKeyAtGeminiAndAppliesTheAnswer() throws Exception {
        start(Map.of());
        fake.key(KEY_A, KeyBehavior.INVALID);
        PageClient browser = new PageClient(gateway.baseUrl());
        browser.login(TestGateway.PASSWORD);
        browser.get("/");

        HttpResponse<String> done = browser.post("/actions/recheck", Map.of("csrf", browser.csrf(), "key", ID_A));
        assertEquals(302, done.statusCode());
        assertEquals("/", PageClient.location(done));
        assertEquals(KEY_A, fake.lastRequest().apiKey());
        assertEquals("/v1beta/models", fake.lastRequest().path());
        String page = browser.get("/").body();
        assertTrue(page.contains("state-INVALID"), page);
        assertTrue(page.contains("Failed.") && page.contains("stat...1111: API key not valid"), page);

        browser.post("/actions/recheck", Map.of("csrf", browser.csrf(), "key", ID_B));
        page = browser.get("/").body();
        assertTrue(page.contains("Done.") && page.contains("stat...2222: Gemini accepts the key (state now ACTIVE)"), page);
        assertFalse(browser.get("/").body().contains("Done."), "a message is shown once");

        String log = appLog();
        assertTrue(log.matches("(?s).*Status page: recheck key #" + ID_A + " by administrator \\(login [0-9a-f]{6} from 127\\.0\\.0\\.1\\): FAILED stat\\.\\.\\.1111: API key not valid.*"), log);
        assertTrue(log.contains("Status page: recheck key #" + ID_B + " by administrator"), log);
    }

    @Test
    void keysAreDisabledEnabledAndAddedFromThePageAndEachActionIsLogged() throws Exception {
        start(Map.of());
        PageClient browser = new PageClient(gateway.baseUrl());
        browser.login(TestGateway.PASSWORD);
        String page = browser.get("/").body();
        assertTrue(page.contains(">Disable</button>") && page.contains("<button type=\"submit\">Re-check</button>"), page);

        browser.post("/actions/disable", Map.of("csrf", browser.csrf(), "key", ID_A));
        page = browser.get("/").body();
        assertTrue(page.contains("Done.") && page.contains("state-DISABLED"), page);
        browser.post("/actions/enable", Map.of("csrf", browser.csrf(), "key", ID_A));
        assertFalse(browser.get("/").body().contains("state-DISABLED"));

        String newKey = "AIzaNewKeyFromTheStatusPage0000000001";
        LogScan.secret(newKey);
        browser.post("/actions/add-keys", Map.of("csrf", browser.csrf(), "keys", newKey + "\n"));
        page = browser.get("/").body();
        assertTrue(page.contains("AIza...0001"), "the added key shows, masked: " + page);
        assertFalse(page.contains(newKey));

        String log = appLog();
        assertTrue(log.contains("Status page: disable key #" + ID_A + " by administrator"), log);
        assertTrue(log.contains("Status page: enable key #" + ID_A + " by administrator"), log);
        assertTrue(log.contains("Status page: add-keys [AIza...0001] by administrator"), log);
        assertEquals(404, browser.post("/actions/explode", Map.of("csrf", browser.csrf())).statusCode());
    }

    @Test
    void aCooldownIsClearedFromThePage() throws Exception {
        start(Map.of());
        assertEquals(200, Http.send(Http.authorized(gateway.baseUrl() + "/v1/models")).statusCode());
        fake.key(KEY_A, KeyBehavior.quotaPerMinute(Duration.ofSeconds(90)));
        twoChatsAfterTheModelList(Map.of());
        PageClient browser = new PageClient(gateway.baseUrl());
        browser.login(TestGateway.PASSWORD);
        assertTrue(browser.get("/").body().contains("state-COOLING"));

        browser.post("/actions/clear-cooldown", Map.of("csrf", browser.csrf(), "key", ID_A, "model", "gemini-2.5-flash"));
        String page = browser.get("/").body();
        assertTrue(page.contains("Done.") && page.contains("1 cooldowns cleared for gemini-2.5-flash"), page);
        assertFalse(page.contains("state-COOLING"), page);
        assertTrue(appLog().contains("Status page: clear-cooldown key #" + ID_A + " for gemini-2.5-flash by administrator"), appLog());
    }

    @Test
    void everythingShownIsEscapedKeyLabelsHeadersAndGooglesMessages() throws Exception {
        start(Map.of());
        assertEquals(200, Http.send(Http.authorized(gateway.baseUrl() + "/v1/models")).statusCode());
        fake.key(KEY_A, KeyBehavior.failsWith(com.geminigateway.testing.GeminiError.of(503, "UNAVAILABLE",
                "<img src=x onerror=alert(2)> overloaded")));
        twoChatsAfterTheModelList(Map.of("User-Agent", "<svg onload=alert(3)>"));
        PageClient browser = new PageClient(gateway.baseUrl());
        browser.login(TestGateway.PASSWORD);
        // A "key" with markup: refused by the key syntax, and the refusal names it masked and escaped.
        browser.get("/");
        browser.post("/actions/add-keys", Map.of("csrf", browser.csrf(), "keys", "<script>alert(1)</script>"));
        String page = browser.get("/").body();

        assertTrue(page.contains("&lt;scr...ipt&gt;"), "the key label, escaped: " + page);
        assertTrue(page.contains("&lt;img src=x onerror=alert(2)&gt; overloaded"), "Google's message, escaped");
        assertTrue(page.contains("&lt;svg onload=alert(3)&gt;"), "the client's User-Agent, escaped");
        assertFalse(page.contains("<scr...") || page.contains("<img src=x") || page.contains("<svg onload"), page);
    }

    @Test
    void aLoginEndsAfterInactivityByTheGatewaysClock() throws Exception {
        start(Map.of("STATUS_SESSION_MINUTES", "5"));
        PageClient browser = new PageClient(gateway.baseUrl());
        browser.login(TestGateway.PASSWORD);
        String token = PageClient.csrfOf(browser.get("/").body());
        clock.advance(Duration.ofMinutes(4));
        assertEquals(200, browser.get("/").statusCode());
        clock.advance(Duration.ofMinutes(4));
        assertEquals(200, browser.get("/").statusCode(), "activity keeps the login alive");

        clock.advance(Duration.ofMinutes(6));
        HttpResponse<String> expired = browser.get("/");
        assertEquals(302, expired.statusCode());
        assertEquals("/login?expired=1", expired.headers().firstValue("Location").orElseThrow());
        assertTrue(browser.get("/login?expired=1").body().contains("Your session expired"));
        HttpResponse<String> late = browser.post("/actions/recheck", Map.of("csrf", token, "key", ID_A));
        assertEquals(302, late.statusCode(), "an expired login takes no action");
        assertEquals("/login", PageClient.location(late));
    }

    @Test
    void logoutEndsTheSession() {
        start(Map.of());
        PageClient browser = new PageClient(gateway.baseUrl());
        browser.login(TestGateway.PASSWORD);
        browser.get("/");
        HttpResponse<String> out = browser.post("/logout", Map.of("csrf", browser.csrf()));
        assertEquals(302, out.statusCode());
        assertEquals(302, browser.get("/").statusCode());
    }

    @Test
    void withProtectionOffThePageIsPublicButShowsNoSecretsAndOffersNoActions() throws Exception {
        start(Map.of("PROTECT_STATUS_PAGE", "false"));
        assertEquals(200, Http.send(Http.authorized(gateway.baseUrl() + "/v1/models")).statusCode());
        fake.key(KEY_A, KeyBehavior.quotaPerMinute(Duration.ofSeconds(90)));
        twoChatsAfterTheModelList(Map.of("User-Agent", "curl/8.0"));
        PageClient visitor = new PageClient(gateway.baseUrl());

        HttpResponse<String> page = visitor.get("/");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("state-COOLING") && html.contains("1m 30s"), html);
        assertTrue(html.contains("quota_minute"), "errors are listed");
        for (String hidden : new String[] {"stat...1111", "You exceeded", "curl/8.0", "Effective configuration",
                "GEMINI_BASE_URL", "name=\"csrf\"", "/actions/", "Clients today"}) {
            assertFalse(html.contains(hidden), hidden + " must not be public: " + html);
        }
        assertTrue(html.contains("Public view"));
        assertNull(visitor.cookie("JSESSIONID"), "no session for a visitor");
        HttpResponse<String> action = visitor.post("/actions/recheck", Map.of("key", "1"));
        assertEquals(302, action.statusCode());
        assertEquals("/login", PageClient.location(action));

        visitor.login(TestGateway.PASSWORD);
        String admin = visitor.get("/").body();
        assertTrue(admin.contains("stat...1111") && admin.contains("name=\"csrf\"") && admin.contains("curl/8.0"), admin);
    }

    @Test
    void linksRedirectsAndTheCookieStayUnderTheContextPath() {
        start(Map.of(TestGateway.CONTEXT_PATH, "/gateway"));
        PageClient browser = new PageClient(gateway.baseUrl());
        assertTrue(gateway.baseUrl().endsWith("/gateway"));

        HttpResponse<String> first = browser.get("/");
        assertEquals("/gateway/login", PageClient.location(first));
        HttpResponse<String> form = browser.get("/login");
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("Path=/gateway"), cookie);
        assertTrue(form.body().contains("action=\"/gateway/login\""), form.body());
        assertTrue(form.body().contains("href=\"/gateway/static/status.css\""), form.body());
        HttpResponse<String> css = Http.send(Http.request(gateway.baseUrl() + "/static/status.css"));
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));

        HttpResponse<String> login = browser.post("/login", Map.of("csrf", browser.csrf(), "password", TestGateway.PASSWORD));
        assertEquals("/gateway/", PageClient.location(login));
        String page = browser.get("/").body();
        assertTrue(page.contains("action=\"/gateway/actions/recheck\"") && page.contains("action=\"/gateway/logout\""), page);
    }

    @Test
    void chineseWhenTheBrowserPrefersItWithASwitchThatSticks() {
        start(Map.of());
        PageClient browser = new PageClient(gateway.baseUrl()).header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5");
        HttpResponse<String> zh = browser.get("/login");
        assertTrue(zh.body().contains("网关密码") && zh.body().contains("lang=\"zh-CN\""), zh.body());

        HttpResponse<String> en = browser.get("/login?lang=en");
        assertTrue(en.body().contains("Gateway password"), en.body());
        assertTrue(en.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("gateway_lang=en") && c.contains("SameSite=Strict")));
        assertTrue(browser.get("/login").body().contains("Gateway password"), "the choice outlasts Accept-Language");

        browser.login(TestGateway.PASSWORD);
        assertTrue(browser.get("/?lang=zh").body().contains("Gemini 密钥"));
    }
}
