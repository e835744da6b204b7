package com.geminigateway.config;

import com.geminigateway.net.Cidr;
import com.geminigateway.net.ClientAddressResolver;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The effective, validated gateway configuration. Obtain it from {@link ConfigLoader}; the
 * constructor only checks for nulls, range checks happen while loading.
 *
 * @param geminiApiKeys          keys in configured order, without duplicates; may be empty
 * @param password               the client password; empty when a random one should be generated
 * @param heartbeatInterval      interval between SSE keep-alive comments
 * @param modelsRefresh          interval between model list refreshes
 * @param dataDir                absolute directory for persistent data
 * @param configFile             the properties file actually read, if any
 */
public record GatewayConfig(
        Server server,
        Upstream upstream,
        Limits limits,
        Access access,
        Logging logging,
        Reports reports,
        Pool pool,
        List<String> geminiApiKeys,
        Optional<String> password,
        Duration heartbeatInterval,
        Duration modelsRefresh,
        boolean disableSafetyFiltering,
        boolean protectStatusPage,
        boolean debug,
        Path dataDir,
        Optional<Path> configFile,
        Conversion conversion,
        ImageFetch imageFetch,
        Monitoring monitoring) {

    public GatewayConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(pool, "pool");
        geminiApiKeys = List.copyOf(geminiApiKeys);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(modelsRefresh, "modelsRefresh");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(conversion, "conversion");
        Objects.requireNonNull(imageFetch, "imageFetch");
        Objects.requireNonNull(monitoring, "monitoring");
    }

    /**
     * The status page's logins and the metrics endpoint.
     *
     * @param sessionTimeout inactivity after which a status page login expires
     * @param metricsToken   the bearer token /metrics requires; empty = open
     */
    public record Monitoring(Duration sessionTimeout, Optional<String> metricsToken) {
        public Monitoring {
            Objects.requireNonNull(sessionTimeout, "sessionTimeout");
            Objects.requireNonNull(metricsToken, "metricsToken");
        }

        @Override
        public String toString() {
            return "Monitoring[sessionTimeout=" + sessionTimeout + ", metricsToken=" + (metricsToken.isPresent() ? "***" : "(not set)") + "]";
        }
    }

    /**
     * How OpenAI requests and Gemini answers are converted.
     *
     * @param returnReasoning          thought summaries go to clients that did not ask for them
     * @param reasoningBudgets         reasoning_effort → thinkingBudget for Gemini 2.5 models
     * @param fillWriteToFileLineCount IDE compatibility for write_to_file tool calls
     */
    public record Conversion(boolean returnReasoning, Map<String, Integer> reasoningBudgets, boolean fillWriteToFileLineCount) {
        public Conversion {
            reasoningBudgets = Map.copyOf(reasoningBudgets);
        }
    }

    /**
     * Downloading http(s) image URLs of chat messages.
     *
     * @param enabled              false: such URLs are refused with 400
     * @param allowPrivateNetworks true: loopback, private and link-local targets are allowed too
     */
    public record ImageFetch(boolean enabled, long maxBytes, Duration timeout, boolean allowPrivateNetworks) {
        public ImageFetch {
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** Where the standalone server listens. */
    /**
     * The server's own behaviour.
     *
     * @param shutdownGrace how long running streams may go on when the gateway stops
     */
    public record Server(String host, int port, Duration shutdownGrace) {
        public Server {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        }
    }

    /**
     * How the Gemini API is reached.
     *
     * @param baseUrl     without trailing slash
     * @param readTimeout longest silence allowed between bytes of a response
     * @param maxAttempts how many keys one request may try
     */
    public record Upstream(URI baseUrl, Duration connectTimeout, Duration readTimeout, int maxAttempts,
                           Proxies proxies, Optional<Path> caBundle) {
        public Upstream {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(readTimeout, "readTimeout");
            Objects.requireNonNull(proxies, "proxies");
            Objects.requireNonNull(caBundle, "caBundle");
        }

        /** The proxy the calls to Gemini go through, if any. */
        public Optional<URI> proxy() {
            return proxies.forTarget(baseUrl);
        }
    }

    /**
     * Outbound proxies as corporate networks set them: an explicit one for Gemini, or the usual
     * HTTPS_PROXY / HTTP_PROXY by target scheme, except for hosts matched by NO_PROXY.
     */
    public record Proxies(Optional<URI> explicit, Optional<URI> https, Optional<URI> http, List<String> noProxy) {
        public Proxies {
            Objects.requireNonNull(explicit, "explicit");
            Objects.requireNonNull(https, "https");
            Objects.requireNonNull(http, "http");
            noProxy = List.copyOf(noProxy);
        }

        public static Proxies none() {
            return new Proxies(Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        }

        public Optional<URI> forTarget(URI target) {
            if (bypasses(target.getHost())) {
                return Optional.empty();
            }
            if (explicit.isPresent()) {
                return explicit;
            }
            return "https".equalsIgnoreCase(target.getScheme()) ? https : http;
        }

        /** Proxy passwords stay out of logs and messages. */
        @Override
        public String toString() {
            return "Proxies[explicit=" + explicit.map(Proxies::shown) + ", https=" + https.map(Proxies::shown)
                    + ", http=" + http.map(Proxies::shown) + ", noProxy=" + noProxy + "]";
        }

        private static String shown(URI uri) {
            return uri.getRawUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo(), "***");
        }

        /** NO_PROXY: "*", an exact host or address, or a domain suffix (".corp.example" or "corp.example"). */
        boolean bypasses(String host) {
            String h = host.toLowerCase(java.util.Locale.ROOT);
            for (String entry : noProxy) {
                String e = entry.contains(":") && !entry.contains("::") && entry.indexOf(':') == entry.lastIndexOf(':')
                        ? entry.substring(0, entry.indexOf(':')) : entry; // drop a :port
                if (e.equals("*") || h.equals(e) || h.endsWith(e.startsWith(".") ? e : "." + e)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Request limits; a rate of 0 means unlimited.
     *
     * @param maxRequestsPerMinute      for all clients together
     * @param maxRequestsPerDayPerIp    for one client address, per Pacific day
     * @param maxRequestsPerMinutePerIp for one client address
     * @param maxInlineDataBytes        decoded bytes of base64 data (images, audio, files) in one request
     * @param requestBodyTimeout        longest time a client may take to send its body
     */
    public record Limits(int maxRequestsPerMinute, int maxRequestsPerDayPerIp, int maxRequestsPerMinutePerIp,
                         long maxRequestBodyBytes, int maxMessages, long maxInlineDataBytes,
                         Duration requestBodyTimeout) {
        public Limits {
            Objects.requireNonNull(requestBodyTimeout, "requestBodyTimeout");
        }
    }

    /**
     * Who may call and how the caller's address is found.
     *
     * @param trustedProxies  peers whose forwarding header is believed
     * @param clientKeysFile  absolute path of the client keys file; it need not exist
     */
    public record Access(List<Cidr> trustedProxies, ClientAddressResolver.Header forwardedHeader, Path clientKeysFile) {
        public Access {
            trustedProxies = List.copyOf(trustedProxies);
            Objects.requireNonNull(forwardedHeader, "forwardedHeader");
            Objects.requireNonNull(clientKeysFile, "clientKeysFile");
        }
    }

    /**
     * Log files.
     *
     * @param dir              absolute log directory
     * @param rotationInterval "midnight", "hourly", "daily" or "weekly"
     * @param retentionDays    rotated files older than this are deleted; 0 = kept
     * @param logPrompts       request bodies are written to app.log (troubleshooting only)
     */
    public record Logging(Path dir, long maxFileSizeBytes, int maxBackups, String rotationInterval, int retentionDays,
                          boolean logPrompts) {
        public Logging {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(rotationInterval, "rotationInterval");
        }
    }

    /**
     * Periodic usage reports.
     *
     * @param logLevel a log4j level name: "DEBUG", "INFO", "WARN" or "ERROR"
     */
    public record Reports(Duration interval, String logLevel) {
        public Reports {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(logLevel, "logLevel");
        }
    }

    /**
     * How the key pool chooses keys, re-checks them and keeps its state.
     *
     * @param modelLimitsFile          absolute path of model_limits.json; the built-in copy is used when it is absent
     * @param defaultTier              the tier of keys that name none, as in model_limits.json
     * @param weights                  weights of the remaining quota shares in a key's health score
     * @param maxConcurrentPerKey      requests one key may carry at once; 0 = no cap
     * @param checkKeysAtStartup       whether every key is checked in the background at start-up
     * @param keyReprobe               how often invalid and suspended keys are checked again
     * @param modelReprobe             how often a model unavailable to a key (quota limit 0) is tried again
     * @param snapshotInterval         how often the pool's state is saved to the data directory
     */
    public record Pool(Path modelLimitsFile, String defaultTier, ScoreWeights weights, int maxConcurrentPerKey,
                       boolean checkKeysAtStartup, Duration keyReprobe, Duration modelReprobe, Duration snapshotInterval) {
        public Pool {
            Objects.requireNonNull(modelLimitsFile, "modelLimitsFile");
            Objects.requireNonNull(defaultTier, "defaultTier");
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(keyReprobe, "keyReprobe");
            Objects.requireNonNull(modelReprobe, "modelReprobe");
            Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        }
    }

    /** Weights of the remaining shares of each quota in a key's health score (the higher, the healthier). */
    public record ScoreWeights(double rpd, double tpd, double rpm, double tpm) {
        public static final ScoreWeights DEFAULT = new ScoreWeights(0.60, 0.20, 0.15, 0.05);

        /** As written in KEY_SCORE_WEIGHTS. */
        @Override
        public String toString() {
            return "RPD=" + rpd + ",TPD=" + tpd + ",RPM=" + rpm + ",TPM=" + tpm;
        }
    }

    /**
     * The effective configuration for display, setting name to value in {@link Setting#ALL} order.
     * Secrets are summarised: GEMINI_API_KEYS as "N keys", PASSWORD as "set" or "not set (generated)".
     */
    public Map<String, String> describe() {
        Map<String, String> shown = new LinkedHashMap<>();
        for (Setting<?> setting : Setting.ALL) {
            shown.put(setting.name(), setting.display(this));
        }
        return Collections.unmodifiableMap(shown);
    }

    /** Like the generated one, but keys are masked and the password is never shown. */
    @Override
    public String toString() {
        String keys = geminiApiKeys.stream().map(Masking::mask).collect(Collectors.joining(", ", "[", "]"));
        return "GatewayConfig[server=" + server
                + ", upstream=" + upstream
                + ", limits=" + limits
                + ", access=" + access
                + ", logging=" + logging
                + ", reports=" + reports
                + ", pool=" + pool
                + ", geminiApiKeys=" + keys
                + ", password=" + (password.isPresent() ? "***" : "(not set)")
                + ", heartbeatInterval=" + heartbeatInterval
                + ", modelsRefresh=" + modelsRefresh
                + ", disableSafetyFiltering=" + disableSafetyFiltering
                + ", protectStatusPage=" + protectStatusPage
                + ", debug=" + debug
                + ", dataDir=" + dataDir
                + ", configFile=" + configFile.map(Path::toString).orElse("(none)")
                + ", conversion=" + conversion
                + ", imageFetch=" + imageFetch
                + ", monitoring=" + monitoring
                + "]";
    }
}
