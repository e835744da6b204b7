package com.geminigateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.errors.GatewayException;
import com.geminigateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T12:00:00Z"));
    final AtomicReference<List<ClientKey>> keys = new AtomicReference<>(List.of(
            key("alice", "alice-secret", true, null),
            key("bob", "bob-secret", false, null),
            key("carol", "carol-secret", true, Instant.parse("2026-05-01T13:00:00Z"))));
    final ClientAuthenticator authenticator = new ClientAuthenticator("the-password", keys::get, clock);

    static ClientKey key(String name, String secret, boolean enabled, Instant expires) {
        return new ClientKey(name, Sha256.of(secret), enabled, Optional.ofNullable(expires),
                new ModelAllowList(List.of("gemini-2.5-flash")), new ClientLimits(5, 0, 0));
    }

    static GatewayException refused(Runnable attempt) {
        GatewayException e = assertThrows(GatewayException.class, attempt::run);
        assertEquals(401, e.status());
        assertEquals("invalid_api_key", e.code());
        return e;
    }

    @Test
    void thePasswordIsTheSharedClient() {
        assertSame(Client.password(), authenticator.authenticate("the-password"));
        assertTrue(authenticator.accepts("the-password"));
        assertFalse(authenticator.accepts("alice-secret"), "a client key is not the administrator password");
    }

    @Test
    void aClientKeyIdentifiesItsClientWithItsLimitsAndModels() {
        Client alice = authenticator.authenticate("alice-secret");
        assertEquals("alice", alice.name());
        assertFalse(alice.sharedPassword());
        assertEquals(new ClientLimits(5, 0, 0), alice.limits());
        assertTrue(alice.allowsModel("gemini-2.5-flash"));
        assertFalse(alice.allowsModel("gemini-2.5-pro"));
    }

    @Test
    void unknownMissingRevokedAndExpiredKeysAreRefused() {
        refused(() -> authenticator.authenticate(null));
        refused(() -> authenticator.authenticate(""));
        refused(() -> authenticator.authenticate("alice-secret "));
        assertTrue(refused(() -> authenticator.authenticate("bob-secret")).getMessage().contains("revoked"));

        assertEquals("carol", authenticator.authenticate("carol-secret").name());
        clock.advance(Duration.ofHours(1));
        assertTrue(refused(() -> authenticator.authenticate("carol-secret")).getMessage().contains("expired"));
    }

    @Test
    void theCurrentSetOfKeysIsConsultedEveryTime() {
        assertEquals("alice", authenticator.authenticate("alice-secret").name());
        keys.set(List.of());
        refused(() -> authenticator.authenticate("alice-secret"));
    }
}
