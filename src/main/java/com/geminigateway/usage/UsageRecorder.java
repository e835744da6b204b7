package com.geminigateway.usage;

import com.geminigateway.gemini.GenerateContentResponse.UsageMetadata;

/**
 * Told when a generation call has ended, with the tokens Gemini reported for it: a finished answer, a
 * stream that ended or was abandoned (its last running total), or {@code null} when the call failed or
 * Gemini reported nothing. Implementations count a call once even if told twice.
 */
@FunctionalInterface
public interface UsageRecorder {

    void record(UsageMetadata usage);
}
