package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.testing.Chromium;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.KeyBehavior;
import com.geminigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The status page in a real browser (headless Chromium, which .ci/run installs): log in, see the key table
 * with a live countdown, no script or CSP errors, and screenshots at laptop and phone widths under
 * target/screenshots for a person to look at. Skipped only when no Chromium can be found at all.
 */
@Timeout(120)
class StatusPageBrowserTest {

    static final String KEY_A = "AIzaBrowserTestKeyAaaaaaaaaaaaaaaa1111";
    static final String KEY_B = "AIzaBrowserTestKeyBbbbbbbbbbbbbb2222";
    static final Path SHOTS = Path.of("target", "screenshots");

    @Test
    void logsInSeesTheKeyTableAndLooksRightOnALaptopAndAPhone() throws Exception {
        Assumptions.assumeTrue(Chromium.find().isPresent(),
                "No Chromium found (install Debian's chromium package, or set CHROMIUM): the browser test cannot run");
        try (FakeGemini fake = FakeGemini.start();
             TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY_A + "," + KEY_B,
                     "GEMINI_BASE_URL", fake.baseUrl(), TestGateway.CONTEXT_PATH, "/gateway"));
             Chromium browser = Chromium.launch()) {
            // The model list first (it takes the first key at start-up), then the first key runs out: one of the
            // two chats tries it and moves on, so it is cooling down with a recent error.
            assertEquals(200, Http.send(Http.authorized(gateway.baseUrl() + "/v1/models")).statusCode());
            fake.key(KEY_A, KeyBehavior.quotaPerMinute(Duration.ofSeconds(90)));
            for (String agent : List.of("OpenAI/Python 1.99.0", "<img src=x id=injected onerror=alert(1)>")) {
                assertEquals(200, Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                        "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")
                        .header("User-Agent", agent)).statusCode());
            }
            gateway.awaitRequestsEnded();

            browser.viewport(1280, 900, 1, false);
            browser.navigate(gateway.baseUrl() + "/");
            assertTrue(browser.evaluate("location.pathname").asText().endsWith("/gateway/login"), "the login form first");
            browser.screenshot(SHOTS.resolve("status-login.png"));
            browser.evaluateAndAwaitLoad("document.getElementById('password').value = '" + TestGateway.PASSWORD + "';"
                    + " document.querySelector('form').submit(); true");

            assertEquals("/gateway/", browser.evaluate("location.pathname").asText());
            JsonNode keys = browser.evaluate("Array.from(document.querySelectorAll('table.keys td.key code')).map(c => c.textContent)");
            assertEquals("[\"AIza...1111\",\"AIza...2222\"]", keys.toString());
            JsonNode states = browser.evaluate("Array.from(document.querySelectorAll('table.keys .state')).map(s => s.className)");
            assertTrue(states.toString().contains("state-COOLING") && states.toString().contains("state-ACTIVE"), states.toString());
            String countdown = browser.evaluate("document.querySelector('.countdown').textContent").asText();
            assertTrue(countdown.matches("1m \\d\\ds|\\d+s"), "the script counts down: " + countdown);
            assertTrue(browser.evaluate("document.getElementById('injected') === null").asBoolean(),
                    "a User-Agent is shown as text, never as markup");
            assertTrue(browser.evaluate("document.body.textContent.includes('<img src=x id=injected')").asBoolean());
            assertTrue(browser.evaluate("getComputedStyle(document.querySelector('header.top')).display").asText().equals("flex"),
                    "the stylesheet is served under the context path");
            browser.screenshot(SHOTS.resolve("status-laptop.png"));

            browser.navigate(gateway.baseUrl() + "/?lang=zh");
            assertEquals("zh-CN", browser.evaluate("document.documentElement.lang").asText());
            assertEquals("Gemini 密钥", browser.evaluate("document.querySelector('main h2').textContent").asText());
            browser.screenshot(SHOTS.resolve("status-zh.png"));
            browser.navigate(gateway.baseUrl() + "/?lang=en");

            browser.viewport(390, 844, 2, true);
            browser.navigate(gateway.baseUrl() + "/");
            int width = browser.evaluate("document.documentElement.scrollWidth").asInt();
            assertTrue(width <= 390, "wide tables scroll inside their box, the page itself does not: " + width + " px");
            browser.screenshot(SHOTS.resolve("status-phone.png"));

            assertEquals(List.of(), browser.consoleProblems(), "no script errors and no Content-Security-Policy violations");
            assertTrue(Files.size(SHOTS.resolve("status-laptop.png")) > 10_000);
        }
    }
}
