package com.geminigateway.translate;

import com.geminigateway.gemini.GenerateContentResponse;
import com.geminigateway.gemini.GenerateContentResponse.Candidate;
import com.geminigateway.json.Json;
import com.geminigateway.openai.ChatCompletionChunk;
import com.geminigateway.openai.ChatCompletionChunk.Delta;
import com.geminigateway.openai.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns Gemini stream chunks into OpenAI SSE frames as they arrive. One instance per stream, fed from one
 * thread at a time. The role delta comes first for each choice, each chunk's new text follows, the
 * finish reason closes each choice, then the optional usage chunk and {@code [DONE]}.
 */
public final class ChatStreamTranslator {

    public static final String DONE_FRAME = "data: [DONE]\n\n";

    private final String model;
    private final long created;
    private final boolean includeUsage;
    private String id;
    private final Map<Integer, ChoiceState> choices = new TreeMap<>();
    private GenerateContentResponse.UsageMetadata lastUsage;

    private static final class ChoiceState {
        boolean finished;
    }

    public ChatStreamTranslator(String model, long createdEpochSeconds, boolean includeUsage) {
        this.model = model;
        this.created = createdEpochSeconds;
        this.includeUsage = includeUsage;
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
                frames.add(frame(0, new Delta(null, null, "Prompt blocked: " + chunk.promptFeedback().blockReason()), null));
                frames.add(frame(0, new Delta(null, null, null), "content_filter"));
            }
            return frames;
        }
        for (Candidate candidate : chunk.candidatesOrEmpty()) {
            int index = candidate.indexOrZero();
            ChoiceState state = choice(index, frames);
            if (state.finished) {
                continue;
            }
            String text = ChatResponseTranslator.visibleText(candidate);
            if (!text.isEmpty()) {
                frames.add(frame(index, new Delta(null, text, null), null));
            }
            String finish = FinishReasons.toOpenAi(candidate.finishReason());
            if (finish != null) {
                state.finished = true;
                frames.add(frame(index, new Delta(null, null, null), finish));
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
                state.finished = true;
                frames.add(frame(index, new Delta(null, null, null), "stop"));
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

    /** The usage seen so far (the last running total), for accounting. */
    public GenerateContentResponse.UsageMetadata lastUsage() {
        return lastUsage;
    }

    private ChoiceState choice(int index, List<String> frames) {
        ChoiceState state = choices.get(index);
        if (state == null) {
            state = new ChoiceState();
            choices.put(index, state);
            frames.add(frame(index, new Delta("assistant", "", null), null));
        }
        return state;
    }

    private String frame(int index, Delta delta, String finishReason) {
        return data(new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                ChatResponseTranslator.SYSTEM_FINGERPRINT,
                List.of(new ChatCompletionChunk.Choice(index, delta, null, finishReason)), null));
    }

    public static String data(Object payload) {
        return "data: " + Json.toString(payload) + "\n\n";
    }
}
