package com.geminigateway.auth;

import java.util.Objects;

/**
 * Who made a request, as the client filter identified it: the holder of the shared gateway password or
 * of a named client key. It never carries a secret, so it can be logged and reported.
 */
public record Client(String name, boolean sharedPassword, ClientLimits limits, ModelAllowList models) {

    /** The request attribute holding the {@link Client}. */
    public static final String ATTRIBUTE = "gateway.client";
    /** The name under which requests made with the shared PASSWORD are counted. */
    public static final String PASSWORD_NAME = "password";

    private static final Client PASSWORD = new Client(PASSWORD_NAME, true, ClientLimits.NONE, ModelAllowList.ANY);

    public Client {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(models, "models");
    }

    public static Client password() {
        return PASSWORD;
    }

    static Client of(ClientKey key) {
        return new Client(key.name(), false, key.limits(), key.models());
    }

    public boolean allowsModel(String model) {
        return models.allows(model);
    }
}
