package com.geminigateway.config;

import com.geminigateway.net.Cidr;
import com.geminigateway.net.ClientAddressResolver;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One configuration setting: its name, default, description, how its text is parsed and how its
 * effective value is displayed. Every setting is defined exactly once, here; the loader, the
 * validation messages, {@link GatewayConfig#describe()} and the README table all read these.
 *
 * <p>Names are environment-variable style and identical in every source (properties file, .env,
 * environment, servlet context parameters, system properties).
 *
 * @param <T> the type the text is parsed into
 */
public final class Setting<T> {

    /** Sizes given in MB are binary megabytes. */
    static final long BYTES_PER_MB = 1024L * 1024L;

    public static final Setting<List<String>> GEMINI_API_KEYS = secret("GEMINI_API_KEYS", "",
            "Gemini API keys separated by commas, spaces or newlines, each `KEY`, `KEY@PROJECT`, `KEY/TIER` or"
                    + " `KEY@PROJECT/TIER` (see Key pool); none = every request gets 503",
            ValueParser.keyList(),
            c -> count(c.geminiApiKeys().size()));

    public static final Setting<Optional<String>> PASSWORD = secret("PASSWORD", "",
            "Password clients send as the Bearer token; blank = a random one is generated at start-up",
            ValueParser.optionalText(),
            c -> c.password().isPresent() ? "set" : "not set (generated)");

    public static final Setting<Integer> PORT = plain("PORT", "7860",
            "TCP port of the standalone server",
            ValueParser.intRange(1, 65535),
            c -> Integer.toString(c.server().port()));

    public static final Setting<String> HOST = plain("HOST", "0.0.0.0",
            "Address the standalone server binds to",
            ValueParser.nonBlank("expected a host name or IP address"),
            c -> c.server().host());

    public static final Setting<URI> GEMINI_BASE_URL = plain("GEMINI_BASE_URL",
            "https://generativelanguage.googleapis.com",
            "Base URL of the Gemini API (trailing slashes are removed)",
            ValueParser.httpUrl(),
            c -> c.upstream().baseUrl().toString());

    public static final Setting<Integer> CONNECT_TIMEOUT_SECONDS = plain("CONNECT_TIMEOUT_SECONDS", "10",
            "Seconds allowed to connect to the Gemini API",
            ValueParser.atLeast(1),
            c -> Long.toString(c.upstream().connectTimeout().toSeconds()));

    public static final Setting<Integer> READ_TIMEOUT_SECONDS = plain("READ_TIMEOUT_SECONDS", "120",
            "Longest silence, in seconds, allowed between bytes from the Gemini API",
            ValueParser.atLeast(1),
            c -> Long.toString(c.upstream().readTimeout().toSeconds()));

    public static final Setting<Optional<URI>> UPSTREAM_PROXY = secret("UPSTREAM_PROXY", "",
            "Proxy for the calls to Gemini, e.g. http://user:password@proxy:3128; overrides HTTPS_PROXY/HTTP_PROXY",
            ValueParser.optionalProxyUrl(),
            c -> c.upstream().proxies().explicit().map(Setting::withoutUserInfo).orElse("(none)"));

    public static final Setting<Optional<URI>> HTTPS_PROXY = secret("HTTPS_PROXY", "",
            "Proxy for https upstream URLs (also read as https_proxy from the environment)",
            ValueParser.optionalProxyUrl(),
            c -> c.upstream().proxies().https().map(Setting::withoutUserInfo).orElse("(none)"));

    public static final Setting<Optional<URI>> HTTP_PROXY = secret("HTTP_PROXY", "",
            "Proxy for http upstream URLs (also read as http_proxy from the environment)",
            ValueParser.optionalProxyUrl(),
            c -> c.upstream().proxies().http().map(Setting::withoutUserInfo).orElse("(none)"));

    public static final Setting<List<String>> NO_PROXY = plain("NO_PROXY", "",
            "Hosts reached without the proxy: names, .domain suffixes, addresses, or * (also read as no_proxy)",
            ValueParser.hostList(),
            c -> String.join(",", c.upstream().proxies().noProxy()));

    public static final Setting<Optional<Path>> UPSTREAM_CA_BUNDLE = plain("UPSTREAM_CA_BUNDLE", "",
            "PEM file of extra CA certificates to trust for Gemini (TLS interception at the company edge)",
            ValueParser.optionalPath(),
            c -> c.upstream().caBundle().map(Path::toString).orElse(""));

    public static final Setting<Integer> MAX_ATTEMPTS = plain("MAX_ATTEMPTS", "3",
            "How many keys one request may try before giving up",
            ValueParser.intRange(1, 20),
            c -> Integer.toString(c.upstream().maxAttempts()));

    public static final Setting<Integer> MAX_REQUESTS_PER_MINUTE = plain("MAX_REQUESTS_PER_MINUTE", "30",
            "Requests per minute accepted from all clients together; 0 = unlimited",
            ValueParser.atLeast(0),
            c -> Integer.toString(c.limits().maxRequestsPerMinute()));

    public static final Setting<Integer> MAX_REQUESTS_PER_DAY_PER_IP = plain("MAX_REQUESTS_PER_DAY_PER_IP", "600",
            "Requests per day (days end at midnight Pacific time) accepted from one client IP address; 0 = unlimited",
            ValueParser.atLeast(0),
            c -> Integer.toString(c.limits().maxRequestsPerDayPerIp()));

    public static final Setting<Integer> MAX_REQUESTS_PER_MINUTE_PER_IP = plain("MAX_REQUESTS_PER_MINUTE_PER_IP", "20",
            "Requests per minute accepted from one client IP address, so one client cannot use up the global limit; 0 = unlimited",
            ValueParser.atLeast(0),
            c -> Integer.toString(c.limits().maxRequestsPerMinutePerIp()));

    public static final Setting<Integer> MAX_REQUEST_BODY_MB = plain("MAX_REQUEST_BODY_MB", "32",
            "Largest accepted request body, in MB",
            ValueParser.intRange(1, 1024),
            c -> Long.toString(c.limits().maxRequestBodyBytes() / BYTES_PER_MB));

    public static final Setting<Integer> MAX_MESSAGES = plain("MAX_MESSAGES", "2048",
            "Most messages accepted in one chat request",
            ValueParser.intRange(1, 1_000_000),
            c -> Integer.toString(c.limits().maxMessages()));

    public static final Setting<Integer> MAX_INLINE_DATA_MB = plain("MAX_INLINE_DATA_MB", "20",
            "Largest total of inline data (images, audio, files sent as base64) in one request, in MB after decoding",
            ValueParser.intRange(1, 1024),
            c -> Long.toString(c.limits().maxInlineDataBytes() / BYTES_PER_MB));

    public static final Setting<Integer> REQUEST_BODY_TIMEOUT_SECONDS = plain("REQUEST_BODY_TIMEOUT_SECONDS", "60",
            "Longest time, in seconds, a client may take to send its request body; slower senders get 408",
            ValueParser.intRange(1, 3600),
            c -> Long.toString(c.limits().requestBodyTimeout().toSeconds()));

    public static final Setting<List<Cidr>> TRUSTED_PROXIES = plain("TRUSTED_PROXIES", "",
            "Reverse proxies (addresses or CIDR blocks, separated by commas or spaces) whose FORWARDED_HEADER is believed; none = the connecting address is the client",
            ValueParser.cidrList(),
            c -> c.access().trustedProxies().stream().map(Cidr::toString).collect(Collectors.joining(", ")));

    public static final Setting<ClientAddressResolver.Header> FORWARDED_HEADER = plain("FORWARDED_HEADER", "X-Forwarded-For",
            "Header in which trusted proxies pass on the client address: X-Forwarded-For or Forwarded (RFC 7239)",
            ValueParser.forwardingHeader(),
            c -> c.access().forwardedHeader().headerName());

    public static final Setting<Path> CLIENT_KEYS_FILE = plain("CLIENT_KEYS_FILE", "conf/client-keys.json",
            "JSON file of named client keys with their own limits (see Client access), reloaded when it changes; the default is read only if it exists",
            ValueParser.path(),
            c -> c.access().clientKeysFile().toString());

    public static final Setting<Integer> SHUTDOWN_GRACE_SECONDS = plain("SHUTDOWN_GRACE_SECONDS", "20",
            "Seconds running streams may go on when the gateway stops; the rest then end with an error event",
            ValueParser.intRange(0, 600),
            c -> Long.toString(c.server().shutdownGrace().toSeconds()));

    public static final Setting<Integer> HEARTBEAT_SECONDS = plain("HEARTBEAT_SECONDS", "10",
            "Seconds between keep-alive comments on streaming responses",
            ValueParser.intRange(1, 300),
            c -> Long.toString(c.heartbeatInterval().toSeconds()));

    public static final Setting<Integer> MODELS_REFRESH_MINUTES = plain("MODELS_REFRESH_MINUTES", "10",
            "Minutes between refreshes of the model list",
            ValueParser.intRange(1, 1440),
            c -> Long.toString(c.modelsRefresh().toMinutes()));

    public static final Setting<Boolean> DISABLE_SAFETY_FILTERING = plain("DISABLE_SAFETY_FILTERING", "false",
            "Ask Gemini to switch off its safety filters",
            ValueParser.bool(),
            c -> Boolean.toString(c.disableSafetyFiltering()));

    public static final Setting<Boolean> RETURN_REASONING = plain("RETURN_REASONING", "false",
            "Return Gemini's thought summaries as reasoning_content even when the client does not ask for them"
                    + " (clients ask with include_reasoning or extra_body.google.thinking_config.include_thoughts)",
            ValueParser.bool(),
            c -> Boolean.toString(c.conversion().returnReasoning()));

    public static final Setting<Map<String, Integer>> REASONING_BUDGETS = plain("REASONING_BUDGETS",
            "minimal=1024,low=1024,medium=8192,high=24576",
            "Thinking budget (tokens) per reasoning_effort for Gemini 2.5 models; Gemini 3 models use thinking levels",
            ValueParser.reasoningBudgets(),
            c -> ValueParser.formatBudgets(c.conversion().reasoningBudgets()));

    public static final Setting<Boolean> FILL_WRITE_TO_FILE_LINE_COUNT = plain("FILL_WRITE_TO_FILE_LINE_COUNT", "false",
            "IDE compatibility (Roo Code, Cline): add the missing line_count to write_to_file tool calls",
            ValueParser.bool(),
            c -> Boolean.toString(c.conversion().fillWriteToFileLineCount()));

    public static final Setting<String> IMAGE_URLS = plain("IMAGE_URLS", "reject",
            "http(s) image URLs in chat messages: reject (400; send data URIs) or fetch (the gateway downloads them)",
            ValueParser.lowerCaseChoice("reject", "fetch"),
            c -> c.imageFetch().enabled() ? "fetch" : "reject");

    public static final Setting<Integer> IMAGE_FETCH_MAX_MB = plain("IMAGE_FETCH_MAX_MB", "20",
            "Largest image the gateway downloads, in MB",
            ValueParser.intRange(1, 100),
            c -> Long.toString(c.imageFetch().maxBytes() / BYTES_PER_MB));

    public static final Setting<Integer> IMAGE_FETCH_TIMEOUT_SECONDS = plain("IMAGE_FETCH_TIMEOUT_SECONDS", "10",
            "Seconds allowed to download one image",
            ValueParser.intRange(1, 120),
            c -> Long.toString(c.imageFetch().timeout().toSeconds()));

    public static final Setting<Boolean> IMAGE_FETCH_ALLOW_PRIVATE = plain("IMAGE_FETCH_ALLOW_PRIVATE", "false",
            "Allow image downloads from loopback, private and link-local addresses (off: such URLs get 400)",
            ValueParser.bool(),
            c -> Boolean.toString(c.imageFetch().allowPrivateNetworks()));

    public static final Setting<Boolean> PROTECT_STATUS_PAGE = plain("PROTECT_STATUS_PAGE", "true",
            "Require the password for the status page",
            ValueParser.bool(),
            c -> Boolean.toString(c.protectStatusPage()));

    public static final Setting<Integer> STATUS_SESSION_MINUTES = plain("STATUS_SESSION_MINUTES", "60",
            "Minutes of inactivity after which a status page login expires",
            ValueParser.intRange(1, 10080),
            c -> Long.toString(c.monitoring().sessionTimeout().toMinutes()));

    public static final Setting<Optional<String>> METRICS_TOKEN = secret("METRICS_TOKEN", "",
            "Bearer token /metrics requires; blank = /metrics is open (it shows counts, client names and model names, never secrets)",
            ValueParser.optionalText(),
            c -> c.monitoring().metricsToken().isPresent() ? "set" : "not set (open)");

    public static final Setting<Integer> USAGE_REPORT_INTERVAL_MINUTES = plain("USAGE_REPORT_INTERVAL_MINUTES", "30",
            "Minutes between usage reports in the log",
            ValueParser.intRange(1, 1440),
            c -> Long.toString(c.reports().interval().toMinutes()));

    public static final Setting<String> REPORT_LOG_LEVEL = plain("REPORT_LOG_LEVEL", "INFO",
            "Log level of usage reports: DEBUG, INFO, WARNING (= WARN) or ERROR",
            ValueParser.logLevel(),
            c -> c.reports().logLevel());

    public static final Setting<Integer> MAX_LOG_SIZE = plain("MAX_LOG_SIZE", "10",
            "Size, in MB, at which a log file is rotated",
            ValueParser.intRange(1, 10240),
            c -> Long.toString(c.logging().maxFileSizeBytes() / BYTES_PER_MB));

    public static final Setting<Integer> MAX_LOG_BACKUPS = plain("MAX_LOG_BACKUPS", "5",
            "Rotated log files kept",
            ValueParser.intRange(0, 1000),
            c -> Integer.toString(c.logging().maxBackups()));

    public static final Setting<String> LOG_ROTATION_INTERVAL = plain("LOG_ROTATION_INTERVAL", "midnight",
            "When error.log is rotated: midnight, hourly, daily or weekly (app.log rotates by size)",
            ValueParser.lowerCaseChoice("midnight", "hourly", "daily", "weekly"),
            c -> c.logging().rotationInterval());

    public static final Setting<Integer> LOG_RETENTION_DAYS = plain("LOG_RETENTION_DAYS", "30",
            "Rotated log files older than this many days are deleted (checked at each rotation); 0 = keep them",
            ValueParser.intRange(0, 3650),
            c -> Integer.toString(c.logging().retentionDays()));

    public static final Setting<Path> LOG_DIR = plain("LOG_DIR", "logs",
            "Directory for log files (relative to the working directory)",
            ValueParser.path(),
            c -> c.logging().dir().toString());

    public static final Setting<Path> MODEL_LIMITS_FILE = plain("MODEL_LIMITS_FILE", "conf/model_limits.json",
            "Quotas per model and tier (JSON, editable); when the file does not exist the built-in copy is used",
            ValueParser.path(),
            c -> c.pool().modelLimitsFile().toString());

    public static final Setting<String> DEFAULT_KEY_TIER = plain("DEFAULT_KEY_TIER", "free",
            "Tier (as named in the model limits file) of keys whose entry names none",
            ValueParser.word(),
            c -> c.pool().defaultTier());

    public static final Setting<GatewayConfig.ScoreWeights> KEY_SCORE_WEIGHTS = plain("KEY_SCORE_WEIGHTS",
            "RPD=0.60,TPD=0.20,RPM=0.15,TPM=0.05",
            "Weights of the remaining daily requests, daily tokens, requests per minute and tokens per minute in a key's health score",
            ValueParser.scoreWeights(),
            c -> c.pool().weights().toString());

    public static final Setting<Integer> MAX_CONCURRENT_REQUESTS_PER_KEY = plain("MAX_CONCURRENT_REQUESTS_PER_KEY", "0",
            "Requests one Gemini key may carry at the same time; 0 = no cap",
            ValueParser.atLeast(0),
            c -> Integer.toString(c.pool().maxConcurrentPerKey()));

    public static final Setting<Boolean> KEY_CHECK_AT_STARTUP = plain("KEY_CHECK_AT_STARTUP", "true",
            "Check every key in the background at start-up (invalid and suspended keys leave the rotation early)",
            ValueParser.bool(),
            c -> Boolean.toString(c.pool().checkKeysAtStartup()));

    public static final Setting<Integer> KEY_REPROBE_MINUTES = plain("KEY_REPROBE_MINUTES", "60",
            "Minutes between checks of keys that are invalid or suspended",
            ValueParser.intRange(1, 10080),
            c -> Long.toString(c.pool().keyReprobe().toMinutes()));

    public static final Setting<Integer> MODEL_REPROBE_HOURS = plain("MODEL_REPROBE_HOURS", "24",
            "Hours before a model that a key's project cannot use (quota limit 0) is tried again with it",
            ValueParser.intRange(1, 720),
            c -> Long.toString(c.pool().modelReprobe().toHours()));

    public static final Setting<Integer> SNAPSHOT_INTERVAL_SECONDS = plain("SNAPSHOT_INTERVAL_SECONDS", "5",
            "Seconds between saves of the key pool's counters and states to the data directory",
            ValueParser.intRange(1, 3600),
            c -> Long.toString(c.pool().snapshotInterval().toSeconds()));

    public static final Setting<Boolean> DEBUG = plain("DEBUG", "false",
            "Verbose logging for troubleshooting",
            ValueParser.bool(),
            c -> Boolean.toString(c.debug()));

    public static final Setting<Boolean> LOG_PROMPTS = plain("LOG_PROMPTS", "false",
            "Troubleshooting only: write request bodies (prompts, up to 64 KB each) to app.log; they may hold confidential data",
            ValueParser.bool(),
            c -> Boolean.toString(c.logging().logPrompts()));

    public static final Setting<Path> DATA_DIR = plain("DATA_DIR", "data",
            "Directory for persistent data such as usage counters (relative to the working directory)",
            ValueParser.path(),
            c -> c.dataDir().toString());

    /**
     * Where the properties file is. Only read from the environment, context parameters and system
     * properties: the file cannot name itself, and .env is read after it.
     */
    public static final Setting<Path> GATEWAY_CONFIG = plain("GATEWAY_CONFIG", ConfigLoader.DEFAULT_CONFIG_FILE,
            "Properties file with settings; the default is read only if it exists",
            ValueParser.path(),
            c -> c.configFile().map(Path::toString).orElse("(none)"));

    /** Every setting, in display order. */
    public static final List<Setting<?>> ALL = List.of(
            GEMINI_API_KEYS, PASSWORD, PORT, HOST, GEMINI_BASE_URL,
            CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS, UPSTREAM_PROXY, HTTPS_PROXY, HTTP_PROXY, NO_PROXY,
            UPSTREAM_CA_BUNDLE, MAX_ATTEMPTS,
            MAX_REQUESTS_PER_MINUTE, MAX_REQUESTS_PER_DAY_PER_IP, MAX_REQUESTS_PER_MINUTE_PER_IP,
            MAX_REQUEST_BODY_MB, MAX_MESSAGES, MAX_INLINE_DATA_MB, REQUEST_BODY_TIMEOUT_SECONDS,
            TRUSTED_PROXIES, FORWARDED_HEADER, CLIENT_KEYS_FILE,
            HEARTBEAT_SECONDS, SHUTDOWN_GRACE_SECONDS, MODELS_REFRESH_MINUTES, DISABLE_SAFETY_FILTERING,
            RETURN_REASONING, REASONING_BUDGETS, FILL_WRITE_TO_FILE_LINE_COUNT,
            IMAGE_URLS, IMAGE_FETCH_MAX_MB, IMAGE_FETCH_TIMEOUT_SECONDS, IMAGE_FETCH_ALLOW_PRIVATE,
            PROTECT_STATUS_PAGE, STATUS_SESSION_MINUTES, METRICS_TOKEN,
            USAGE_REPORT_INTERVAL_MINUTES, REPORT_LOG_LEVEL,
            MODEL_LIMITS_FILE, DEFAULT_KEY_TIER, KEY_SCORE_WEIGHTS, MAX_CONCURRENT_REQUESTS_PER_KEY,
            KEY_CHECK_AT_STARTUP, KEY_REPROBE_MINUTES, MODEL_REPROBE_HOURS, SNAPSHOT_INTERVAL_SECONDS,
            MAX_LOG_SIZE, MAX_LOG_BACKUPS, LOG_ROTATION_INTERVAL, LOG_RETENTION_DAYS, LOG_DIR,
            DEBUG, LOG_PROMPTS, DATA_DIR, GATEWAY_CONFIG);

    private final String name;
    private final String defaultValue;
    private final String description;
    private final boolean secret;
    private final ValueParser<T> parser;
    private final Function<GatewayConfig, String> display;

    private Setting(String name, String defaultValue, String description, boolean secret,
                    ValueParser<T> parser, Function<GatewayConfig, String> display) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.description = description;
        this.secret = secret;
        this.parser = parser;
        this.display = display;
    }

    private static <T> Setting<T> plain(String name, String defaultValue, String description,
                                        ValueParser<T> parser, Function<GatewayConfig, String> display) {
        return new Setting<>(name, defaultValue, description, false, parser, display);
    }

    private static <T> Setting<T> secret(String name, String defaultValue, String description,
                                         ValueParser<T> parser, Function<GatewayConfig, String> display) {
        return new Setting<>(name, defaultValue, description, true, parser, display);
    }

    /** A proxy URL for display: its password never shows. */
    private static String withoutUserInfo(URI uri) {
        return uri.getScheme() + "://" + (uri.getUserInfo() == null ? "" : "***@") + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static String count(int keys) {
        return keys + (keys == 1 ? " key" : " keys");
    }

    /** The setting with this exact (case-sensitive) name. */
    public static Optional<Setting<?>> byName(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
    }

    public String name() {
        return name;
    }

    /** The default as it would be written in a source; empty for "none". */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Secret values never appear in messages, logs or {@link GatewayConfig#describe()}. */
    public boolean isSecret() {
        return secret;
    }

    /** What an acceptable value looks like, phrased "expected ...". */
    public String expectation() {
        return parser.expectation();
    }

    /** @throws IllegalArgumentException if the (trimmed) text is not acceptable */
    T parse(String text) {
        return parser.parse(text);
    }

    String display(GatewayConfig config) {
        return display.apply(config);
    }

    /** A Markdown table of all settings, for the README. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| Setting | Default | Description |\n|---|---|---|\n");
        for (Setting<?> s : ALL) {
            String shownDefault = s.defaultValue.isEmpty() ? "(none)" : "`" + s.defaultValue + "`";
            table.append("| `").append(s.name).append("` | ").append(shownDefault)
                    .append(" | ").append(s.description.replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
