package com.geminigateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.net.ClientAddressResolver;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String KEY_1 = "AIzaSyAAAAAAAAAAAAAAAAAAAAAAAAAAA01";
    private static final String KEY_2 = "AIzaSyBBBBBBBBBBBBBBBBBBBBBBBBBBB02";
    private static final String NO_KEYS_WARNING =
            "No GEMINI_API_KEYS configured: requests will be answered with 503 until keys are added";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> context = new HashMap<>();
    private final Properties system = new Properties();

    private LoadedConfig load() {
        return ConfigLoader.load(ConfigSources.of(env, context, system, dir));
    }

    private ConfigException loadFails() {
        return assertThrows(ConfigException.class, this::load);
    }

    private void write(String relativePath, String... lines) throws IOException {
        Path file = dir.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void defaultsApplyWhenNothingIsConfigured() {
        LoadedConfig loaded = load();
        GatewayConfig c = loaded.config();

        assertEquals(List.of(), c.geminiApiKeys());
        assertEquals(Optional.empty(), c.password());
        assertEquals(new GatewayConfig.Server("0.0.0.0", 7860, Duration.ofSeconds(20)), c.server());
        assertEquals(new GatewayConfig.Upstream(URI.create("https://generativelanguage.googleapis.com"),
                Duration.ofSeconds(10), Duration.ofSeconds(120), 3, GatewayConfig.Proxies.none(), Optional.empty()),
                c.upstream());
        assertEquals(new GatewayConfig.Limits(30, 600, 20, 32L * 1024 * 1024, 2048, 20L * 1024 * 1024,
                Duration.ofSeconds(60)), c.limits());
        assertEquals(List.of(), c.access().trustedProxies());
        assertEquals(ClientAddressResolver.Header.X_FORWARDED_FOR, c.access().forwardedHeader());
        assertEquals(new GatewayConfig.Logging(dir.resolve("logs"), 10L * 1024 * 1024, 5, "midnight", 30, false), c.logging());
        assertEquals(new GatewayConfig.Reports(Duration.ofMinutes(30), "INFO"), c.reports());
        assertEquals(new GatewayConfig.Monitoring(Duration.ofMinutes(60), Optional.empty()), c.monitoring());
        assertEquals(Duration.ofSeconds(10), c.heartbeatInterval());
        assertEquals(Duration.ofMinutes(10), c.modelsRefresh());
        assertFalse(c.disableSafetyFiltering());
        assertTrue(c.protectStatusPage());
        assertFalse(c.debug());
        assertEquals(dir.resolve("data"), c.dataDir());
        assertEquals(Optional.empty(), c.configFile());

        assertEquals(List.of(NO_KEYS_WARNING), loaded.warnings());
        assertEquals(Setting.ALL.stream().map(Setting::name).toList(), List.copyOf(loaded.origins().keySet()));
        assertTrue(loaded.origins().values().stream().allMatch("default"::equals), loaded.origins().toString());
    }

    @Test
    void eachSourceOverridesTheOneBelowIt() throws IOException {
        write("conf/gateway.properties", "PORT=1001");
        assertPort(1001, "file conf/gateway.properties");

        write(".env", "PORT=1002");
        assertPort(1002, ".env");

        env.put("PORT", "1003");
        assertPort(1003, "environment");

        context.put("PORT", "1004");
        assertPort(1004, "context parameter");

        system.setProperty("PORT", "1005");
        assertPort(1005, "system property");
    }

    private void assertPort(int expected, String origin) {
        LoadedConfig loaded = load();
        assertEquals(expected, loaded.config().server().port());
        assertEquals(origin, loaded.origins().get("PORT"));
    }

    @Test
    void sourcesOnlyOverrideTheNamesTheySet() throws IOException {
        write("conf/gateway.properties", "PORT=1001", "HOST=file-host", "MAX_ATTEMPTS=5");
        write(".env", "HOST=dotenv-host", "DEBUG=yes");
        env.put("DEBUG", "off");
        system.setProperty("MAX_REQUESTS_PER_MINUTE", "0");

        LoadedConfig loaded = load();
        GatewayConfig c = loaded.config();

        assertEquals(new GatewayConfig.Server("dotenv-host", 1001, Duration.ofSeconds(20)), c.server());
        assertEquals(5, c.upstream().maxAttempts());
        assertFalse(c.debug());
        assertEquals(0, c.limits().maxRequestsPerMinute());
        assertEquals("file conf/gateway.properties", loaded.origins().get("PORT"));
        assertEquals(".env", loaded.origins().get("HOST"));
        assertEquals("environment", loaded.origins().get("DEBUG"));
        assertEquals("system property", loaded.origins().get("MAX_REQUESTS_PER_MINUTE"));
        assertEquals("default", loaded.origins().get("READ_TIMEOUT_SECONDS"));
        assertEquals(Optional.of(dir.resolve("conf/gateway.properties")), c.configFile());
    }

    @Test
    void explicitConfigFileResolvesAgainstWorkingDirectory() throws IOException {
        write("elsewhere/custom.properties", "PORT=2222");
        write("conf/gateway.properties", "PORT=1111");
        env.put("GATEWAY_CONFIG", "elsewhere/custom.properties");

        LoadedConfig loaded = load();

        assertEquals(2222, loaded.config().server().port());
        assertEquals(Optional.of(dir.resolve("elsewhere/custom.properties")), loaded.config().configFile());
        assertEquals("file elsewhere/custom.properties", loaded.origins().get("PORT"));
        assertEquals("environment", loaded.origins().get("GATEWAY_CONFIG"));
    }

    @Test
    void systemPropertyNamesTheConfigFileOverEnvironment() throws IOException {
        write("b.properties", "PORT=3333");
        env.put("GATEWAY_CONFIG", "missing.properties");
        system.setProperty("GATEWAY_CONFIG", dir.resolve("b.properties").toString());

        LoadedConfig loaded = load();

        assertEquals(3333, loaded.config().server().port());
        assertEquals("system property", loaded.origins().get("GATEWAY_CONFIG"));
    }

    @Test
    void explicitlyNamedMissingConfigFileIsAnError() {
        context.put("GATEWAY_CONFIG", "conf/nope.properties");

        ConfigException e = loadFails();

        assertEquals(List.of("GATEWAY_CONFIG='conf/nope.properties' (from context parameter): expected an existing file, but "
                + dir.resolve("conf/nope.properties") + " is not one"), e.problems());
    }

    @Test
    void gatewayConfigInsideDotEnvIsIgnoredWithAWarning() throws IOException {
        write("other.properties", "PORT=4444");
        write(".env", "GATEWAY_CONFIG=other.properties");

        LoadedConfig loaded = load();

        assertEquals(7860, loaded.config().server().port());
        assertEquals("default", loaded.origins().get("GATEWAY_CONFIG"));
        assertTrue(loaded.warnings().contains("GATEWAY_CONFIG in .env is ignored: "
                + "set it in the environment, a context parameter or a system property"), loaded.warnings().toString());
    }

    @Test
    void propertiesFileIsReadAsUtf8EvenWithByteOrderMark() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/gateway.properties"), "\uFEFFPASSWORD=pässwörd\nPORT=9000\n",
                StandardCharsets.UTF_8);

        LoadedConfig loaded = load();

        assertEquals(Optional.of("pässwörd"), loaded.config().password());
        assertEquals(9000, loaded.config().server().port());
        assertEquals(List.of(NO_KEYS_WARNING), loaded.warnings());
    }

    @Test
    void dotEnvSupportsQuotesExportCommentsAndMultiLineKeyLists() throws IOException {
        write(".env",
                "# keys, one per line",
                "export GEMINI_API_KEYS=\"",
                "  " + KEY_1,
                "  " + KEY_2,
                "  " + KEY_1,
                "\"",
                "PASSWORD='s3cret # not a comment'",
                "HOST=127.0.0.1 # loopback only",
                "REPORT_LOG_LEVEL=warning");

        GatewayConfig c = load().config();

        assertEquals(List.of(KEY_1, KEY_2), c.geminiApiKeys());
        assertEquals(Optional.of("s3cret # not a comment"), c.password());
        assertEquals("127.0.0.1", c.server().host());
        assertEquals("WARN", c.reports().logLevel());
    }

    @Test
    void keyListFromEnvironmentIsSplitAndDeduplicated() {
        env.put("GEMINI_API_KEYS", KEY_2 + ", " + KEY_1 + "\n" + KEY_2 + " k3");

        assertEquals(List.of(KEY_2, KEY_1, "k3"), load().config().geminiApiKeys());
    }

    @Test
    void valuesAreTrimmedAndConverted() {
        env.put("PORT", "  8080 ");
        env.put("GEMINI_BASE_URL", " https://proxy.example/v/ ");
        env.put("MAX_REQUEST_BODY_MB", "2");
        env.put("MAX_LOG_SIZE", "3");
        env.put("LOG_ROTATION_INTERVAL", "Weekly");
        env.put("LOG_DIR", "/var/log/gateway");
        env.put("DATA_DIR", "state/../store");
        env.put("HEARTBEAT_SECONDS", "15");
        env.put("MODELS_REFRESH_MINUTES", "60");
        env.put("PASSWORD", "   ");

        GatewayConfig c = load().config();

        assertEquals(8080, c.server().port());
        assertEquals(URI.create("https://proxy.example/v"), c.upstream().baseUrl());
        assertEquals(2L * 1024 * 1024, c.limits().maxRequestBodyBytes());
        assertEquals(3L * 1024 * 1024, c.logging().maxFileSizeBytes());
        assertEquals("weekly", c.logging().rotationInterval());
        assertEquals(Path.of("/var/log/gateway"), c.logging().dir());
        assertEquals(dir.resolve("store"), c.dataDir());
        assertEquals(Duration.ofSeconds(15), c.heartbeatInterval());
        assertEquals(Duration.ofHours(1), c.modelsRefresh());
        assertEquals(Optional.empty(), c.password());
    }

    @Test
    void singleInvalidValueGivesTheDocumentedMessage() {
        env.put("PORT", "abc");

        ConfigException e = loadFails();

        assertEquals("Invalid configuration: PORT='abc' (from environment): expected a whole number from 1 to 65535",
                e.getMessage());
    }

    @Test
    void invalidValuesFromAllSourcesAreReportedTogether() throws IOException {
        write("conf/gateway.properties", "GEMINI_BASE_URL=ftp://files.example");
        write(".env", "REPORT_LOG_LEVEL=LOUD");
        env.put("PORT", "abc");
        env.put("HOST", " ");
        context.put("MAX_ATTEMPTS", "0");
        system.setProperty("DEBUG", "maybe");

        ConfigException e = loadFails();

        assertEquals(List.of(
                "PORT='abc' (from environment): expected a whole number from 1 to 65535",
                "HOST='' (from environment): expected a host name or IP address",
                "GEMINI_BASE_URL='ftp://files.example' (from file conf/gateway.properties): "
                        + "expected an absolute http:// or https:// URL without query or fragment",
                "MAX_ATTEMPTS='0' (from context parameter): expected a whole number from 1 to 20",
                "REPORT_LOG_LEVEL='LOUD' (from .env): expected one of DEBUG, INFO, WARNING, WARN, ERROR",
                "DEBUG='maybe' (from system property): expected true/false, yes/no, on/off or 1/0"),
                e.problems());
        for (String problem : e.problems()) {
            assertTrue(e.getMessage().contains(problem), problem);
        }
        assertTrue(e.getMessage().startsWith("Invalid configuration: "));
    }

    @Test
    void fileProblemsAndValueProblemsAreReportedTogether() throws IOException {
        write(".env", "PORT=1", "oops", "HOST=x");
        env.put("MAX_LOG_BACKUPS", "-1");

        ConfigException e = loadFails();

        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith(".env line 2: expected KEY=VALUE"), e.problems().get(0));
        assertEquals("MAX_LOG_BACKUPS='-1' (from environment): expected a whole number from 0 to 1000",
                e.problems().get(1));
    }

    @Test
    void errorMessageNeverContainsKeysOrPassword() throws IOException {
        write(".env",
                "GEMINI_API_KEYS=" + KEY_1,
                KEY_2, // a second key pasted on its own line
                "PASSWORD=hunter2hunter2");
        env.put("PORT", "99999");
        system.setProperty("PASSWORD", "sysprop-password-value");

        ConfigException e = loadFails();

        assertEquals(2, e.problems().size(), e.problems().toString());
        for (String secret : List.of(KEY_1, KEY_2, "hunter2hunter2", "sysprop-password-value")) {
            assertFalse(e.getMessage().contains(secret), "message reveals " + secret);
        }
    }

    @Test
    void longAndMultiLineInvalidValuesStayOnOneShortLine() {
        env.put("HOST", "");
        env.put("LOG_ROTATION_INTERVAL", "x".repeat(200) + "\nsecond line");

        ConfigException e = loadFails();

        String rotation = e.problems().get(1);
        assertFalse(rotation.contains("\n"));
        assertTrue(rotation.startsWith("LOG_ROTATION_INTERVAL='" + "x".repeat(80) + "...' (from environment)"), rotation);
    }

    @Test
    void unknownNamesInFilesAreWarnedAboutButNotThoseInTheEnvironment() throws IOException {
        write("conf/gateway.properties", "PASWORD=typo", "PORT=8000");
        write(".env", "GEMINI_KEYS=k", "DEBUG=1");
        env.put("PATH", "/usr/bin");
        context.put("log4jConfiguration", "x");
        system.setProperty("java.version", "17");

        LoadedConfig loaded = load();

        assertEquals(List.of(
                "Unknown setting 'PASWORD' in conf/gateway.properties (ignored)",
                "Unknown setting 'GEMINI_KEYS' in .env (ignored)",
                NO_KEYS_WARNING), loaded.warnings());
        assertEquals(Optional.empty(), loaded.config().password());
        assertEquals(8000, loaded.config().server().port());
    }

    @Test
    void clientAccessSettings() {
        env.put("GEMINI_API_KEYS", KEY_1);
        env.put("TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7 fd00::/8");
        env.put("FORWARDED_HEADER", "forwarded");
        env.put("CLIENT_KEYS_FILE", "keys/clients.json");
        LoadedConfig loaded = load();
        GatewayConfig.Access access = loaded.config().access();
        assertEquals(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"),
                access.trustedProxies().stream().map(Object::toString).toList());
        assertEquals(ClientAddressResolver.Header.FORWARDED, access.forwardedHeader());
        assertEquals(dir.resolve("keys/clients.json"), access.clientKeysFile());
        assertEquals(List.of("CLIENT_KEYS_FILE " + dir.resolve("keys/clients.json")
                + " does not exist: only the shared PASSWORD is accepted until it is created"), loaded.warnings());
    }

    @Test
    void badProxyAddressesAndHeadersAreReported() {
        env.put("TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal");
        env.put("FORWARDED_HEADER", "X-Real-IP");
        List<String> problems = loadFails().problems();
        assertEquals(List.of(
                "TRUSTED_PROXIES='10.0.0.0/8, proxy.internal' (from environment): expected IP addresses or CIDR blocks (10.0.0.0/8, fd00::/8) separated by commas or spaces",
                "FORWARDED_HEADER='X-Real-IP' (from environment): expected X-Forwarded-For or Forwarded"), problems);
    }

    @Test
    void withKeysThereIsNoWarning() {
        env.put("GEMINI_API_KEYS", KEY_1);

        assertEquals(List.of(), load().warnings());
    }

    @Test
    void fromValuesOverridesDefaultsWithoutReadingFiles() {
        GatewayConfig c = ConfigLoader.fromValues(Map.of("PORT", "1234", "GEMINI_API_KEYS", "a b"));

        assertEquals(1234, c.server().port());
        assertEquals(List.of("a", "b"), c.geminiApiKeys());
        assertEquals(Optional.empty(), c.configFile());
        assertEquals(ConfigLoader.defaults().upstream(), c.upstream());
    }

    @Test
    void fromValuesRejectsUnknownNamesAndInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromValues(Map.of("PROT", "1")));
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromValues(Map.of("GATEWAY_CONFIG", "x")));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromValues(Map.of("PORT", "0")));
        assertEquals(List.of("PORT='0' (from supplied value): expected a whole number from 1 to 65535"), e.problems());
    }
}
