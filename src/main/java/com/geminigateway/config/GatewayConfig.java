package com.geminigateway.config;

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
        Optional<Path> configFile) {

    public GatewayConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(pool, "pool");
        geminiApiKeys = List.copyOf(geminiApiKeys);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(modelsRefresh, "modelsRefresh");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(configFile, "configFile");
    }

    /** Where the standalone server listens. */
    public record Server(String host, int port) {
        public Server {
            Objects.requireNonNull(host, "host");
        }
    }

    /**
     * How the Gemini API is reached.
     *
     * @param baseUrl     without trailing slash
     * @param readTimeout longest silence allowed between bytes of a response
     * @param maxAttempts how many keys one request may try
     */
    public record Upstream(URI baseUrl, Duration connectTimeout, Duration readTimeout, int maxAttempts) {
        public Upstream {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(readTimeout, "readTimeout");
        }
    }

    /**
     * Request limits; a rate of 0 means unlimited.
     *
     * @param maxRequestsPerMinute   for all clients together
     * @param maxRequestsPerDayPerIp for one client address
     */
    public record Limits(int maxRequestsPerMinute, int maxRequestsPerDayPerIp, long maxRequestBodyBytes) {
    }

    /**
     * Log files.
     *
     * @param dir              absolute log directory
     * @param rotationInterval "midnight", "hourly", "daily" or "weekly"
     */
    public record Logging(Path dir, long maxFileSizeBytes, int maxBackups, String rotationInterval) {
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
                + "]";
    }
}
