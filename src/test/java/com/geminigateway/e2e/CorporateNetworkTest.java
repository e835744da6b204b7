package com.geminigateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.ForwardProxy;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.TestCertificates;
import com.geminigateway.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Calls to Gemini through a company forward proxy, and over TLS re-signed by a company CA. */
@Timeout(60)
class CorporateNetworkTest {

    static final String CHAT = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"via proxy\"}]}";

    static HttpResponse<String> chat(TestGateway gateway) {
        return Http.send(Http.postJson(gateway.baseUrl() + "/v1/chat/completions", CHAT));
    }

    @Test
    void httpsThroughAnAuthenticatingProxyWithTheCompanyCaBundle(@TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        try (FakeGemini fake = FakeGemini.startTls(certificates.serverContext());
             ForwardProxy proxy = ForwardProxy.start("alice", "s3cret:pw");
             TestGateway gateway = TestGateway.start(Map.of(
                     "GEMINI_API_KEYS", "key-behind-proxy-1234",
                     "GEMINI_BASE_URL", fake.baseUrl(),
                     "HTTPS_PROXY", "http://alice:s3cret%3Apw@127.0.0.1:" + proxy.port(),
                     "UPSTREAM_CA_BUNDLE", certificates.caBundle().toString()))) {
            HttpResponse<String> r = chat(gateway);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("Echo: via proxy", Json.MAPPER.readTree(r.body()).at("/choices/0/message/content").asText());
            assertTrue(proxy.forwarded().stream().anyMatch(l -> l.startsWith("CONNECT 127.0.0.1:" + fake.port())),
                    proxy.forwarded().toString());
            assertEquals("key-behind-proxy-1234", fake.lastRequest().apiKey());
        }
    }

    @Test
    void withoutTheCompanyCaTheTlsFailureIsA502NotAHang(@TempDir Path dir) throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        try (FakeGemini fake = FakeGemini.startTls(certificates.serverContext());
             TestGateway gateway = TestGateway.start(Map.of(
                     "GEMINI_API_KEYS", "key-untrusted-tls-12345", "GEMINI_BASE_URL", fake.baseUrl()))) {
            HttpResponse<String> r = chat(gateway);
            assertEquals(502, r.statusCode(), r.body());
            assertTrue(fake.requests().isEmpty(), "nothing got through an untrusted TLS connection");
        }
    }

    @Test
    void plainHttpThroughTheProxyAndNoProxyBypass() throws Exception {
        try (FakeGemini fake = FakeGemini.start();
             ForwardProxy proxy = ForwardProxy.start(null, null)) {
            try (TestGateway gateway = TestGateway.start(Map.of(
                    "GEMINI_API_KEYS", "key-http-proxy-123456", "GEMINI_BASE_URL", fake.baseUrl(),
                    "HTTP_PROXY", "127.0.0.1:" + proxy.port()))) {
                assertEquals(200, chat(gateway).statusCode());
                assertTrue(proxy.forwarded().stream().anyMatch(l -> l.startsWith("POST http://127.0.0.1:" + fake.port()
                        + "/v1beta/models/gemini-2.5-flash:generateContent")), proxy.forwarded().toString());
            }
            int before = proxy.forwarded().size();
            try (TestGateway gateway = TestGateway.start(Map.of(
                    "GEMINI_API_KEYS", "key-no-proxy-123456789", "GEMINI_BASE_URL", fake.baseUrl(),
                    "HTTP_PROXY", "127.0.0.1:" + proxy.port(), "NO_PROXY", "localhost,127.0.0.1"))) {
                assertEquals(200, chat(gateway).statusCode());
                assertEquals(before, proxy.forwarded().size(), "NO_PROXY hosts are reached directly");
            }
        }
    }

    @Test
    void wrongProxyCredentialsEndInAClear502() throws Exception {
        try (FakeGemini fake = FakeGemini.start();
             ForwardProxy proxy = ForwardProxy.start("alice", "right");
             TestGateway gateway = TestGateway.start(Map.of(
                     "GEMINI_API_KEYS", "key-bad-proxy-auth-1234", "GEMINI_BASE_URL", fake.baseUrl(),
                     "UPSTREAM_PROXY", "http://alice:wrong@127.0.0.1:" + proxy.port()))) {
            HttpResponse<String> r = chat(gateway);
            assertTrue(r.statusCode() >= 500, r.statusCode() + " " + r.body());
            assertTrue(proxy.rejected() > 0);
            assertFalse(r.body().contains("wrong"), "the proxy password is never echoed");
            assertTrue(fake.requests().isEmpty());
        }
    }
}
