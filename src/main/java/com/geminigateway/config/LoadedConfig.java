package com.geminigateway.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of loading: the configuration, warnings worth logging at start-up, and where each
 * setting's value came from.
 *
 * @param origins setting name to source, in {@link Setting#ALL} order: "default",
 *                "file conf/gateway.properties", ".env", "environment", "context parameter" or
 *                "system property"
 */
public record LoadedConfig(GatewayConfig config, List<String> warnings, Map<String, String> origins) {

    public LoadedConfig {
        Objects.requireNonNull(config, "config");
        warnings = List.copyOf(warnings);
        origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins)); // keeps display order
    }
}
