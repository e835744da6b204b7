package com.geminigateway.ratelimit;

import java.time.Duration;

/**
 * The state of one limit as the client sees it in the X-RateLimit headers.
 *
 * @param limit     requests (or, for a client key's daily allowance, tokens) the limit allows
 * @param remaining what is left now
 * @param reset     how long until the limit is whole again
 */
public record Quota(long limit, long remaining, Duration reset) {
}
