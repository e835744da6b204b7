package com.geminigateway.auth;

import com.geminigateway.errors.GatewayException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Identifies a client by the secret it presents: the shared gateway password or a named client key.
 * Secrets are hashed first and every digest is compared in constant time, all of them every time, so
 * neither the content, the length nor which key matched leaks through timing.
 */
public final class ClientAuthenticator {

    private final Sha256 passwordDigest;
    private final Supplier<List<ClientKey>> clientKeys;
    private final Clock clock;

    public ClientAuthenticator(String password, Supplier<List<ClientKey>> clientKeys, Clock clock) {
        this.passwordDigest = Sha256.of(password);
        this.clientKeys = clientKeys;
        this.clock = clock;
    }

    /** The password alone (not a client key): for who may administer the gateway. */
    public boolean accepts(String presented) {
        return presented != null && !presented.isEmpty() && passwordDigest.matches(Sha256.of(presented));
    }

    /**
     * @return the client the secret belongs to
     * @throws GatewayException 401 for a missing, unknown, disabled or expired secret
     */
    public Client authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            throw GatewayException.unauthorized();
        }
        Sha256 digest = Sha256.of(presented);
        boolean password = passwordDigest.matches(digest);
        ClientKey matched = null;
        for (ClientKey key : clientKeys.get()) {
            if (key.digest().matches(digest)) {
                matched = key; // no early exit: the time taken does not tell which entry matched
            }
        }
        if (password) {
            return Client.password();
        }
        if (matched == null) {
            throw GatewayException.unauthorized();
        }
        if (!matched.enabled()) {
            throw new GatewayException(401, "invalid_request_error", "invalid_api_key", null,
                    "This client key has been revoked.", null);
        }
        Instant now = clock.instant();
        if (matched.expiredAt(now)) {
            throw new GatewayException(401, "invalid_request_error", "invalid_api_key", null,
                    "This client key expired at " + matched.expires().orElseThrow() + ".", null);
        }
        return Client.of(matched);
    }
}
