package com.geminigateway.relay;

import com.geminigateway.errors.GatewayException;
import com.geminigateway.errors.OpenAiErrors;
import com.geminigateway.gemini.GenerateContentResponse;
import com.geminigateway.json.Json;
import com.geminigateway.translate.ChatResponseTranslator;
import com.geminigateway.translate.ChatStreamTranslator;
import com.geminigateway.translate.ThoughtSignatures;
import jakarta.servlet.AsyncContext;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.core5.http.Method;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Carries one chat completion to Gemini and its answer back, failing over to another key while nothing
 * has reached the client yet. An answer without any output (or with a malformed function call) is asked
 * for once more before the client gets it. No thread waits: every step runs on a callback.
 */
public final class ChatRelay {

    private static final Logger LOG = LogManager.getLogger(ChatRelay.class);

    private final PooledCalls calls;
    private final ThoughtSignatures signatures;
    private final Duration heartbeat;
    private final ActiveStreams streams;

    public ChatRelay(PooledCalls calls, ThoughtSignatures signatures, Duration heartbeat, ActiveStreams streams) {
        this.streams = streams;
        this.calls = calls;
        this.signatures = signatures;
        this.heartbeat = heartbeat;
    }

    /** A chat answered as one JSON body. */
    public void complete(ChatCall call, AsyncResponse async, AsyncContext servlet) {
        generate(call, true).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    answerError(call, async, UpstreamErrors.of(error, call.requestId()));
                    return;
                }
                call.usageRecorder().record(response.usageMetadata());
                var completion = new ChatResponseTranslator(call.response(), signatures)
                        .toOpenAi(response, call.model(), call.created());
                Answers.send(async, servlet, MediaType.APPLICATION_JSON_TYPE, Json.toBytes(completion));
            } catch (RuntimeException e) {
                answerError(call, async, UpstreamErrors.of(e, call.requestId()));
            }
        });
    }

    /** A chat answered as OpenAI SSE chunks, forwarded as Gemini produces them. */
    public void stream(ChatCall call, AsyncResponse async, AsyncContext servlet) {
        new ChatStream(call, async, servlet, this).start();
    }

    /** One generateContent, and a second one when the first said nothing usable. */
    private CompletableFuture<GenerateContentResponse> generate(ChatCall call, boolean mayRetry) {
        return calls.call(call.requestId(), call.model(), Method.POST, call.generatePath(), call.body(),
                        ChatRelay::read, GenerateContentResponse::usageMetadata)
                .thenCompose(response -> {
                    if (mayRetry && ChatResponseTranslator.worthRetrying(response)) {
                        LOG.info("[{}] Gemini gave no usable answer ({}); asking once more", call.requestId(),
                                finishReasons(response));
                        return generate(call, false);
                    }
                    return CompletableFuture.completedFuture(response);
                });
    }

    private static GenerateContentResponse read(byte[] bytes) {
        try {
            return Json.read(bytes, GenerateContentResponse.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String finishReasons(GenerateContentResponse response) {
        return response.candidatesOrEmpty().stream().map(c -> String.valueOf(c.finishReason())).toList().toString();
    }

    void answerError(ChatCall call, AsyncResponse async, GatewayException e) {
        call.usageRecorder().record(null);
        async.resume(OpenAiErrors.response(UpstreamErrors.reported(call.requestId(), e)));
    }

    ChatStreamTranslator newStreamTranslator(ChatCall call) {
        return new ChatStreamTranslator(call.model(), call.created(), call.includeUsage(), call.response(), signatures);
    }

    ActiveStreams streams() {
        return streams;
    }

    PooledCalls calls() {
        return calls;
    }


    Duration heartbeat() {
        return heartbeat;
    }
}
