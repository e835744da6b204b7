package com.geminigateway.keys;

import static com.geminigateway.keys.Pools.FLASH;
import static com.geminigateway.keys.Pools.PRO;
import static com.geminigateway.keys.Pools.failure;
import static com.geminigateway.keys.Pools.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.store.UsageKey;
import com.geminigateway.testing.GeminiError;
import com.geminigateway.testing.MutableClock;
import com.geminigateway.usage.UsageDelta;
import com.geminigateway.usage.UsageReport;
import com.geminigateway.usage.UsageReportText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolReportsTest {

    /** Noon in Los Angeles on an ordinary 24-hour day: half of the day has passed. */
    private final MutableClock clock = new MutableClock("2026-11-26T20:00:00Z");

    private UsageReport.ModelUsage model(UsageReport report, String model) {
        return report.models().stream().filter(m -> m.model().equals(model)).findFirst().orElseThrow();
    }

    @Test
    void usageAgainstWhatTheServingProjectsAllowWithProjectionAverageAndAdvice() {
        // Two projects of free-tier flash (20 requests a day each) and a key that is out.
        KeyPool pool = Pools.pool(clock, Pools.flashLimits(5, 20), "a1@team-a", "a2@team-a", "b1@team-b", "dead");
        pool.onFailure(key(pool, "dead"), null, Pools.invalid());
        Instant now = clock.instant();
        // Today so far: 18 requests, 1,800 input tokens.
        pool.store().recordUsage(new UsageKey(key(pool, "a1").id(), FLASH), now.minusSeconds(3600),
                new UsageDelta(18, 1800, 90, 400), now);
        // The three days before: 30, 36 and 42 requests.
        for (int daysAgo = 1; daysAgo <= 3; daysAgo++) {
            pool.store().recordUsage(new UsageKey(key(pool, "b1").id(), FLASH), now.minus(Duration.ofDays(daysAgo)),
                    new UsageDelta(24 + 6L * daysAgo, 0, 0, 0), now);
        }
        UsageReport report = pool.report();

        assertEquals(LocalDate.parse("2026-11-26"), report.pacificDay());
        assertEquals(0.5, report.dayElapsed(), 1e-9);
        assertEquals(4, report.keys());
        assertEquals(Map.of("ACTIVE", 3, "INVALID", 1), report.keysByState());
        UsageReport.ModelUsage flash = model(report, FLASH);
        assertEquals(2, flash.projectsServing());
        assertEquals(40L, flash.capacity().rpd(), "two projects, not three keys");
        assertEquals(10L, flash.capacity().rpm());
        assertNull(flash.capacity().tpd(), "no known daily token limit");
        assertEquals(new UsageReport.Totals(18, 1800, 90, 400), flash.today());
        assertEquals(36L, flash.projectedRequests(), "18 by noon: 36 by midnight");
        assertEquals(3, flash.historyDays());
        assertEquals(36.0, flash.sevenDayAverage(), 1e-9);
        assertEquals(UsageReport.Advice.Kind.ADD, flash.advice().kind(), flash.advice().text());
        assertEquals(3, flash.advice().projects(), "36 / (20 x 0.7) = 2.6");

        String text = UsageReportText.format(report);
        assertTrue(text.contains("gemini-2.5-flash: keys (3 ACTIVE, 1 INVALID); 2 project(s) serving"), text);
        assertTrue(text.contains("today: 18 requests of 40"), text);
        assertTrue(text.contains("projected today: 36 requests"), text);
        assertTrue(text.contains("7-day average: 36 requests/day (3 day(s) of history)"), text);
    }

    @Test
    void aModelWithAStateButNoUsageIsReportedWithItsKeysByState() {
        KeyPool pool = Pools.pool(clock, "k1", "k2");
        pool.onFailure(key(pool, "k1"), PRO, failure(GeminiError.quotaLimitZero(PRO)));
        UsageReport.ModelUsage pro = model(pool.report(), PRO);
        assertEquals(Map.of("ACTIVE", 1, "MODEL_UNAVAILABLE", 1), pro.keysByState());
        assertEquals(1, pro.projectsServing());
        assertEquals(UsageReport.Advice.Kind.UNKNOWN, pro.advice().kind());
        assertNull(pro.sevenDayAverage());
    }

    @Test
    void earlyInTheDayThereIsNoProjection() {
        clock.set(Instant.parse("2026-11-26T08:05:00Z")); // 00:05 in Los Angeles
        KeyPool pool = Pools.pool(clock, "k1");
        pool.store().recordUsage(new UsageKey(key(pool, "k1").id(), FLASH), clock.instant(), UsageDelta.request(5), clock.instant());
        assertNull(model(pool.report(), FLASH).projectedRequests());
    }
}
