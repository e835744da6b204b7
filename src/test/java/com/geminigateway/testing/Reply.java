package com.geminigateway.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What {@link FakeGemini} answers to a generateContent / streamGenerateContent request. Immutable:
 * every {@code with}-style method returns a changed copy, so one instance can be shared by scripts.
 *
 * <h2>Events</h2>
 * A reply is a sequence of <em>events</em>, numbered from 0. Streamed, each content chunk is one SSE
 * event carrying only its own new text; the last chunk carries {@code finishReason}, every chunk carries
 * {@code usageMetadata} with running totals, and all share one {@code responseId}. Non-streamed, the
 * chunks are joined into one response. The position right after the last chunk (index = number of
 * chunks) is the end of the stream, where {@link #errorAfter} / {@link #dropAfter} act.
 *
 * <h2>Timing</h2>
 * Before event <i>i</i> the fake waits {@link #firstChunkDelay} (i = 0) or {@link #chunkDelay} (i &gt; 0),
 * then waits for the {@link Gate} registered for <i>i</i>, if any. A gate at the end position holds
 * back the end of the stream (or the mid-stream error). A non-streamed reply waits for the total of
 * those delays and for all its gates, then answers at once.
 *
 * <pre>
 * Reply.text("Hel", "lo!")                                      // two chunks, finishReason STOP
 * Reply.text("Hello").finishReason("MAX_TOKENS").usage(12, 3, 40)
 * Reply.text("a", "b", "c").chunkDelay(Duration.ofMillis(50)).gate(1, gate)
 * Reply.text("partial ").errorAfter(1)                          // then data: {"error":{"code":500,…}}
 * Reply.text("partial ").dropAfter(1)                           // then the connection is cut
 * Reply.error(GeminiError.inputTokenLimitExceeded())            // HTTP 400 instead of content
 * Reply.promptBlocked("SAFETY")
 * Reply.endless(Duration.ofMillis(20)).maxDuration(Duration.ofSeconds(5))
 * Reply.json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":{}}}]},\"finishReason\":\"STOP\"}]}")
 * </pre>
 */
public final class Reply {

    /** How long an {@link #endless} reply runs when the client never goes away. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofSeconds(30);

    private enum Kind { ECHO, TEXT, JSON, HTTP_ERROR, PROMPT_BLOCKED, ENDLESS }

    /** Mutable while a copy is being made by {@link #with}; frozen once a Reply holds it. */
    private static final class Spec implements Cloneable {
        Kind kind;
        List<String> chunks = List.of();          // TEXT; ENDLESS uses chunks.get(0)
        List<ObjectNode> jsonChunks = List.of();  // JSON; never mutated, deep-copied on use
        GeminiError httpError;                    // HTTP_ERROR
        String blockReason;                       // PROMPT_BLOCKED
        String finishReason = "STOP";
        Integer promptTokens;
        Integer candidatesTokens;
        Integer thoughtsTokens;
        Duration firstChunkDelay = Duration.ZERO;
        Duration chunkDelay = Duration.ZERO;
        Duration maxDuration = DEFAULT_MAX_DURATION;
        Map<Integer, Gate> gates = Map.of();
        Integer errorAfter;
        GeminiError midStreamError;
        Integer dropAfter;

        Spec copy() {
            try {
                return (Spec) clone();  // shallow is enough: every field holds an immutable value
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Per-request facts a reply is rendered with. */
    record Context(String model, String responseId, String lastUserText, int promptWords) {
    }

    private final Spec spec;

    private Reply(Spec spec) {
        this.spec = spec;
    }

    private static Reply of(Kind kind, Consumer<Spec> init) {
        Spec spec = new Spec();
        spec.kind = kind;
        init.accept(spec);
        return new Reply(spec);
    }

    private Reply with(Consumer<Spec> change) {
        Spec copy = spec.copy();
        change.accept(copy);
        return new Reply(copy);
    }

    // ---------------------------------------------------------------- factories

    /** The default reply: {@code "Echo: <last user text>"}, streamed as two chunks split roughly in half. */
    public static Reply echo() {
        return of(Kind.ECHO, s -> { });
    }

    /** A text answer; each argument is one streamed chunk. */
    public static Reply text(String... chunks) {
        if (chunks.length == 0) {
            throw new IllegalArgumentException("give at least one chunk (it may be \"\")");
        }
        List<String> list = List.of(chunks);  // rejects nulls
        return of(Kind.TEXT, s -> s.chunks = list);
    }

    /**
     * Raw GenerateContentResponse objects, one per streamed chunk, sent as given (for function calls,
     * thoughts, safety ratings…). {@code modelVersion} and {@code responseId} are added when absent;
     * {@code usageMetadata} and {@code finishReason} are not. Non-streamed, the parts of
     * {@code candidates[0]} of all chunks are merged into the last chunk.
     */
    public static Reply json(String... responses) {
        if (responses.length == 0) {
            throw new IllegalArgumentException("give at least one response object");
        }
        List<ObjectNode> list = new ArrayList<>();
        for (String response : responses) {
            try {
                JsonNode node = FakeGemini.JSON.readTree(response);
                if (!(node instanceof ObjectNode)) {
                    throw new IllegalArgumentException("not a JSON object: " + response);
                }
                list.add((ObjectNode) node);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not valid JSON: " + response, e);
            }
        }
        List<ObjectNode> frozen = List.copyOf(list);
        return of(Kind.JSON, s -> s.jsonChunks = frozen);
    }

    /** An HTTP error (status {@code error.code()} plus the Google envelope) instead of content, streamed or not. */
    public static Reply error(GeminiError error) {
        Objects.requireNonNull(error, "error");
        return of(Kind.HTTP_ERROR, s -> s.httpError = error);
    }

    /** A blocked prompt: HTTP 200, one response {@code {"promptFeedback":{"blockReason":…},"usageMetadata":…}}, no candidates. */
    public static Reply promptBlocked(String blockReason) {
        Objects.requireNonNull(blockReason, "blockReason");
        return of(Kind.PROMPT_BLOCKED, s -> s.blockReason = blockReason);
    }

    /** {@link #promptBlocked(String)} with {@code "SAFETY"}. */
    public static Reply promptBlocked() {
        return promptBlocked("SAFETY");
    }

    /** {@link #endless(String, Duration)} sending {@code "tick "}. */
    public static Reply endless(Duration interval) {
        return endless("tick ", interval);
    }

    /**
     * A stream that sends {@code text} every {@code interval} until the client goes away (the fake then
     * records a {@link StreamAbort}) or {@link #maxDuration} passes (then a last, empty chunk with the
     * finish reason ends it). Non-streamed, it answers {@code text} once after {@link #maxDuration}.
     */
    public static Reply endless(String text, Duration interval) {
        Objects.requireNonNull(text, "text");
        requireNonNegative(interval, "interval");
        return of(Kind.ENDLESS, s -> {
            s.chunks = List.of(text);
            s.chunkDelay = interval;
        });
    }

    // ---------------------------------------------------------------- modifiers

    /** Finish reason of the last chunk (default {@code STOP}), e.g. {@code MAX_TOKENS}, {@code SAFETY}. */
    public Reply finishReason(String finishReason) {
        Objects.requireNonNull(finishReason, "finishReason");
        return with(s -> s.finishReason = finishReason);
    }

    /** Final token counts; {@code totalTokenCount} is their sum. Streamed chunks report candidates pro rata. */
    public Reply usage(int promptTokens, int candidatesTokens, int thoughtsTokens) {
        return with(s -> {
            s.promptTokens = promptTokens;
            s.candidatesTokens = candidatesTokens;
            s.thoughtsTokens = thoughtsTokens;
        });
    }

    /** Overrides {@code promptTokenCount} (default: number of words in the request's texts). */
    public Reply promptTokens(int count) {
        return with(s -> s.promptTokens = count);
    }

    /** Overrides the final {@code candidatesTokenCount} (default: number of words sent so far). */
    public Reply candidatesTokens(int count) {
        return with(s -> s.candidatesTokens = count);
    }

    /** Adds {@code thoughtsTokenCount} (default: absent, i.e. 0). */
    public Reply thoughtsTokens(int count) {
        return with(s -> s.thoughtsTokens = count);
    }

    /** Wait before event 0 (for an {@link #error} reply: before the error response). */
    public Reply firstChunkDelay(Duration delay) {
        requireNonNegative(delay, "delay");
        return with(s -> s.firstChunkDelay = delay);
    }

    /** Wait before every later event (for {@link #endless}: the interval). */
    public Reply chunkDelay(Duration delay) {
        requireNonNegative(delay, "delay");
        return with(s -> s.chunkDelay = delay);
    }

    /**
     * Hold event {@code eventIndex} (0-based; the end position holds back the end of the stream) until
     * {@code gate} is opened. The fake gives up after 30 s and drops the connection.
     */
    public Reply gate(int eventIndex, Gate gate) {
        Objects.requireNonNull(gate, "gate");
        requirePosition(eventIndex);
        return with(s -> {
            TreeMap<Integer, Gate> gates = new TreeMap<>(s.gates);
            gates.put(eventIndex, gate);
            s.gates = Collections.unmodifiableMap(gates);
        });
    }

    /** {@link #errorAfter(int, GeminiError)} with {@link GeminiError#internal()}. */
    public Reply errorAfter(int chunks) {
        return errorAfter(chunks, GeminiError.internal());
    }

    /**
     * After {@code chunks} chunks, send {@code data: {"error":{…}}} and end the stream (HTTP status
     * stays 200). Non-streamed, the whole answer is that error with its HTTP status.
     */
    public Reply errorAfter(int chunks, GeminiError error) {
        Objects.requireNonNull(error, "error");
        requireStreamEnding(chunks);
        return with(s -> {
            s.errorAfter = chunks;
            s.midStreamError = error;
        });
    }

    /**
     * After {@code chunks} chunks, cut the connection without finishing the HTTP response
     * ({@code dropAfter(0)}: before any response at all). Non-streamed, the connection is cut instead of answering.
     */
    public Reply dropAfter(int chunks) {
        requireStreamEnding(chunks);
        return with(s -> s.dropAfter = chunks);
    }

    /** For {@link #endless}: stop after this long even if the client is still there. */
    public Reply maxDuration(Duration maxDuration) {
        requireNonNegative(maxDuration, "maxDuration");
        return with(s -> s.maxDuration = maxDuration);
    }

    @Override
    public String toString() {
        return "Reply[" + spec.kind
                + (spec.kind == Kind.TEXT ? " " + spec.chunks : "")
                + (spec.kind == Kind.HTTP_ERROR ? " " + spec.httpError.code() + " " + spec.httpError.status() : "")
                + (spec.errorAfter != null ? ", errorAfter=" + spec.errorAfter : "")
                + (spec.dropAfter != null ? ", dropAfter=" + spec.dropAfter : "")
                + (spec.gates.isEmpty() ? "" : ", gates at " + spec.gates.keySet())
                + "]";
    }

    // ---------------------------------------------------------------- validation

    /** Number of content events, or -1 when unbounded. */
    private int eventCount() {
        return switch (spec.kind) {
            case ECHO -> 2;
            case TEXT -> spec.chunks.size();
            case JSON -> spec.jsonChunks.size();
            case PROMPT_BLOCKED -> 1;
            case HTTP_ERROR -> 0;
            case ENDLESS -> -1;
        };
    }

    private void requirePosition(int index) {
        int count = eventCount();
        if (index < 0 || (count >= 0 && index > Math.max(count, 0))) {
            throw new IllegalArgumentException("event index " + index + " out of range 0.." + Math.max(count, 0) + " for " + this);
        }
    }

    private void requireStreamEnding(int chunks) {
        if (spec.kind == Kind.HTTP_ERROR) {
            throw new IllegalStateException("an error reply has no stream to end early: " + this);
        }
        if (spec.errorAfter != null || spec.dropAfter != null) {
            throw new IllegalStateException("errorAfter and dropAfter are exclusive and may be set once: " + this);
        }
        requirePosition(chunks);
    }

    private static void requireNonNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + duration);
        }
    }

    // ---------------------------------------------------------------- used by FakeGemini

    /** The HTTP error to answer with instead of content, or null. */
    GeminiError httpError() {
        return spec.httpError;
    }

    Duration delayBefore(int eventIndex) {
        return eventIndex == 0 ? spec.firstChunkDelay : spec.chunkDelay;
    }

    /** How long a non-streamed answer takes: as long as the stream would. */
    Duration unaryDelay() {
        int count = eventCount();
        if (count < 0) {
            return spec.firstChunkDelay.plus(spec.maxDuration);
        }
        return spec.firstChunkDelay.plus(spec.chunkDelay.multipliedBy(Math.max(count - 1, 0)));
    }

    Gate gateAt(int eventIndex) {
        return spec.gates.get(eventIndex);
    }

    Collection<Gate> gatesInOrder() {
        return spec.gates.values();
    }

    boolean dropsAt(int eventIndex) {
        return spec.dropAfter != null && spec.dropAfter == eventIndex;
    }

    boolean drops() {
        return spec.dropAfter != null;
    }

    /** The mid-stream error to send at this position, or null. */
    GeminiError errorAt(int eventIndex) {
        return spec.errorAfter != null && spec.errorAfter == eventIndex ? spec.midStreamError : null;
    }

    /** The mid-stream error, or null. */
    GeminiError midStreamError() {
        return spec.midStreamError;
    }

    /** The streamed events; for an endless reply the iterator starts its clock on creation. */
    Iterator<ObjectNode> streamEvents(Context ctx) {
        return switch (spec.kind) {
            case ECHO, TEXT -> textEvents(ctx, textChunks(ctx)).iterator();
            case JSON -> spec.jsonChunks.stream().map(chunk -> withIds(chunk.deepCopy(), ctx)).iterator();
            case PROMPT_BLOCKED -> List.of(blocked(ctx)).iterator();
            case ENDLESS -> new EndlessEvents(ctx);
            case HTTP_ERROR -> throw new IllegalStateException("no events for " + this);
        };
    }

    /** The non-streamed response. */
    ObjectNode unaryResponse(Context ctx) {
        return switch (spec.kind) {
            case ECHO, TEXT, ENDLESS -> {
                String text = String.join("", textChunks(ctx));
                yield textResponse(ctx, text, spec.finishReason, usage(ctx, candidates(text, 1, 1)));
            }
            case JSON -> mergedJson(ctx);
            case PROMPT_BLOCKED -> blocked(ctx);
            case HTTP_ERROR -> throw new IllegalStateException("no response body for " + this);
        };
    }

    // ---------------------------------------------------------------- rendering

    private List<String> textChunks(Context ctx) {
        if (spec.kind != Kind.ECHO) {
            return spec.chunks;
        }
        String text = "Echo: " + ctx.lastUserText();
        int middle = text.length() / 2;
        if (Character.isHighSurrogate(text.charAt(middle - 1))) {
            middle++;  // never split a surrogate pair
        }
        return List.of(text.substring(0, middle), text.substring(middle));
    }

    private List<ObjectNode> textEvents(Context ctx, List<String> chunks) {
        List<ObjectNode> events = new ArrayList<>();
        StringBuilder soFar = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            soFar.append(chunks.get(i));
            boolean last = i == chunks.size() - 1;
            events.add(textResponse(ctx, chunks.get(i), last ? spec.finishReason : null,
                    usage(ctx, candidates(soFar, i + 1, chunks.size()))));
        }
        return events;
    }

    /** One GenerateContentResponse with a single text part; finishReason only when non-null. */
    private static ObjectNode textResponse(Context ctx, String text, String finishReason, ObjectNode usage) {
        ObjectNode response = FakeGemini.JSON.createObjectNode();
        ObjectNode candidate = response.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").addObject().put("text", text);
        content.put("role", "model");
        if (finishReason != null) {
            candidate.put("finishReason", finishReason);
        }
        candidate.put("index", 0);
        response.set("usageMetadata", usage);
        return withIds(response, ctx);
    }

    private ObjectNode blocked(Context ctx) {
        ObjectNode response = FakeGemini.JSON.createObjectNode();
        response.putObject("promptFeedback").put("blockReason", spec.blockReason);
        int prompt = promptTokens(ctx);
        response.putObject("usageMetadata").put("promptTokenCount", prompt).put("totalTokenCount", prompt);
        return withIds(response, ctx);
    }

    private ObjectNode mergedJson(Context ctx) {
        ObjectNode merged = spec.jsonChunks.get(spec.jsonChunks.size() - 1).deepCopy();
        JsonNode content = merged.path("candidates").path(0).path("content");
        if (spec.jsonChunks.size() > 1 && content instanceof ObjectNode) {
            ArrayNode parts = FakeGemini.JSON.createArrayNode();
            for (ObjectNode chunk : spec.jsonChunks) {
                JsonNode chunkParts = chunk.path("candidates").path(0).path("content").path("parts");
                if (chunkParts.isArray()) {
                    parts.addAll((ArrayNode) chunkParts.deepCopy());
                }
            }
            ((ObjectNode) content).set("parts", parts);
        }
        return withIds(merged, ctx);
    }

    private static ObjectNode withIds(ObjectNode response, Context ctx) {
        if (!response.has("modelVersion")) {
            response.put("modelVersion", ctx.model());
        }
        if (!response.has("responseId")) {
            response.put("responseId", ctx.responseId());
        }
        return response;
    }

    private int promptTokens(Context ctx) {
        return spec.promptTokens != null ? spec.promptTokens : ctx.promptWords();
    }

    /** Running candidatesTokenCount after {@code chunksSent} of {@code chunkCount} chunks (-1: unbounded). */
    private int candidates(CharSequence textSoFar, int chunksSent, int chunkCount) {
        if (spec.candidatesTokens == null) {
            return FakeGemini.words(textSoFar);
        }
        return chunkCount <= 0 ? spec.candidatesTokens : (int) ((long) spec.candidatesTokens * chunksSent / chunkCount);
    }

    private ObjectNode usage(Context ctx, int candidates) {
        int prompt = promptTokens(ctx);
        ObjectNode usage = FakeGemini.JSON.createObjectNode();
        usage.put("promptTokenCount", prompt);
        usage.put("candidatesTokenCount", candidates);
        int thoughts = 0;
        if (spec.thoughtsTokens != null) {
            thoughts = spec.thoughtsTokens;
            usage.put("thoughtsTokenCount", thoughts);
        }
        usage.put("totalTokenCount", prompt + candidates + thoughts);
        return usage;
    }

    /** Ticks until {@code maxDuration} has passed since creation, then one empty chunk with the finish reason. */
    private final class EndlessEvents implements Iterator<ObjectNode> {
        private final Context ctx;
        private final long deadline = System.nanoTime() + spec.maxDuration.toNanos();
        private final StringBuilder soFar = new StringBuilder();
        private boolean finished;

        EndlessEvents(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public boolean hasNext() {
            return !finished;
        }

        @Override
        public ObjectNode next() {
            if (finished) {
                throw new NoSuchElementException();
            }
            if (System.nanoTime() - deadline >= 0) {
                finished = true;
                return textResponse(ctx, "", spec.finishReason, usage(ctx, candidates(soFar, 1, -1)));
            }
            String tick = spec.chunks.get(0);
            soFar.append(tick);
            return textResponse(ctx, tick, null, usage(ctx, candidates(soFar, 1, -1)));
        }
    }
}
