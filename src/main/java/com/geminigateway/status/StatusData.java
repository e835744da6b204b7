package com.geminigateway.status;

import java.util.List;
import java.util.Set;

/**
 * Everything the status page shows, already formatted: templates only lay it out (and escape it). Built
 * by {@link StatusService}; in the public view (PROTECT_STATUS_PAGE=false, not logged in) masked keys,
 * Google's messages (in key states and recent errors), clients, addresses and the configuration are left out.
 */
public record StatusData(String version, String generatedAt, String zone, String startedAt, String uptime,
                         Health health, View view, List<KeyRow> keys, List<ModelRow> models, Chart chart,
                         List<ErrorRow> errors, List<ClientRow> clients, List<AddressRow> addresses, String advice,
                         List<ConfigRow> config) {

    /** Ready: the model list is loaded and at least one key can serve. */
    public record Health(boolean ready, boolean modelsLoaded, int models, int usableKeys, int keys) {
    }

    /**
     * @param detailed the administrator's view (logged in, or nothing to hide)
     * @param actions  the actions the pool supports, by form path; empty when none may be taken
     */
    public record View(boolean detailed, boolean canAct, Set<String> actions) {
        public boolean allows(String action) {
            return canAct && actions.contains(action);
        }
    }

    /**
     * @param alias       the masked key; null in the public view (then the page shows "#id")
     * @param untilMillis epoch millis of the state's end for the live countdown; 0 when none
     */
    public record KeyRow(String id, String alias, String project, String state, String reason, long untilMillis,
                         String untilText, String lastUsed, long requestsToday, long tokensToday, List<KeyModelRow> models) {
        public boolean cooling() {
            return untilMillis > 0;
        }
    }

    /**
     * A key's state for one model (null: all models), with its requests today against the daily limit.
     *
     * @param usedPercent 0..100 when the limit is known, else -1
     */
    public record KeyModelRow(String model, String state, String reason, long untilMillis, String untilText,
                              long requestsToday, Long requestsPerDayLimit, int usedPercent) {
    }

    /** @param usedPercent 0..100 against the capacity when known, else -1 */
    public record ModelRow(String model, long requests, long tokens, Long capacity, int usedPercent) {
    }

    /** Requests and errors of the last 24 hours as SVG bars (coordinates in the view box). */
    public record Chart(int width, int height, long maxPerSlot, long totalRequests, long totalErrors, List<Bar> bars,
                        List<Tick> ticks) {
    }

    public record Bar(int x, int width, int requestsY, int requestsHeight, int errorsY, int errorsHeight, String title) {
    }

    public record Tick(int x, String label) {
    }

    /** @param keyLabel the masked key, or "#id" in the public view; message null in the public view */
    public record ErrorRow(String at, String model, String keyLabel, String status, String reason, String message,
                           boolean failedOver) {
    }

    /** @param userAgent untrusted client text, shown escaped */
    public record ClientRow(String name, long requests, long tokens, String lastSeen, String lastAddress, String userAgent) {
    }

    public record AddressRow(String address, long requests) {
    }

    public record ConfigRow(String name, String value) {
    }
}
