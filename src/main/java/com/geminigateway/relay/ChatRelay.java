package com.geminigateway.relay;

import com.geminigateway.errors.GatewayException;
import com.geminigateway.errors.OpenAiErrors;
import com.geminigateway.gemini.GenerateContentResponse;
import com.geminigateway.json.Json;
import com.geminigateway.keys.ApiKey;
import com.geminigateway.keys.Failover;
import com.geminigateway.keys.KeyPool;
import com.geminigateway.translate.ChatResponseTranslator;
import com.geminigateway.translate.ChatStreamTranslator;
import com.geminigateway.upstream.GeminiClient;
import com.geminigateway.upstream.UpstreamFailure;
import com.geminigateway.usage.TokenEstimator;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.Method;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Carries one chat completion to Gemini and its answer back, failing over to another key while nothing
 * has reached the client yet. No thread waits: every step runs on a callback.
 */
public final class ChatRelay {

    private static final Logger LOG = LogManager.getLogger(ChatRelay.class);

    private final GeminiClient client;
    private final KeyPool pool;
    private final int maxAttempts;
    private final Executor writers;
    private final ScheduledExecutorService scheduler;
    private final Duration heartbeat;

    public ChatRelay(GeminiClient client, KeyPool pool, int maxAttempts, Executor writers,
                     ScheduledExecutorService scheduler, Duration heartbeat) {
        this.client = client;
        this.pool = pool;
        this.maxAttempts = maxAttempts;
        this.writers = writers;
        this.scheduler = scheduler;
        this.heartbeat = heartbeat;
    }

    /** A chat answered as one JSON body. */
    public void complete(ChatCall call, AsyncResponse async) {
        attemptComplete(call, failover(call), async);
    }

    /** A chat answered as OpenAI SSE chunks, forwarded as Gemini produces them. */
    public void stream(ChatCall call, AsyncResponse async) {
        new ChatStream(call, failover(call), async, this).start();
    }

    /** The one place a request's failover is made: per model, with the input tokens the pool's pre-check needs. */
    Failover failover(ChatCall call) {
        return new Failover(pool, call.model(), maxAttempts, TokenEstimator.estimate(call.body()));
    }

    private void attemptComplete(ChatCall call, Failover failover, AsyncResponse async) {
        Optional<ApiKey> key = failover.next();
        if (key.isEmpty()) {
            answerError(call, async, UpstreamErrors.giveUp(failover));
            return;
        }
        client.call(Method.POST, call.generatePath(), call.body(), key.get().secret())
                .whenComplete((bytes, error) -> {
                    try {
                        if (error == null) {
                            GenerateContentResponse response = Json.read(bytes, GenerateContentResponse.class);
                            failover.completed(response.usageMetadata());
                            String json = Json.toString(ChatResponseTranslator.translate(response, call.model(), call.created()));
                            async.resume(Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build());
                            return;
                        }
                        UpstreamFailure failure = UpstreamFailure.of(error);
                        logFailure(call, key.get(), failure);
                        if (failover.failed(key.get(), failure)) {
                            later(failover.backoff(), () -> attemptComplete(call, failover, async));
                        } else {
                            answerError(call, async, UpstreamErrors.giveUp(failover));
                        }
                    } catch (Exception e) {
                        answerError(call, async, unexpected(call, e));
                    }
                });
    }

    void later(Duration delay, Runnable task) {
        if (delay.isZero()) {
            task.run();
        } else {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void answerError(ChatCall call, AsyncResponse async, GatewayException e) {
        if (e.status() >= 500 || e.status() == 429) {
            LOG.warn("[{}] {} {}: {}", call.requestId(), e.status(), e.code(), e.getMessage());
        }
        async.resume(OpenAiErrors.response(e.forRequest(call.requestId())));
    }

    void logFailure(ChatCall call, ApiKey key, UpstreamFailure failure) {
        LOG.info("[{}] key {} failed for {}: {} {}", call.requestId(), key.alias(), call.model(),
                failure.httpStatus() == 0 ? failure.kind() : failure.httpStatus(), pool.redact(failure.getMessage()));
    }

    GatewayException unexpected(ChatCall call, Exception e) {
        if (e instanceof java.io.IOException) {
            return new GatewayException(502, "server_error", "bad_upstream_response", null,
                    "Gemini sent a response the gateway could not read.", null);
        }
        LOG.error("[{}] unexpected failure", call.requestId(), e);
        return new GatewayException(500, "server_error", null, null, "Internal gateway error.", null);
    }


    GeminiClient client() {
        return client;
    }

    KeyPool pool() {
        return pool;
    }

    Executor writers() {
        return writers;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    Duration heartbeat() {
        return heartbeat;
    }
}
