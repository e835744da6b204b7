package com.geminigateway.config;

import java.util.List;

/**
 * The configuration cannot be used. The message lists every problem at once so an operator can fix
 * them all in one go; it never contains the value of a secret setting.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("Invalid configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One entry per problem, e.g. {@code PORT='abc' (from environment): expected a whole number from 1 to 65535}. */
    public List<String> problems() {
        return problems;
    }
}
