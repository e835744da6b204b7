package com.geminigateway.keys;

import java.time.Instant;

/**
 * A key's effective state for one model (or as a whole), with what caused it.
 *
 * @param state     the most severe state that applies
 * @param reason    why, in a few words; null when ACTIVE
 * @param lastError the upstream error behind it, keys masked; null when none
 * @param since     when it began; null when ACTIVE
 * @param until     when it changes next (ends, or is checked again); null when it will not by itself
 * @param readyAt   when the key can serve again by itself (every blocking state ended): the moment the
 *                  status was worked out when ACTIVE; null when only a check or an administrator can bring it back
 * @param appliesTo "key", "key+model", "project" or "project+model": where the state was recorded
 */
public record KeyStatus(KeyState state, String reason, String lastError, Instant since, Instant until,
                        Instant readyAt, String appliesTo) {

    public static KeyStatus active(Instant now) {
        return new KeyStatus(KeyState.ACTIVE, null, null, null, null, now, null);
    }

    public boolean isActive() {
        return state == KeyState.ACTIVE;
    }
}
