package com.geminigateway.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The real web application (webapp/WEB-INF/web.xml, classes from the test class path) on an embedded
 * Tomcat on a free loopback port, configured through servlet context parameters as an administrator
 * would configure a deployed WAR.
 */
public final class TestGateway implements AutoCloseable {

    public static final String PASSWORD = "test-password-123";

    private final Tomcat tomcat;
    private final Path baseDir;
    private final Context context;

    private TestGateway(Tomcat tomcat, Path baseDir, Context context) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
        this.context = context;
    }

    /**
     * Settings on top of: the password above, a fresh data directory, no model limits, no start-up key
     * check, heartbeats every second.
     */
    public static TestGateway start(Map<String, String> settings) {
        return start(settings, Map.of());
    }

    /** @param connectorProperties Tomcat connector attributes, e.g. a short asyncTimeout */
    public static TestGateway start(Map<String, String> settings, Map<String, String> connectorProperties) {
        try {
            Path base = Files.createTempDirectory("gateway-test-");
            Map<String, String> params = new LinkedHashMap<>();
            params.put("PASSWORD", PASSWORD);
            params.put("DATA_DIR", base.resolve("data").toString());
            params.put("HEARTBEAT_SECONDS", "1");
            // No local quota limits and no background key checks, unless a test asks: request counts stay exact.
            params.put("MODEL_LIMITS_FILE", new File("src/test/resources/model-limits-none.json").getAbsolutePath());
            params.put("KEY_CHECK_AT_STARTUP", "false");
            params.putAll(settings);

            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            tomcat.getHost().setAppBase(Files.createDirectories(base.resolve("webapps")).toString());
            Connector connector = new Connector("HTTP/1.1");
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            connectorProperties.forEach(connector::setProperty);
            tomcat.setConnector(connector);
            tomcat.setAddDefaultWebXmlToWebapp(false);
            Context context = tomcat.addWebapp("", new File("webapp").getAbsolutePath());
            params.forEach((name, value) -> {
                if (value != null) {
                    context.addParameter(name, value);
                }
            });
            tomcat.start();
            if (context.getState() != LifecycleState.STARTED) {
                tomcat.stop();
                tomcat.destroy();
                throw new IllegalStateException("The web application did not start; see the test output");
            }
            return new TestGateway(tomcat, base, context);
        } catch (IOException | LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
    }

    public Path dataDir() {
        return baseDir.resolve("data");
    }

    public Context context() {
        return context;
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }
}
