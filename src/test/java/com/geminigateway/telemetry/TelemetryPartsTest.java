package com.geminigateway.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.geminigateway.keys.FailureClassifier;
import com.geminigateway.testing.MutableClock;
import com.geminigateway.upstream.UpstreamFailure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure pieces of telemetry: route labels, failure reasons, access log values, the 24-hour history. */
class TelemetryPartsTest {

    @Test
    void routesAreAFewBoundedLabels() {
        assertEquals("chat", Routes.of("/v1/chat/completions"));
        assertEquals("embeddings", Routes.of("/v1/embeddings"));
        assertEquals("models", Routes.of("/v1/models"));
        assertEquals("models", Routes.of("/v1/models/gemini-2.5-flash"));
        assertEquals("gemini:streamGenerateContent", Routes.of("/v1beta/models/gemini-2.5-flash:streamGenerateContent"));
        assertEquals("gemini:models", Routes.of("/v1beta/models/gemini-2.5-flash"));
        assertEquals("gemini:models", Routes.of("/v1beta/models/x:deleteEverything"), "no label per made-up action");
        assertEquals("status", Routes.of(""));
        assertEquals("status", Routes.of("/actions/recheck"));
        assertEquals("static", Routes.of("/static/status.css"));
        assertEquals("health", Routes.of("/readyz"));
        assertEquals("metrics", Routes.of("/metrics"));
        assertEquals("other", Routes.of("/wp-admin/setup.php"));
    }

    @Test
    void failureReasonsNameWhatHappened() {
        assertEquals("quota_minute", reason(429, "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"));
        assertEquals("quota_day", reason(429, "GenerateRequestsPerDayPerProjectPerModel-FreeTier"));
        assertEquals("throttled", reason(429, null));
        assertEquals("overloaded", reason(503, null));
        assertEquals("server_error", reason(500, null));
        assertEquals("timeout", reason(504, null));
        assertEquals("rejected", reason(400, null));
        UpstreamFailure timeout = UpstreamFailure.timeout("read timed out", null);
        assertEquals("timeout", FailureReasons.of(timeout, FailureClassifier.classify(timeout)));
        UpstreamFailure network = UpstreamFailure.network("connection refused", null);
        assertEquals("network", FailureReasons.of(network, FailureClassifier.classify(network)));
    }

    private static String reason(int status, String quotaId) {
        String details = quotaId == null ? "[]"
                : "[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaId\":\"" + quotaId + "\"}]}]";
        String body = "{\"error\":{\"code\":" + status + ",\"message\":\"m\",\"status\":\"X\",\"details\":" + details + "}}";
        UpstreamFailure failure = UpstreamFailure.fromResponse(status, body.getBytes(StandardCharsets.UTF_8));
        return FailureReasons.of(failure, FailureClassifier.classify(failure));
    }

    @Test
    void accessLogValuesCannotForgeALine() {
        assertEquals("gemini\\n_x_y", AccessLog.clean("gemini\\n x\ty"));
        assertEquals("a_b", AccessLog.clean("a\nb"));
        assertEquals("-", AccessLog.clean(null));
        assertEquals(AccessLog.MAX_VALUE, AccessLog.clean("m".repeat(1000)).length());
    }

    @Test
    void historyKeepsTwentyFourHoursInQuarterHours() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-05T10:07:00Z"));
        TrafficHistory history = new TrafficHistory(clock);
        history.record(false);
        history.record(true);
        clock.advance(Duration.ofMinutes(15));
        history.record(false);

        List<TrafficHistory.Slot> slots = history.last24Hours();
        assertEquals(96, slots.size());
        assertEquals(new TrafficHistory.Slot(Instant.parse("2026-11-05T10:15:00Z"), 1, 0), slots.get(95));
        assertEquals(new TrafficHistory.Slot(Instant.parse("2026-11-05T10:00:00Z"), 2, 1), slots.get(94));
        assertEquals(Instant.parse("2026-11-04T10:30:00Z"), slots.get(0).start());

        clock.advance(Duration.ofHours(24)); // the same ring slots, a day later: yesterday's counts are gone
        assertEquals(0, history.last24Hours().stream().mapToLong(TrafficHistory.Slot::requests).sum());
    }

    @Test
    void clientActivityForgetsAddressesAtPacificMidnightAndShortensUserAgents() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-05T07:00:00Z")); // 23:00 Pacific
        ClientActivity activity = new ClientActivity(clock);
        activity.record("alice", "10.0.0.1", "x".repeat(500));
        activity.record("alice", "10.0.0.1", "OpenAI/Python 1.99");
        activity.record("bob", "10.0.0.2", null);
        assertEquals(List.of(new ClientActivity.AddressCount("10.0.0.1", 2), new ClientActivity.AddressCount("10.0.0.2", 1)),
                activity.topAddresses(10));
        assertEquals("OpenAI/Python 1.99", activity.clients().get(0).userAgent());
        activity.record("carol", "10.0.0.3", "y".repeat(500));
        assertEquals(ClientActivity.MAX_USER_AGENT, activity.clients().get(2).userAgent().length());

        clock.advance(Duration.ofHours(2)); // 01:00 Pacific, the next day
        assertEquals(List.of(), activity.topAddresses(10));
        assertEquals(3, activity.clients().size(), "who was last seen is kept");
    }
}
