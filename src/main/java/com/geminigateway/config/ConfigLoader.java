package com.geminigateway.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Loads the configuration from, lowest to highest precedence: built-in defaults, the properties
 * file, {@code .env}, the environment, servlet context parameters and system properties.
 *
 * <p>All problems are collected and reported together in one {@link ConfigException}.
 */
public final class ConfigLoader {

    static final String DEFAULT_CONFIG_FILE = "conf/gateway.properties";
    private static final String DOTENV = ".env";
    private static final String DEFAULT_ORIGIN = "default";
    private static final int MAX_SHOWN_VALUE_LENGTH = 80;

    /** A named source of raw values; {@code fromFile} sources cannot set GATEWAY_CONFIG. */
    private record Layer(String origin, Function<String, String> lookup, boolean fromFile) {
    }

    /** A trimmed raw value and where it came from. */
    private record RawValue(String text, String origin) {
    }

    private ConfigLoader() {
    }

    /**
     * @throws ConfigException listing every invalid setting and unreadable file
     */
    public static LoadedConfig load(ConfigSources sources) {
        Path workingDir = sources.workingDir();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Layer> processLayers = List.of(
                new Layer("environment", sources::environment, false),
                new Layer("context parameter", sources::contextParam, false),
                new Layer("system property", sources::systemProperty, false));

        RawValue configRef = resolve(Setting.GATEWAY_CONFIG, processLayers);
        Optional<Path> configFile = locateConfigFile(configRef, workingDir, problems);

        List<Layer> layers = new ArrayList<>();
        configFile.flatMap(file -> readProperties(file, workingDir, problems, warnings)).ifPresent(layers::add);
        readDotEnv(workingDir.resolve(DOTENV), problems, warnings).ifPresent(layers::add);
        layers.addAll(processLayers);

        return resolveAll(layers, workingDir, configFile, configRef.origin(), problems, warnings);
    }

    /**
     * Defaults overridden by the given values, reading no files or process state; for tests and
     * tools. Relative directories resolve against the current directory.
     *
     * @throws IllegalArgumentException for a name that is not a setting (or is GATEWAY_CONFIG)
     * @throws ConfigException          for invalid values
     */
    public static GatewayConfig fromValues(Map<String, String> values) {
        for (String name : values.keySet()) {
            if (Setting.byName(name).filter(s -> s != Setting.GATEWAY_CONFIG).isEmpty()) {
                throw new IllegalArgumentException("Not a setting: " + name);
            }
        }
        Map<String, String> copy = new HashMap<>(values);
        List<Layer> layers = List.of(new Layer("supplied value", copy::get, false));
        Path currentDir = Path.of("").toAbsolutePath();
        return resolveAll(layers, currentDir, Optional.empty(), DEFAULT_ORIGIN, new ArrayList<>(), new ArrayList<>())
                .config();
    }

    /** The built-in defaults alone. */
    public static GatewayConfig defaults() {
        return fromValues(Map.of());
    }

    private static LoadedConfig resolveAll(List<Layer> layers, Path workingDir, Optional<Path> configFile,
                                           String configOrigin, List<String> problems, List<String> warnings) {
        Map<String, String> origins = new LinkedHashMap<>();
        Map<Setting<?>, Object> parsed = new HashMap<>();
        for (Setting<?> setting : Setting.ALL) {
            if (setting == Setting.GATEWAY_CONFIG) {
                origins.put(setting.name(), configOrigin); // resolved and checked before the files were read
                continue;
            }
            RawValue raw = resolve(setting, layers);
            origins.put(setting.name(), raw.origin());
            try {
                parsed.put(setting, setting.parse(raw.text()));
            } catch (IllegalArgumentException e) {
                problems.add(invalid(setting, raw, setting.expectation()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        GatewayConfig config = build(new Values(parsed), workingDir, configFile);
        Path keysFile = config.access().clientKeysFile();
        if (!origins.get(Setting.CLIENT_KEYS_FILE.name()).equals(DEFAULT_ORIGIN) && !Files.isRegularFile(keysFile)) {
            warnings.add("CLIENT_KEYS_FILE " + keysFile + " does not exist: only the shared PASSWORD is accepted until it is created");
        }
        if (config.geminiApiKeys().isEmpty()) {
            warnings.add("No GEMINI_API_KEYS configured: requests will be answered with 503 until keys are added");
        }
        return new LoadedConfig(config, warnings, origins);
    }

    /** The value from the highest layer that has one, else the default. */
    private static RawValue resolve(Setting<?> setting, List<Layer> layers) {
        RawValue result = new RawValue(setting.defaultValue(), DEFAULT_ORIGIN);
        for (Layer layer : layers) {
            if (layer.fromFile() && setting == Setting.GATEWAY_CONFIG) {
                continue;
            }
            String text = layer.lookup().apply(setting.name());
            if (text != null) {
                result = new RawValue(text.strip(), layer.origin());
            }
        }
        return result;
    }

    /** An explicitly named file must exist; the default one is optional. */
    private static Optional<Path> locateConfigFile(RawValue ref, Path workingDir, List<String> problems) {
        Path file;
        try {
            file = workingDir.resolve(Setting.GATEWAY_CONFIG.parse(ref.text())).normalize();
        } catch (IllegalArgumentException e) {
            problems.add(invalid(Setting.GATEWAY_CONFIG, ref, Setting.GATEWAY_CONFIG.expectation()));
            return Optional.empty();
        }
        if (Files.isRegularFile(file)) {
            return Optional.of(file);
        }
        if (!ref.origin().equals(DEFAULT_ORIGIN)) {
            problems.add(invalid(Setting.GATEWAY_CONFIG, ref, "expected an existing file, but " + file + " is not one"));
        }
        return Optional.empty();
    }

    private static Optional<Layer> readProperties(Path file, Path workingDir,
                                                  List<String> problems, List<String> warnings) {
        String label = displayPath(file, workingDir);
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(readText(file)));
        } catch (IOException | IllegalArgumentException e) { // IAE: malformed \\uXXXX escape
            problems.add("Cannot read " + label + ": " + reason(e));
            return Optional.empty();
        }
        Map<String, String> values = new TreeMap<>(); // sorted, so warnings come in a stable order
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        return Optional.of(fileLayer("file " + label, label, values, warnings));
    }

    private static Optional<Layer> readDotEnv(Path file, List<String> problems, List<String> warnings) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = readText(file);
        } catch (IOException e) {
            problems.add("Cannot read " + DOTENV + ": " + reason(e));
            return Optional.empty();
        }
        DotEnvFile.Parsed parsed = DotEnvFile.parse(text, DOTENV);
        problems.addAll(parsed.problems());
        return Optional.of(fileLayer(DOTENV, DOTENV, parsed.values(), warnings));
    }

    /** Files hold only gateway settings, so any other name is most likely a typo worth a warning. */
    private static Layer fileLayer(String origin, String label, Map<String, String> values, List<String> warnings) {
        for (String name : values.keySet()) {
            if (name.equals(Setting.GATEWAY_CONFIG.name())) {
                warnings.add("GATEWAY_CONFIG in " + label
                        + " is ignored: set it in the environment, a context parameter or a system property");
            } else if (Setting.byName(name).isEmpty()) {
                warnings.add("Unknown setting '" + name + "' in " + label + " (ignored)");
            }
        }
        Map<String, String> copy = Map.copyOf(values);
        return new Layer(origin, copy::get, true);
    }

    /** UTF-8, without the byte order mark some Windows editors add (it would corrupt the first name). */
    private static String readText(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The JDK's messages for these are a bare number or path. */
    private static String reason(Exception e) {
        if (e instanceof CharacterCodingException) {
            return "not valid UTF-8";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String displayPath(Path file, Path workingDir) {
        return file.startsWith(workingDir) ? workingDir.relativize(file).toString() : file.toString();
    }

    /** E.g. {@code PORT='abc' (from environment): expected ...}; secret values are never shown. */
    private static String invalid(Setting<?> setting, RawValue raw, String expectation) {
        String shown = setting.isSecret() ? " (value hidden)" : "=" + quote(raw.text());
        return setting.name() + shown + " (from " + raw.origin() + "): " + expectation;
    }

    /** Keeps a problem on one readable line even for long or multi-line values. */
    private static String quote(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        if (oneLine.length() > MAX_SHOWN_VALUE_LENGTH) {
            oneLine = oneLine.substring(0, MAX_SHOWN_VALUE_LENGTH) + "...";
        }
        return "'" + oneLine + "'";
    }

    private static GatewayConfig build(Values v, Path workingDir, Optional<Path> configFile) {
        return new GatewayConfig(
                new GatewayConfig.Server(v.get(Setting.HOST), v.get(Setting.PORT),
                        Duration.ofSeconds(v.get(Setting.SHUTDOWN_GRACE_SECONDS))),
                new GatewayConfig.Upstream(
                        v.get(Setting.GEMINI_BASE_URL),
                        Duration.ofSeconds(v.get(Setting.CONNECT_TIMEOUT_SECONDS)),
                        Duration.ofSeconds(v.get(Setting.READ_TIMEOUT_SECONDS)),
                        v.get(Setting.MAX_ATTEMPTS),
                        new GatewayConfig.Proxies(v.get(Setting.UPSTREAM_PROXY), v.get(Setting.HTTPS_PROXY),
                                v.get(Setting.HTTP_PROXY), v.get(Setting.NO_PROXY)),
                        v.get(Setting.UPSTREAM_CA_BUNDLE).map(p -> workingDir.resolve(p).normalize())),
                new GatewayConfig.Limits(
                        v.get(Setting.MAX_REQUESTS_PER_MINUTE),
                        v.get(Setting.MAX_REQUESTS_PER_DAY_PER_IP),
                        v.get(Setting.MAX_REQUESTS_PER_MINUTE_PER_IP),
                        v.get(Setting.MAX_REQUEST_BODY_MB) * Setting.BYTES_PER_MB,
                        v.get(Setting.MAX_MESSAGES),
                        v.get(Setting.MAX_INLINE_DATA_MB) * Setting.BYTES_PER_MB,
                        Duration.ofSeconds(v.get(Setting.REQUEST_BODY_TIMEOUT_SECONDS))),
                new GatewayConfig.Access(
                        v.get(Setting.TRUSTED_PROXIES),
                        v.get(Setting.FORWARDED_HEADER),
                        workingDir.resolve(v.get(Setting.CLIENT_KEYS_FILE)).normalize()),
                new GatewayConfig.Logging(
                        workingDir.resolve(v.get(Setting.LOG_DIR)).normalize(),
                        v.get(Setting.MAX_LOG_SIZE) * Setting.BYTES_PER_MB,
                        v.get(Setting.MAX_LOG_BACKUPS),
                        v.get(Setting.LOG_ROTATION_INTERVAL),
                        v.get(Setting.LOG_RETENTION_DAYS),
                        v.get(Setting.LOG_PROMPTS)),
                new GatewayConfig.Reports(
                        Duration.ofMinutes(v.get(Setting.USAGE_REPORT_INTERVAL_MINUTES)),
                        v.get(Setting.REPORT_LOG_LEVEL)),
                new GatewayConfig.Pool(
                        workingDir.resolve(v.get(Setting.MODEL_LIMITS_FILE)).normalize(),
                        v.get(Setting.DEFAULT_KEY_TIER),
                        v.get(Setting.KEY_SCORE_WEIGHTS),
                        v.get(Setting.MAX_CONCURRENT_REQUESTS_PER_KEY),
                        v.get(Setting.KEY_CHECK_AT_STARTUP),
                        Duration.ofMinutes(v.get(Setting.KEY_REPROBE_MINUTES)),
                        Duration.ofHours(v.get(Setting.MODEL_REPROBE_HOURS)),
                        Duration.ofSeconds(v.get(Setting.SNAPSHOT_INTERVAL_SECONDS))),
                v.get(Setting.GEMINI_API_KEYS),
                v.get(Setting.PASSWORD),
                Duration.ofSeconds(v.get(Setting.HEARTBEAT_SECONDS)),
                Duration.ofMinutes(v.get(Setting.MODELS_REFRESH_MINUTES)),
                v.get(Setting.DISABLE_SAFETY_FILTERING),
                v.get(Setting.PROTECT_STATUS_PAGE),
                v.get(Setting.DEBUG),
                workingDir.resolve(v.get(Setting.DATA_DIR)).normalize(),
                configFile,
                new GatewayConfig.Conversion(
                        v.get(Setting.RETURN_REASONING),
                        v.get(Setting.REASONING_BUDGETS),
                        v.get(Setting.FILL_WRITE_TO_FILE_LINE_COUNT)),
                new GatewayConfig.ImageFetch(
                        v.get(Setting.IMAGE_URLS).equals("fetch"),
                        v.get(Setting.IMAGE_FETCH_MAX_MB) * Setting.BYTES_PER_MB,
                        Duration.ofSeconds(v.get(Setting.IMAGE_FETCH_TIMEOUT_SECONDS)),
                        v.get(Setting.IMAGE_FETCH_ALLOW_PRIVATE)),
                new GatewayConfig.Monitoring(
                        Duration.ofMinutes(v.get(Setting.STATUS_SESSION_MINUTES)),
                        v.get(Setting.METRICS_TOKEN)));
    }

    /** Parsed values keyed by setting; each was produced by that setting's own parser. */
    private record Values(Map<Setting<?>, Object> parsed) {
        @SuppressWarnings("unchecked")
        <T> T get(Setting<T> setting) {
            return (T) parsed.get(setting);
        }
    }
}
