package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.KeyBehavior;
import com.geminigateway.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Logs go where the gateway's own settings say, and never contain a key or the password. */
@Timeout(30)
class LoggingTest {

    static final String KEY = "secret-gemini-key-0987654321";

    @Test
    void logsGoToLogDirAndHoldNoSecrets() throws Exception {
        try (FakeGemini fake = FakeGemini.start();
             TestGateway gateway = TestGateway.start(Map.of("GEMINI_API_KEYS", KEY, "GEMINI_BASE_URL", fake.baseUrl()))) {
            fake.key(KEY, KeyBehavior.SUSPENDED); // Google echoes the key in this error's message
            Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            Path appLog = gateway.logDir().resolve("app.log");
            String log = Files.readString(appLog);
            assertTrue(log.contains("Gemini Gateway started"), log);
            assertTrue(log.contains("secr...4321"), "keys appear masked: " + log);
            assertFalse(log.contains(KEY), "never the key itself");
            assertFalse(log.contains(TestGateway.PASSWORD), "never the password");
            assertTrue(Files.exists(gateway.logDir().resolve("error.log")));
        }
    }
}
