package com.geminigateway.testing;

import com.geminigateway.app.Gateway;
import com.geminigateway.app.GatewayListener;
import com.geminigateway.logs.LogSetup;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;

/**
 * The real web application (webapp/WEB-INF/web.xml, classes from the test class path) on an embedded
 * Tomcat on a free loopback port, configured through servlet context parameters as an administrator
 * would configure a deployed WAR.
 */
public final class TestGateway implements AutoCloseable {

    public static final String PASSWORD = "test-password-123";
    /** Not a setting: the context path to deploy under ("" by default, e.g. "/gateway"). */
    public static final String CONTEXT_PATH = "test.contextPath";

    private final Tomcat tomcat;
    private final Path baseDir;
    private final Path logDir;
    private final Context context;

    private TestGateway(Tomcat tomcat, Path baseDir, Path logDir, Context context) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
        this.logDir = logDir;
        this.context = context;
    }

    /**
     * Settings on top of: the password above, a fresh data directory, no client rate limits (tests of
     * other things send many requests from one address), no model limits, no start-up key check,
     * heartbeats every second, the fake's URL when given.
     */
    public static TestGateway start(Map<String, String> settings) {
        return start(settings, Map.of());
    }

    /** @param connectorProperties Tomcat connector attributes, e.g. a short asyncTimeout */
    public static TestGateway start(Map<String, String> settings, Map<String, String> connectorProperties) {
        return start(settings, connectorProperties, null);
    }

    /** @param clock the gateway's clock (rate limits, daily resets, key expiry); null for the system clock */
    public static TestGateway start(Map<String, String> settings, Map<String, String> connectorProperties, Clock clock) {
        try {
            Path base = Files.createTempDirectory("gateway-test-");
            Map<String, String> params = new LinkedHashMap<>();
            params.put("PASSWORD", PASSWORD);
            params.put("DATA_DIR", base.resolve("data").toString());
            params.put("LOG_DIR", base.resolve("logs").toString());
            params.put("HEARTBEAT_SECONDS", "1");
            params.put("SHUTDOWN_GRACE_SECONDS", "2");
            params.put("MAX_REQUESTS_PER_MINUTE", "0");
            params.put("MAX_REQUESTS_PER_MINUTE_PER_IP", "0");
            params.put("MAX_REQUESTS_PER_DAY_PER_IP", "0");
            // No local quota limits and no background key checks, unless a test asks: request counts stay exact.
            params.put("MODEL_LIMITS_FILE", new File("src/test/resources/model-limits-none.json").getAbsolutePath());
            params.put("KEY_CHECK_AT_STARTUP", "false");
            params.putAll(settings);
            registerSecrets(params);

            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            tomcat.getHost().setAppBase(Files.createDirectories(base.resolve("webapps")).toString());
            Connector connector = new Connector("HTTP/1.1");
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            connector.setProperty("connectionTimeout", "20000"); // as the standalone server
            connectorProperties.forEach(connector::setProperty);
            tomcat.setConnector(connector);
            tomcat.setAddDefaultWebXmlToWebapp(false);
            Context context = tomcat.addWebapp(settings.getOrDefault(CONTEXT_PATH, ""), new File("webapp").getAbsolutePath());
            // As the standalone launcher does: static files (the status page's CSS and script).
            Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
            context.addServletMappingDecoded("/", "default");
            Tomcat.addDefaultMimeTypeMappings(context);
            StandardContext standard = (StandardContext) context;
            standard.setAltDDName(webXmlWithoutLog4jWeb(base).toString());
            // log4j-web is on the test class path, so Tomcat would also run its initializer: keep it out too.
            standard.setContainerSciFilter("org\\.apache\\.logging\\..*");
            params.forEach((name, value) -> {
                if (value != null && !name.equals(CONTEXT_PATH)) {
                    context.addParameter(name, value);
                }
            });
            if (clock != null) {
                context.addServletContainerInitializer(
                        (classes, servletContext) -> servletContext.setAttribute(GatewayListener.CLOCK_ATTRIBUTE, clock), null);
            }
            tomcat.start();
            if (context.getState() != LifecycleState.STARTED) {
                tomcat.stop();
                tomcat.destroy();
                throw new IllegalStateException("The web application did not start; see the test output");
            }
            return new TestGateway(tomcat, base, Path.of(params.get("LOG_DIR")), context);
        } catch (IOException | LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The real web.xml minus log4j-web's listener and filter (and, above, its initializer). Every test
     * gateway shares this JVM and its classes (not so in a container, where each web application has its
     * own class loader): log4j-web would bind the static loggers to the first gateway's logger context,
     * which stops with it. Real containers run the unmodified web.xml in ContainerMatrixIT.
     */
    private static Path webXmlWithoutLog4jWeb(Path dir) throws IOException {
        String xml = Files.readString(Path.of("webapp/WEB-INF/web.xml"));
        String stripped = xml
                .replaceAll("(?s)<listener>\\s*<listener-class>org\\.apache\\.logging\\.log4j\\.web\\.[^<]*</listener-class>\\s*</listener>", "")
                .replaceAll("(?s)<filter>\\s*<filter-name>log4jServletFilter</filter-name>.*?</filter>", "")
                .replaceAll("(?s)<filter-mapping>\\s*<filter-name>log4jServletFilter</filter-name>.*?</filter-mapping>", "");
        if (stripped.contains("org.apache.logging.log4j.web")) {
            throw new IllegalStateException("web.xml changed: update TestGateway.webXmlWithoutLog4jWeb");
        }
        Path file = dir.resolve("web.xml");
        Files.writeString(file, stripped);
        return file;
    }

    /** Scheme, host, port and context path, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + context.getPath();
    }

    /** Every secret this gateway knows is one its logs must never contain ({@link LogScan}). */
    private static void registerSecrets(Map<String, String> params) {
        LogScan.secret(params.get("PASSWORD"));
        LogScan.secret(params.get("METRICS_TOKEN"));
        String keys = params.get("GEMINI_API_KEYS");
        if (keys != null) {
            for (String key : keys.split("[,\\s]+")) {
                LogScan.secret(key);
            }
        }
    }

    public Path dataDir() {
        return baseDir.resolve("data");
    }

    /** Where this gateway writes its logs (LOG_DIR). */
    public Path logDir() {
        return logDir;
    }

    public Context context() {
        return context;
    }

    /**
     * Waits until every request has ended on the gateway's side: a response reaches the client a moment
     * before its access log line and metrics are written. Call it before reading access.log or /metrics: it
     * also writes out the buffered access lines, as the gateway does every second.
     */
    public void awaitRequestsEnded() {
        try {
            if (!Gateway.from(context.getServletContext()).telemetry().awaitIdle(Duration.ofSeconds(10))) {
                throw new AssertionError("requests still in flight after 10 s");
            }
            LogSetup.flushBuffered();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops as the launcher does on SIGTERM (no new requests, running streams drained, then the server), then
     * scans its log files for every known secret, failing the test if one is there.
     */
    @Override
    public void close() {
        try {
            tomcat.getConnector().pause();
            if (context.getServletContext().getAttribute(com.geminigateway.app.GatewayListener.DRAIN_ATTRIBUTE)
                    instanceof Runnable drain) {
                drain.run();
            }
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
        LogScan.assertClean(logDir);
    }
}
