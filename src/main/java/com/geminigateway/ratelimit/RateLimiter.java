package com.geminigateway.ratelimit;

import com.geminigateway.auth.Client;
import com.geminigateway.config.GatewayConfig;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.errors.RetryAfter;
import com.geminigateway.usage.PacificDay;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The client rate limits, as Bucket4j buckets: all clients together per minute, one address per minute
 * and per Pacific day, and a client key's own requests per minute and per day and tokens per day.
 *
 * <p>A request is admitted only if every limit that applies to it has room, and then it takes from all
 * of them. That decision is made under one short lock, so it is all-or-nothing and exact under any
 * concurrency: N parallel requests against a limit of L admit exactly L, and a request refused by one
 * limit spends nothing from the others.
 *
 * <p>Minute limits refill gradually (L per minute, one every 60/L seconds, bursts up to L). Daily limits
 * do not refill: each Pacific day gets fresh buckets, because such a day lasts 23 to 25 hours and no
 * fixed period fits it.
 */
public final class RateLimiter {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** Longer than any Pacific day: a daily bucket is replaced at midnight before it could refill. */
    private static final Duration NEVER_WITHIN_A_DAY = Duration.ofDays(2);

    private final GatewayConfig.Limits limits;
    private final ToLongFunction<String> tokensToday;
    private final Clock clock;
    private final TimeMeter time;

    // All guarded by "this".
    private final Bucket global;
    private final Map<String, MinuteBucket> perAddressMinute = new HashMap<>();
    private final Map<String, Bucket> perAddressDay = new HashMap<>();
    private final Map<String, MinuteBucket> perClientMinute = new HashMap<>();
    private final Map<String, Bucket> perClientDay = new HashMap<>();
    private LocalDate day;
    private Instant lastSweep;

    /** @param tokensToday tokens a client (by name) has used this Pacific day */
    public RateLimiter(GatewayConfig.Limits limits, ToLongFunction<String> tokensToday, Clock clock) {
        this.limits = limits;
        this.tokensToday = tokensToday;
        this.clock = clock;
        this.time = new BucketClock(clock);
        this.global = limits.maxRequestsPerMinute() > 0 ? perMinute(limits.maxRequestsPerMinute()) : null;
        this.day = PacificDay.dayOf(clock.instant());
        this.lastSweep = clock.instant();
    }

    /** Admits the request of {@code client} from {@code address} and counts it, or says why not. */
    public synchronized RateLimitDecision acquire(String address, Client client) {
        Instant now = clock.instant();
        housekeeping(now);
        List<Limit> applicable = applicable(address, client, now);
        if (applicable.isEmpty()) {
            return RateLimitDecision.UNLIMITED;
        }
        Limit refusing = null;
        Duration longestWait = Duration.ZERO;
        for (Limit limit : applicable) {
            Optional<Duration> wait = limit.waitIfExhausted();
            if (wait.isPresent() && (refusing == null || wait.get().compareTo(longestWait) > 0)) {
                refusing = limit;
                longestWait = wait.get();
            }
        }
        if (refusing != null) {
            GatewayException refusal = new GatewayException(429, refusing.errorType(), "rate_limit_exceeded", null,
                    refusing.refusal() + " Try again in " + readable(longestWait) + ".", longestWait);
            return new RateLimitDecision(Optional.of(refusing.quota()), Optional.of(refusal));
        }
        Quota tightest = null;
        for (Limit limit : applicable) {
            Quota quota = limit.take();
            if (limit.countsRequests() && (tightest == null || quota.remaining() < tightest.remaining())) {
                tightest = quota;
            }
        }
        return new RateLimitDecision(Optional.ofNullable(tightest), Optional.empty());
    }

    private List<Limit> applicable(String address, Client client, Instant now) {
        List<Limit> applicable = new ArrayList<>(6);
        int perIpMinute = limits.maxRequestsPerMinutePerIp();
        int perIpDay = limits.maxRequestsPerDayPerIp();
        if (global != null) {
            applicable.add(new MinuteLimit(global, limits.maxRequestsPerMinute(),
                    "This gateway accepts at most " + limits.maxRequestsPerMinute() + " requests per minute from all clients together."));
        }
        if (perIpMinute > 0) {
            applicable.add(new MinuteLimit(perAddressMinute.computeIfAbsent(address, a -> new MinuteBucket(perIpMinute)).bucket(),
                    perIpMinute,
                    "At most " + perIpMinute + " requests per minute are accepted from one address (" + address + ")."));
        }
        if (perIpDay > 0) {
            applicable.add(new DayLimit(perAddressDay.computeIfAbsent(address, a -> perDay(perIpDay)), perIpDay, now,
                    "The daily limit of " + perIpDay + " requests from one address (" + address
                            + ") is reached; it resets at midnight Pacific time."));
        }
        int clientMinute = client.limits().requestsPerMinute();
        if (clientMinute > 0) {
            applicable.add(new MinuteLimit(perClientMinute.computeIfAbsent(client.name() + "/" + clientMinute,
                    k -> new MinuteBucket(clientMinute)).bucket(), clientMinute,
                    "Client key '" + client.name() + "' may make at most " + clientMinute + " requests per minute."));
        }
        int clientDay = client.limits().requestsPerDay();
        if (clientDay > 0) {
            applicable.add(new DayLimit(perClientDay.computeIfAbsent(client.name() + "/" + clientDay,
                    k -> perDay(clientDay)), clientDay, now,
                    "Client key '" + client.name() + "' reached its daily limit of " + clientDay
                            + " requests; it resets at midnight Pacific time."));
        }
        long tokens = client.limits().tokensPerDay();
        if (tokens > 0) {
            applicable.add(new TokenAllowance(tokens, tokensToday.applyAsLong(client.name()), now,
                    "Client key '" + client.name() + "' used its daily allowance of " + tokens
                            + " tokens; it resets at midnight Pacific time."));
        }
        return applicable;
    }

    /** A new Pacific day starts every daily limit afresh; full minute buckets are forgotten (a new one is the same). */
    private void housekeeping(Instant now) {
        LocalDate today = PacificDay.dayOf(now);
        if (!today.equals(day)) {
            day = today;
            perAddressDay.clear();
            perClientDay.clear();
        }
        if (Duration.between(lastSweep, now).compareTo(MINUTE) >= 0) {
            lastSweep = now;
            perAddressMinute.values().removeIf(MinuteBucket::isFull);
            perClientMinute.values().removeIf(MinuteBucket::isFull);
        }
    }

    /** A minute bucket in a keyed map, with the capacity that tells when it can be forgotten. */
    private final class MinuteBucket {
        private final Bucket bucket;
        private final long capacity;

        MinuteBucket(long capacity) {
            this.bucket = perMinute(capacity);
            this.capacity = capacity;
        }

        Bucket bucket() {
            return bucket;
        }

        boolean isFull() {
            return bucket.getAvailableTokens() >= capacity;
        }
    }

    private Bucket perMinute(long capacity) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, MINUTE))
                .withCustomTimePrecision(time)
                .withSynchronizationStrategy(SynchronizationStrategy.NONE) // guarded by this limiter's lock
                .build();
    }

    private Bucket perDay(long capacity) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillIntervally(capacity, NEVER_WITHIN_A_DAY))
                .withCustomTimePrecision(time)
                .withSynchronizationStrategy(SynchronizationStrategy.NONE)
                .build();
    }

    /** One limit that applies to the request at hand. */
    private interface Limit {
        /** Empty if there is room for one more request, else how long until there is. */
        Optional<Duration> waitIfExhausted();

        /** Takes one request's share and tells what is left. */
        Quota take();

        Quota quota();

        String refusal();

        default String errorType() {
            return "requests";
        }

        default boolean countsRequests() {
            return true;
        }
    }

    private record MinuteLimit(Bucket bucket, long capacity, String refusal) implements Limit {
        @Override
        public Optional<Duration> waitIfExhausted() {
            EstimationProbe probe = bucket.estimateAbilityToConsume(1);
            return probe.canBeConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }

        @Override
        public Quota take() {
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            return new Quota(capacity, probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForReset()));
        }

        @Override
        public Quota quota() {
            long remaining = bucket.getAvailableTokens();
            long untilFull = bucket.estimateAbilityToConsume(capacity).getNanosToWaitForRefill();
            return new Quota(capacity, Math.max(0, remaining), Duration.ofNanos(untilFull));
        }
    }

    private record DayLimit(Bucket bucket, long capacity, Instant now, String refusal) implements Limit {
        @Override
        public Optional<Duration> waitIfExhausted() {
            return bucket.estimateAbilityToConsume(1).canBeConsumed() ? Optional.empty() : Optional.of(untilMidnight(now));
        }

        @Override
        public Quota take() {
            return new Quota(capacity, bucket.tryConsumeAndReturnRemaining(1).getRemainingTokens(), untilMidnight(now));
        }

        @Override
        public Quota quota() {
            return new Quota(capacity, Math.max(0, bucket.getAvailableTokens()), untilMidnight(now));
        }
    }

    /** Tokens are known only after a call: the allowance admits requests while today's total is below it. */
    private record TokenAllowance(long allowance, long used, Instant now, String refusal) implements Limit {
        @Override
        public Optional<Duration> waitIfExhausted() {
            return used < allowance ? Optional.empty() : Optional.of(untilMidnight(now));
        }

        @Override
        public Quota take() {
            return quota();
        }

        @Override
        public Quota quota() {
            return new Quota(allowance, Math.max(0, allowance - used), untilMidnight(now));
        }

        @Override
        public String errorType() {
            return "tokens";
        }

        @Override
        public boolean countsRequests() {
            return false;
        }
    }

    /** "15 s", "14 min", "13 h 59 min": rounded up, like Retry-After. */
    static String readable(Duration wait) {
        long seconds = Long.parseLong(RetryAfter.seconds(wait));
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        return minutes < 120 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
    }

    private static Duration untilMidnight(Instant now) {
        return Duration.between(now, PacificDay.nextMidnight(now));
    }
}
