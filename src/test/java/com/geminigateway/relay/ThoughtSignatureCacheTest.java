package com.geminigateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ThoughtSignatureCacheTest {

    @Test
    void findsWhatItKeeps() {
        ThoughtSignatureCache cache = new ThoughtSignatureCache();
        cache.remember("call_a", "c2ln");
        assertEquals(Optional.of("c2ln"), cache.find("call_a"));
        assertEquals(Optional.empty(), cache.find("call_b"));
    }

    @Test
    void staysWithinItsSizeBound() {
        // Each entry weighs about 2 KB; 20 KB hold about ten of them.
        ThoughtSignatureCache cache = new ThoughtSignatureCache(20 * 1024, Duration.ofHours(1), Runnable::run);
        String signature = "s".repeat(1000);
        IntStream.range(0, 100).forEach(i -> cache.remember("call_" + i, signature));
        long kept = IntStream.range(0, 100).filter(i -> cache.find("call_" + i).isPresent()).count();
        assertTrue(kept > 0 && kept <= 10, "kept " + kept);
    }
}
