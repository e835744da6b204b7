package com.geminigateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void shortReadableAndRoundedUpSoACountdownNeverShowsZeroEarly() {
        assertEquals("0s", Durations.compact(Duration.ZERO));
        assertEquals("1s", Durations.compact(Duration.ofMillis(1)));
        assertEquals("59s", Durations.compact(Duration.ofSeconds(59)));
        assertEquals("1m 00s", Durations.compact(Duration.ofSeconds(60)));
        assertEquals("1m 30s", Durations.compact(Duration.ofSeconds(90)));
        assertEquals("2h 07m", Durations.compact(Duration.ofMinutes(127)));
        assertEquals("3d 4h", Durations.compact(Duration.ofHours(76)));
        assertEquals("0s", Durations.compact(Duration.ofSeconds(-5)));
    }
}
