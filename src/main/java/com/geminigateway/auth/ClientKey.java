package com.geminigateway.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One named client key from the client keys file. Only the SHA-256 of the secret is known.
 *
 * @param expires the first instant at which the key no longer works
 */
public record ClientKey(String name, Sha256 digest, boolean enabled, Optional<Instant> expires,
                        ModelAllowList models, ClientLimits limits) {

    public ClientKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(limits, "limits");
    }

    public boolean expiredAt(Instant now) {
        return expires.isPresent() && !now.isBefore(expires.get());
    }
}
