package com.geminigateway.status;

import com.geminigateway.ratelimit.BucketClock;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * At most {@value #ATTEMPTS_PER_MINUTE} login attempts per minute from one address (bursts of that many,
 * then one every 12 seconds), whatever their outcome, so the password cannot be guessed by trying. Bucket4j
 * buckets on the gateway's clock, in a bounded cache.
 */
final class LoginThrottle {

    static final int ATTEMPTS_PER_MINUTE = 5;

    private final BucketClock time;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(10)).build();

    LoginThrottle(Clock clock) {
        this.time = new BucketClock(clock);
    }

    /** Empty when the attempt may go ahead (and is counted), else how long until one may. */
    Optional<Duration> attempt(String address) {
        Bucket bucket = buckets.get(address, a -> Bucket.builder()
                .addLimit(l -> l.capacity(ATTEMPTS_PER_MINUTE).refillGreedy(ATTEMPTS_PER_MINUTE, Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
