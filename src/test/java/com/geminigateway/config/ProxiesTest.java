package com.geminigateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxiesTest {

    static final URI GEMINI = URI.create("https://generativelanguage.googleapis.com");
    static final Optional<URI> HTTPS = Optional.of(URI.create("http://proxy.corp:3128"));
    static final Optional<URI> HTTP = Optional.of(URI.create("http://plain.corp:8080"));

    @Test
    void picksTheProxyByTargetSchemeUnlessAnExplicitOneIsSet() {
        var env = new GatewayConfig.Proxies(Optional.empty(), HTTPS, HTTP, List.of());
        assertEquals(HTTPS, env.forTarget(GEMINI));
        assertEquals(HTTP, env.forTarget(URI.create("http://127.0.0.1:9000")));
        var explicit = new GatewayConfig.Proxies(Optional.of(URI.create("http://gw-proxy:1")), HTTPS, HTTP, List.of());
        assertEquals(Optional.of(URI.create("http://gw-proxy:1")), explicit.forTarget(GEMINI));
    }

    @Test
    void noProxyMatchesHostsSuffixesPortsAndStar() {
        for (String entry : List.of("generativelanguage.googleapis.com", ".googleapis.com", "googleapis.com",
                "googleapis.com:443", "*")) {
            var p = new GatewayConfig.Proxies(Optional.empty(), HTTPS, HTTP, List.of(entry));
            assertEquals(Optional.empty(), p.forTarget(GEMINI), entry);
        }
        var other = new GatewayConfig.Proxies(Optional.empty(), HTTPS, HTTP, List.of("example.com", "apis.com"));
        assertEquals(HTTPS, other.forTarget(GEMINI), "a suffix matches on a dot boundary only");
    }

    @Test
    void lowerCaseEnvironmentNamesCountWhenUpperCaseAreAbsent() {
        Map<String, String> env = new HashMap<>(Map.of("https_proxy", "http://a:1", "no_proxy", "x", "HTTP_PROXY", "http://b:2", "http_proxy", "http://c:3"));
        ConfigSources.withProxyAliases(env);
        assertEquals("http://a:1", env.get("HTTPS_PROXY"));
        assertEquals("x", env.get("NO_PROXY"));
        assertEquals("http://b:2", env.get("HTTP_PROXY"));
    }

    @Test
    void proxyPasswordsNeverShowInTheEffectiveConfiguration() {
        GatewayConfig c = ConfigLoader.fromValues(Map.of("HTTPS_PROXY", "http://bob:hunter2@proxy:3128"));
        assertEquals("http://***@proxy:3128", c.describe().get("HTTPS_PROXY"));
        assertEquals(false, c.toString().contains("hunter2"));
    }
}
