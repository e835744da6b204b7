package com.geminigateway.translate;

import com.geminigateway.gemini.GenerateContentResponse;
import com.geminigateway.gemini.GenerateContentResponse.Candidate;
import com.geminigateway.gemini.Part;
import com.geminigateway.json.Json;
import com.geminigateway.openai.ChatCompletionChunk;
import com.geminigateway.openai.ChatCompletionChunk.Delta;
import com.geminigateway.openai.Logprobs;
import com.geminigateway.openai.ToolCall;
import com.geminigateway.openai.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns Gemini stream chunks into OpenAI SSE frames as they arrive (wire-formats.md D.4). One instance per
 * upstream attempt, fed from one thread at a time. Per choice: the role delta first, then reasoning (when
 * returned), text and tool calls as they come, each tool call as a delta with its index, id, type and name
 * followed by one with its arguments; the finish reason closes the choice. Then the optional usage chunk
 * and {@code [DONE]}.
 */
public final class ChatStreamTranslator {

    public static final String DONE_FRAME = "data: [DONE]\n\n";

    private final String model;
    private final long created;
    private final boolean includeUsage;
    private final ResponseOptions options;
    private final ThoughtSignatures signatures;
    private String id;
    private final Map<Integer, ChoiceState> choices = new TreeMap<>();
    private GenerateContentResponse.UsageMetadata lastUsage;
    private boolean output;
    private boolean blocked;

    private static final class ChoiceState {
        boolean finished;
        boolean hasOutput;
        int toolCalls;
        String lastFinishReason;
    }

    public ChatStreamTranslator(String model, long createdEpochSeconds, boolean includeUsage, ResponseOptions options,
                                ThoughtSignatures signatures) {
        this.model = model;
        this.created = createdEpochSeconds;
        this.includeUsage = includeUsage;
        this.options = options;
        this.signatures = signatures;
    }

    /** The frames for one upstream chunk (possibly none). */
    public List<String> onChunk(GenerateContentResponse chunk) {
        if (id == null) {
            id = ChatResponseTranslator.completionId(chunk.responseId());
        }
        if (chunk.usageMetadata() != null) {
            lastUsage = chunk.usageMetadata(); // running totals: the last one is the final count
        }
        List<String> frames = new ArrayList<>(2);
        if (chunk.candidatesOrEmpty().isEmpty() && chunk.promptFeedback() != null
                && chunk.promptFeedback().blockReason() != null) {
            ChoiceState state = choice(0, frames);
            if (!state.finished) {
                state.finished = true;
                blocked = true;
                frames.add(frame(0, Delta.refusal("Prompt blocked: " + chunk.promptFeedback().blockReason()), null, null));
                frames.add(frame(0, Delta.EMPTY, null, "content_filter"));
            }
            return frames;
        }
        for (Candidate candidate : chunk.candidatesOrEmpty()) {
            int index = candidate.indexOrZero();
            ChoiceState state = choice(index, frames);
            if (state.finished) {
                continue;
            }
            CandidateContent content = CandidateContent.of(candidate);
            Logprobs logprobs = LogprobsMapper.toOpenAi(candidate.logprobsResult());
            if (options.returnReasoning() && !content.reasoning().isEmpty()) {
                frames.add(frame(index, Delta.reasoning(content.reasoning()), null, null));
                output = true;
            }
            if (!content.text().isEmpty() || logprobs != null) {
                frames.add(frame(index, Delta.content(content.text()), logprobs, null));
                state.hasOutput |= !content.text().isEmpty();
                output |= !content.text().isEmpty();
            }
            for (Part call : content.functionCalls()) {
                if (options.singleToolCall() && state.toolCalls > 0) {
                    break;
                }
                toolCallFrames(index, state, call, frames);
            }
            if (candidate.finishReason() != null) {
                state.lastFinishReason = candidate.finishReason();
                close(index, state, frames);
            }
        }
        return frames;
    }

    /** Closes the stream: a finish reason for any choice the upstream left open, usage if asked, [DONE]. */
    public List<String> finish() {
        List<String> frames = new ArrayList<>(3);
        if (id == null) {
            id = ChatResponseTranslator.completionId(null);
        }
        choice(0, frames);
        choices.forEach((index, state) -> {
            if (!state.finished) {
                close(index, state, frames);
            }
        });
        if (includeUsage) {
            Usage usage = UsageMapper.toOpenAi(lastUsage);
            if (usage == null) {
                usage = new Usage(0, 0, 0, new Usage.PromptDetails(0), new Usage.CompletionDetails(0));
            }
            frames.add(data(new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                    ChatResponseTranslator.SYSTEM_FINGERPRINT, List.of(), usage)));
        }
        frames.add(DONE_FRAME);
        return frames;
    }

    /** Whether Gemini's own output (text, returned reasoning or a tool call) has been turned into frames. */
    public boolean hasOutput() {
        return output;
    }

    /**
     * Whether this attempt produced nothing worth sending (no candidate output, or a malformed function call),
     * so that asking Gemini once more is better than answering.
     */
    public boolean worthRetrying() {
        if (output || blocked) {
            return false;
        }
        return choices.values().stream().allMatch(s -> FinishReasons.worthRetrying(s.lastFinishReason, s.hasOutput));
    }

    /** The usage seen so far (the last running total), for accounting. */
    public GenerateContentResponse.UsageMetadata lastUsage() {
        return lastUsage;
    }

    private void toolCallFrames(int index, ChoiceState state, Part part, List<String> frames) {
        ToolCall call = ToolCalls.toOpenAi(part, state.toolCalls++, options, signatures);
        ToolCall head = new ToolCall(call.index(), call.id(), call.type(),
                new ToolCall.Function(call.function().name(), ""), call.extraContent());
        ToolCall arguments = new ToolCall(call.index(), null, null,
                new ToolCall.Function(null, call.function().arguments()), null);
        frames.add(frame(index, Delta.toolCall(head), null, null));
        frames.add(frame(index, Delta.toolCall(arguments), null, null));
        state.hasOutput = true;
        output = true;
    }

    /** The finish frame, preceded by a stand-in text (or a refusal) when the choice said nothing at all. */
    private void close(int index, ChoiceState state, List<String> frames) {
        state.finished = true;
        if (!state.hasOutput) {
            String text = FinishReasons.emptyAnswerText(state.lastFinishReason);
            frames.add(frame(index, text != null ? Delta.content(text)
                    : Delta.refusal("Response blocked: " + state.lastFinishReason), null, null));
        }
        String finish = FinishReasons.toOpenAi(state.lastFinishReason, state.toolCalls > 0);
        frames.add(frame(index, Delta.EMPTY, null, finish == null ? "stop" : finish));
    }

    private ChoiceState choice(int index, List<String> frames) {
        ChoiceState state = choices.get(index);
        if (state == null) {
            state = new ChoiceState();
            choices.put(index, state);
            frames.add(frame(index, new Delta("assistant", "", null, null, null, null), null, null));
        }
        return state;
    }

    private String frame(int index, Delta delta, Logprobs logprobs, String finishReason) {
        return data(new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                ChatResponseTranslator.SYSTEM_FINGERPRINT,
                List.of(new ChatCompletionChunk.Choice(index, delta, logprobs, finishReason)), null));
    }

    public static String data(Object payload) {
        return "data: " + Json.toString(payload) + "\n\n";
    }
}
