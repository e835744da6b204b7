package com.geminigateway.telemetry;

import com.geminigateway.usage.PacificDay;
import com.geminigateway.usage.UsageCounts;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests each key answered and the tokens they used this Pacific day, by key alias, as seen from the
 * requests' ends. (A pool that counts usage per key and model itself makes this unnecessary.)
 */
public final class KeyActivity {

    private final Clock clock;
    private final Map<String, UsageCounts> today = new HashMap<>();
    private LocalDate day;

    public KeyActivity(Clock clock) {
        this.clock = clock;
    }

    synchronized void record(String keyAlias, UsageCounts usage) {
        rollOver();
        today.merge(keyAlias, usage == null ? new UsageCounts(1, 0, 0, 0) : usage, UsageCounts::plus);
    }

    /** Requests and tokens of the key today; zero when none. */
    public synchronized UsageCounts today(String keyAlias) {
        rollOver();
        return today.getOrDefault(keyAlias, UsageCounts.ZERO);
    }

    private void rollOver() {
        LocalDate now = PacificDay.dayOf(clock.instant());
        if (!now.equals(day)) {
            day = now;
            today.clear();
        }
    }
}
