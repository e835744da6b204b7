package com.geminigateway.translate;

import com.geminigateway.gemini.GenerateContentResponse;
import com.geminigateway.gemini.GenerateContentResponse.Candidate;
import com.geminigateway.gemini.Part;
import com.geminigateway.openai.ChatCompletion;
import com.geminigateway.openai.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Gemini generateContent answer → OpenAI chat.completion (wire-formats.md D.2). A blocked prompt is a 200
 * answer with {@code finish_reason: content_filter} and a refusal, never an empty body; an answer with no
 * text and no calls carries a short explanation instead of nothing, because IDE agents fail on empty ones.
 */
public final class ChatResponseTranslator {

    public static final String SYSTEM_FINGERPRINT = "fp_gemini_gateway";

    private final ResponseOptions options;
    private final ThoughtSignatures signatures;

    public ChatResponseTranslator(ResponseOptions options, ThoughtSignatures signatures) {
        this.options = options;
        this.signatures = signatures;
    }

    public ChatCompletion toOpenAi(GenerateContentResponse response, String requestedModel, long createdEpochSeconds) {
        List<ChatCompletion.Choice> choices = new ArrayList<>();
        for (Candidate candidate : response.candidatesOrEmpty()) {
            choices.add(choice(candidate));
        }
        if (choices.isEmpty()) {
            choices.add(new ChatCompletion.Choice(0, new ChatCompletion.Message("assistant", null,
                    "Prompt blocked: " + blockReason(response), null, null, null), null, "content_filter"));
        }
        return new ChatCompletion(completionId(response.responseId()), "chat.completion", createdEpochSeconds,
                requestedModel, SYSTEM_FINGERPRINT, choices, UsageMapper.toOpenAi(response.usageMetadata()));
    }

    private ChatCompletion.Choice choice(Candidate candidate) {
        CandidateContent content = CandidateContent.of(candidate);
        List<ToolCall> toolCalls = new ArrayList<>();
        for (Part call : content.functionCalls()) {
            if (options.singleToolCall() && !toolCalls.isEmpty()) {
                break;
            }
            toolCalls.add(ToolCalls.toOpenAi(call, null, options, signatures));
        }
        String finish = FinishReasons.toOpenAi(candidate.finishReason(), !toolCalls.isEmpty());
        String text = content.text();
        String refusal = null;
        if (text.isEmpty() && toolCalls.isEmpty()) {
            text = FinishReasons.emptyAnswerText(candidate.finishReason());
            if (text == null) {
                refusal = "Response blocked: " + candidate.finishReason();
            }
        } else if (text.isEmpty()) {
            text = null; // OpenAI's shape for a pure tool-call answer
        }
        String reasoning = options.returnReasoning() && !content.reasoning().isEmpty() ? content.reasoning() : null;
        ChatCompletion.Message message = new ChatCompletion.Message("assistant", text, refusal, reasoning, reasoning,
                toolCalls.isEmpty() ? null : toolCalls);
        return new ChatCompletion.Choice(candidate.indexOrZero(), message,
                LogprobsMapper.toOpenAi(candidate.logprobsResult()), finish == null ? "stop" : finish);
    }

    /** Whether the answer is worth asking Gemini once more: no candidate with output, or a malformed call. */
    public static boolean worthRetrying(GenerateContentResponse response) {
        if (response.candidatesOrEmpty().isEmpty()) {
            return response.promptFeedback() == null || response.promptFeedback().blockReason() == null;
        }
        return response.candidatesOrEmpty().stream().allMatch(c ->
                FinishReasons.worthRetrying(c.finishReason(), CandidateContent.hasOutput(c)));
    }

    static String blockReason(GenerateContentResponse response) {
        return response.promptFeedback() != null && response.promptFeedback().blockReason() != null
                ? response.promptFeedback().blockReason() : "no candidates returned";
    }

    static String completionId(String responseId) {
        return "chatcmpl-" + (responseId == null || responseId.isBlank()
                ? UUID.randomUUID().toString().replace("-", "")
                : responseId);
    }
}
