package com.geminigateway.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * The places settings are read from besides the built-in defaults: the process environment,
 * servlet context parameters, Java system properties, and the working directory that holds
 * {@code conf/gateway.properties} and {@code .env}.
 *
 * <p>Context parameters are a plain map or lookup function, so this package needs no servlet API:
 * a listener can pass {@code servletContext::getInitParameter}.
 */
public final class ConfigSources {

    private final Function<String, String> environment;
    private final Function<String, String> contextParams;
    private final Function<String, String> systemProperties;
    private final Path workingDir;

    private ConfigSources(Function<String, String> environment, Function<String, String> contextParams,
                          Function<String, String> systemProperties, Path workingDir) {
        this.environment = environment;
        this.contextParams = contextParams;
        this.systemProperties = systemProperties;
        this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    /** Explicit sources, mainly for tests; maps and properties are copied. */
    public static ConfigSources of(Map<String, String> env, Map<String, String> contextParams,
                                   Properties sysProps, Path workingDir) {
        Objects.requireNonNull(workingDir, "workingDir");
        return new ConfigSources(copy(env)::get, copy(contextParams)::get, copy(sysProps)::get, workingDir);
    }

    /** This process's environment, system properties and current directory. */
    public static ConfigSources fromProcess(Map<String, String> contextParams) {
        return fromProcess(copy(contextParams)::get);
    }

    /** As {@link #fromProcess(Map)}, with context parameters looked up on demand. */
    public static ConfigSources fromProcess(Function<String, String> contextParams) {
        Objects.requireNonNull(contextParams, "contextParams");
        return new ConfigSources(withProxyAliases(copy(System.getenv()))::get, contextParams,
                copy(System.getProperties())::get, Path.of("").toAbsolutePath());
    }

    /** Absolute and normalised. */
    public Path workingDir() {
        return workingDir;
    }

    String environment(String name) {
        return environment.apply(name);
    }

    String contextParam(String name) {
        return contextParams.apply(name);
    }

    String systemProperty(String name) {
        return systemProperties.apply(name);
    }

    /** Unix tools often set only the lower-case proxy variables; they count when the upper-case ones are absent. */
    static Map<String, String> withProxyAliases(Map<String, String> env) {
        for (String name : new String[] {"HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"}) {
            String lower = env.get(name.toLowerCase(java.util.Locale.ROOT));
            if (!env.containsKey(name) && lower != null) {
                env.put(name, lower);
            }
        }
        return env;
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : new HashMap<>(map);
    }

    /** A snapshot, so later System.setProperty calls cannot change an already loaded configuration. */
    private static Map<String, String> copy(Properties properties) {
        Map<String, String> copy = new HashMap<>();
        if (properties != null) {
            for (String name : properties.stringPropertyNames()) {
                copy.put(name, properties.getProperty(name));
            }
        }
        return copy;
    }
}
