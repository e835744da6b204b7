package com.geminigateway.translate;

import com.geminigateway.gemini.GenerateContentResponse.UsageMetadata;
import com.geminigateway.openai.Usage;

/** Gemini usageMetadata → OpenAI usage: completion tokens include thinking, as OpenAI counts reasoning. */
public final class UsageMapper {

    private UsageMapper() {
    }

    public static Usage toOpenAi(UsageMetadata u) {
        if (u == null) {
            return null;
        }
        int prompt = n(u.promptTokenCount()) + n(u.toolUsePromptTokenCount());
        int thoughts = n(u.thoughtsTokenCount());
        int completion = n(u.candidatesTokenCount()) + thoughts;
        return new Usage(prompt, completion, prompt + completion,
                new Usage.PromptDetails(n(u.cachedContentTokenCount())),
                new Usage.CompletionDetails(thoughts));
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }
}
