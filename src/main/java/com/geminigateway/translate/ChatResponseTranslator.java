package com.geminigateway.translate;

import com.geminigateway.gemini.GenerateContentResponse;
import com.geminigateway.gemini.GenerateContentResponse.Candidate;
import com.geminigateway.gemini.Part;
import com.geminigateway.openai.ChatCompletion;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Gemini generateContent answer → OpenAI chat.completion. */
public final class ChatResponseTranslator {

    public static final String SYSTEM_FINGERPRINT = "fp_gemini_gateway";

    private ChatResponseTranslator() {
    }

    public static ChatCompletion translate(GenerateContentResponse response, String requestedModel, long createdEpochSeconds) {
        List<ChatCompletion.Choice> choices = new ArrayList<>();
        for (Candidate candidate : response.candidatesOrEmpty()) {
            String text = visibleText(candidate);
            String finish = FinishReasons.toOpenAi(candidate.finishReason());
            choices.add(new ChatCompletion.Choice(candidate.indexOrZero(),
                    new ChatCompletion.Message("assistant", text, null), null, finish == null ? "stop" : finish));
        }
        if (choices.isEmpty()) {
            // A blocked prompt has no candidates: answer as OpenAI does for filtered content, never an empty body.
            String reason = response.promptFeedback() != null && response.promptFeedback().blockReason() != null
                    ? response.promptFeedback().blockReason() : "no candidates returned";
            choices.add(new ChatCompletion.Choice(0,
                    new ChatCompletion.Message("assistant", null, "Prompt blocked: " + reason), null, "content_filter"));
        }
        return new ChatCompletion(completionId(response.responseId()), "chat.completion", createdEpochSeconds,
                requestedModel, SYSTEM_FINGERPRINT, choices, UsageMapper.toOpenAi(response.usageMetadata()));
    }

    /** The candidate's text without thought summaries; "" rather than null so clients always get a string. */
    static String visibleText(Candidate candidate) {
        if (candidate.content() == null || candidate.content().parts() == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (Part part : candidate.content().parts()) {
            if (!part.isThought() && part.text() != null) {
                sb.append(part.text());
            }
        }
        return sb.toString();
    }

    static String completionId(String responseId) {
        return "chatcmpl-" + (responseId == null || responseId.isBlank()
                ? UUID.randomUUID().toString().replace("-", "")
                : responseId);
    }
}
