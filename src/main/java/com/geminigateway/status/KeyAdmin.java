package com.geminigateway.status;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What an administrator can do to the key pool from the status page. Every action answers with an
 * {@link Outcome} (never an exception); those the pool cannot do answer {@link Outcome.Result#UNSUPPORTED},
 * and the page shows them disabled ({@link #supported()}).
 */
public interface KeyAdmin {

    enum Action {
        RECHECK, DISABLE, ENABLE, CLEAR_COOLDOWN, ADD_KEYS;

        /** The form's path segment: "recheck", "disable", "enable", "clear-cooldown", "add-keys". */
        public String path() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static java.util.Optional<Action> ofPath(String path) {
            return java.util.Arrays.stream(values()).filter(a -> a.path().equals(path)).findFirst();
        }
    }

    /**
     * @param detail what happened, for the administrator and the log; keys only masked
     */
    record Outcome(Result result, String detail) {
        public enum Result { DONE, FAILED, NOT_FOUND, UNSUPPORTED, INVALID_INPUT }

        public static Outcome of(Result result, String detail) {
            return new Outcome(result, detail);
        }
    }

    Set<Action> supported();

    /** Tries the key against Gemini now and applies what Gemini says to its state. */
    CompletableFuture<Outcome> recheck(String keyId);

    /** Takes the key out of the rotation until it is enabled again. */
    CompletableFuture<Outcome> disable(String keyId);

    CompletableFuture<Outcome> enable(String keyId);

    /** Ends a cooldown of the key (for {@code model}, or all models when null). */
    CompletableFuture<Outcome> clearCooldown(String keyId, String model);

    /** Adds keys at run time; {@code secrets} are never logged or shown, only their masked forms. */
    CompletableFuture<Outcome> addKeys(List<String> secrets);
}
