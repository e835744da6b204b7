package com.geminigateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.gemini.GenerateContentResponse.UsageMetadata;
import com.geminigateway.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientUsageTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-07-15T17:00:00Z")); // 10:00 PDT
    final ClientUsage usage = new ClientUsage(clock);

    static UsageMetadata tokens(int prompt, int candidates, int thoughts, int toolPrompt) {
        return new UsageMetadata(prompt, candidates, thoughts, null, toolPrompt, prompt + candidates + thoughts + toolPrompt);
    }

    @Test
    void countsRequestsAndInputOutputAndThinkingTokensPerClientAndModel() {
        usage.record("alice", "gemini-2.5-flash", tokens(100, 20, 50, 5));
        usage.record("alice", "gemini-2.5-flash", tokens(10, 2, 0, 0));
        usage.record("alice", "gemini-2.5-pro", null); // a failed call: a request, no tokens
        usage.record("password", "gemini-2.5-flash", tokens(1, 1, 1, 0));

        ClientUsageSnapshot today = usage.snapshot();
        assertEquals(LocalDate.of(2026, 7, 15), today.day());
        assertEquals(Instant.parse("2026-07-16T07:00:00Z"), today.resetsAt());
        assertEquals(List.of("alice", "password"), List.copyOf(today.clients().keySet()));
        ClientUsageSnapshot.ClientDay alice = today.clients().get("alice");
        assertEquals(new UsageCounts(3, 115, 22, 50), alice.total());
        assertEquals(new UsageCounts(2, 115, 22, 50), alice.byModel().get("gemini-2.5-flash"));
        assertEquals(new UsageCounts(1, 0, 0, 0), alice.byModel().get("gemini-2.5-pro"));
        assertEquals(187, usage.tokensToday("alice"));
        assertEquals(0, usage.tokensToday("nobody"));
        assertEquals(UsageCounts.ZERO, today.of("nobody"));
    }

    @Test
    void aRecorderCountsItsCallOnce() {
        UsageRecorder recorder = usage.recorder("alice", "gemini-2.5-flash");
        recorder.record(tokens(10, 5, 0, 0));
        recorder.record(null);
        assertEquals(new UsageCounts(1, 10, 5, 0), usage.snapshot().of("alice"));
    }

    @Test
    void aNewPacificDayStartsFromZeroAndYesterdayStaysReadable() {
        usage.record("alice", "gemini-2.5-flash", tokens(100, 0, 0, 0));
        clock.set(Instant.parse("2026-07-16T07:00:00Z")); // midnight PDT
        assertEquals(0, usage.tokensToday("alice"));
        usage.record("alice", "gemini-2.5-flash", tokens(7, 0, 0, 0));

        assertEquals(7, usage.snapshot().of("alice").inputTokens());
        assertEquals(100, usage.snapshot(LocalDate.of(2026, 7, 15)).orElseThrow().of("alice").inputTokens());

        clock.advance(Duration.ofDays(2));
        usage.record("bob", "gemini-2.5-flash", null);
        assertTrue(usage.snapshot(LocalDate.of(2026, 7, 15)).isEmpty(), "only today and yesterday are kept");
    }
}
