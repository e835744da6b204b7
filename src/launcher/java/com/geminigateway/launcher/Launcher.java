package com.geminigateway.launcher;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.loader.WebappLoader;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.StandardRoot;
import org.apache.tomcat.util.scan.StandardJarScanFilter;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * {@code java -jar gemini-gateway.war}: runs this very WAR on an embedded Tomcat. It lives at the WAR
 * root, outside WEB-INF, so it sees only Tomcat; the web application reads its own configuration. Only
 * PORT and HOST matter here, looked up the same way (system property, environment, .env,
 * conf/gateway.properties, default).
 */
public final class Launcher {

    /** Same value as GatewayListener.DRAIN_ATTRIBUTE, which lives in the web application. */
    static final String DRAIN = "gemini-gateway.drain";

    private Launcher() {
    }

    static final String USAGE = """
            Usage: java -jar gemini-gateway.war [options]

            Runs Gemini Gateway on an embedded Tomcat. Every setting can also come from the environment,
            a .env file or conf/gateway.properties (see README.md); these options win over all of them.

              --port <n>      TCP port (PORT, default 7860)
              --host <addr>   address to bind (HOST, default 0.0.0.0)
              --conf <file>   properties file with settings (GATEWAY_CONFIG, default conf/gateway.properties)
              --data <dir>    data directory: password, state snapshots (DATA_DIR, default data)
              --training-run  start on loopback against a stand-in for Gemini, serve one request of each
                              kind, stop: with -XX:ArchiveClassesAtExit=FILE, writes a class-data archive
                              for -XX:SharedArchiveFile=FILE (see README.md, "Start-up")
              --help          this text
            """;

    /** {@code -Dconnector.maxThreads=200} sets any attribute of Tomcat's HTTP connector, for operators who tune it. */
    static final String CONNECTOR_PREFIX = "connector.";

    private static final java.util.Map<String, String> OPTIONS = java.util.Map.of(
            "--port", "PORT", "--host", "HOST", "--conf", "GATEWAY_CONFIG", "--data", "DATA_DIR");

    static final String TRAINING_RUN = "--training-run";

    public static void main(String[] args) throws Exception {
        boolean training = List.of(args).contains(TRAINING_RUN);
        applyOptions(List.of(args).stream().filter(arg -> !arg.equals(TRAINING_RUN)).toArray(String[]::new));
        TrainingRun trainingRun = training ? TrainingRun.start() : null;
        Path war = ownWar();
        int port = parsePort(setting("PORT", "7860"));
        String host = setting("HOST", "0.0.0.0");

        Path base = Files.createTempDirectory("gemini-gateway-");
        if (trainingRun != null) {
            trainingRun.keepFilesIn(base.resolve("training"));
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.getHost().setAppBase(Files.createDirectories(base.resolve("webapps")).toString());
        Connector connector = new SmallBufferConnector();
        connector.setPort(port);
        connector.setProperty("address", host);
        // Measured with bench/run.sh on one core: 8 request threads instead of 64 and no cap on requests per
        // keep-alive connection gave 8,100 instead of 5,500 req/s and 115 instead of 155 us CPU per request.
        // Requests never wait for Gemini on these threads (streams hold none), so a few per core suffice.
        connector.setProperty("maxThreads", Integer.toString(8 * Runtime.getRuntime().availableProcessors()));
        connector.setProperty("minSpareThreads", "2");
        connector.setProperty("maxKeepAliveRequests", "-1");
        connector.setProperty("maxConnections", "10000");
        // Each open connection holds a read and a write buffer: 4 KB instead of 8 KB each is plenty for JSON
        // requests and SSE events, and saves 12 KB per open stream (with the request-line buffer).
        connector.setProperty("socket.appReadBufSize", "4096");
        connector.setProperty("socket.appWriteBufSize", "4096");
        // Longest single wait for a client's request line, headers or next body bytes; the web application's
        // REQUEST_BODY_TIMEOUT_SECONDS bounds the whole body, so a trickling client cannot hold a thread.
        connector.setProperty("connectionTimeout", "20000");
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(CONNECTOR_PREFIX))
                .forEach(name -> {
                    if (!connector.setProperty(name.substring(CONNECTOR_PREFIX.length()), System.getProperty(name))) {
                        System.err.println("Ignored -D" + name + ": Tomcat's connector has no such attribute.");
                    }
                });
        tomcat.setConnector(connector);

        // No container default web.xml: it would register the JSP servlet, which is not on the class path.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Path webapp = ExtractedWebapp.prepare(war, base);
        Context context = tomcat.addWebapp("", webapp.toString());
        context.setResources(resources(context, webapp));
        context.setJarScanner(noJarScanning());
        if (trainingRun != null) {
            WebappLoader loader = new WebappLoader();
            loader.setLoaderClass(LinkingClassLoader.class.getName());
            context.setLoader(loader);
        }
        Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
        context.addServletMapping("/", "default");
        Tomcat.addDefaultMimeTypeMappings(context);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(tomcat, context, base), "gateway-shutdown"));
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            System.err.println("Gemini Gateway did not start; the reason is in the log above.");
            System.exit(1);
        }
        System.out.println("Gemini Gateway listening on http://" + host + ":" + port + "/v1");
        if (trainingRun != null) {
            try (trainingRun) {
                trainingRun.exercise(port);
                int linked = ((LinkingClassLoader) context.getLoader().getClassLoader()).linkLoadedClasses();
                System.out.println("Linked the " + linked + " classes the web application loaded, for the archive.");
            } catch (IOException e) {
                System.err.println(e.getMessage());
                System.exit(1);
            }
            System.out.println("Training run complete.");
            System.exit(0); // the shutdown hook stops the gateway; then the JVM writes its archive
        }
        tomcat.getServer().await();
    }

    /**
     * Tomcat gives every request a response buffer of 8 KB and 8,192 characters, held as long as the request
     * is open: for a stream, its whole life. The gateway writes bytes, never characters, and flushes each
     * event, so 4 KB is plenty and an open stream holds 12 KB less.
     */
    static final class SmallBufferConnector extends Connector {
        static final int RESPONSE_BUFFER = 4096;

        SmallBufferConnector() {
            super("HTTP/1.1");
        }

        @Override
        public org.apache.catalina.connector.Response createResponse(org.apache.coyote.Response coyoteResponse) {
            return new org.apache.catalina.connector.Response(coyoteResponse, RESPONSE_BUFFER);
        }
    }

    /**
     * Tomcat checks the canonical path of every file it looks up, every class included, so that a link cannot
     * lead outside the application: a tenth of a second of start-up on one core. This folder is ours (extracted
     * by the launcher into an owner-only folder), so on a case-sensitive file system the check is skipped. (On
     * a case-insensitive one it also guards WEB-INF against other spellings, so it stays.)
     */
    static StandardRoot resources(Context context, Path webapp) {
        StandardRoot root = new StandardRoot(context);
        root.setAllowLinking(!Files.exists(webapp.resolve("web-inf")));
        return root;
    }

    /**
     * web.xml is metadata-complete with an empty absolute ordering: no jar may contribute fragments,
     * initializers or static resources, so opening every jar (and the class path) to look for them is wasted.
     */
    static StandardJarScanner noJarScanning() {
        StandardJarScanFilter filter = new StandardJarScanFilter();
        filter.setDefaultPluggabilityScan(false);
        filter.setDefaultTldScan(false);
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setJarScanFilter(filter);
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        return scanner;
    }

    /** Options become system properties: the highest-precedence source, seen by the web application too. */
    static void applyOptions(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String setting = OPTIONS.get(name);
            if (setting == null) {
                fail("Unknown option '" + arg + "'.");
            }
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : (i + 1 < args.length ? args[++i] : null);
            if (value == null || value.isBlank()) {
                fail("Option " + name + " needs a value.");
            }
            System.setProperty(setting, value);
        }
    }

    private static void fail(String message) {
        System.err.println(message + "\n\n" + USAGE);
        System.exit(2);
    }

    /** SIGTERM: running streams finish (within SHUTDOWN_GRACE_SECONDS) while the server still serves them. */
    private static void stop(Tomcat tomcat, Context context, Path base) {
        try {
            tomcat.getConnector().pause(); // no new requests; the open connections go on
            if (context.getServletContext().getAttribute(DRAIN) instanceof Runnable drain) {
                drain.run();
            }
            tomcat.stop();
            tomcat.destroy();
        } catch (Exception e) {
            System.err.println("Error while stopping: " + e);
        }
        ExtractedWebapp.deleteQuietly(base);
    }

    private static Path ownWar() throws URISyntaxException {
        Path location = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(location)) {
            throw new IllegalStateException("Run the launcher from the WAR: java -jar target/gemini-gateway.war");
        }
        return location;
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        System.err.println("Invalid configuration: PORT='" + value + "': expected a whole number from 1 to 65535");
        System.exit(2);
        return -1;
    }

    /** Highest first: system property, environment, .env, the properties file, the default. */
    static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name);
        }
        if (value == null) {
            value = fromFile(Path.of(".env"), name);
        }
        if (value == null) {
            String configFile = System.getProperty("GATEWAY_CONFIG", System.getenv("GATEWAY_CONFIG"));
            value = fromFile(Path.of(configFile != null ? configFile : "conf/gateway.properties"), name);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String fromFile(Path file, String name) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return null; // the web application reads these files again and reports what is wrong
        }
        String value = properties.getProperty(name);
        if (value == null) {
            value = properties.getProperty("export " + name);
        }
        return value == null ? null : unquote(value.trim());
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
