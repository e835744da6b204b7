package com.geminigateway.translate;

import java.util.Map;

/**
 * The configuration the chat translators read.
 *
 * @param disableSafetyFiltering   send {@code OFF} instead of {@code BLOCK_NONE} for every harm category
 * @param returnReasoning          return thought summaries even when the client does not ask for them
 * @param reasoningBudgets         reasoning_effort → thinkingBudget for Gemini 2.5 models (minimal, low, medium, high)
 * @param fillWriteToFileLineCount add {@code line_count} to {@code write_to_file} tool calls that lack it
 */
public record ConversionSettings(boolean disableSafetyFiltering, boolean returnReasoning,
                                 Map<String, Integer> reasoningBudgets, boolean fillWriteToFileLineCount) {

    /** Google's own table for its OpenAI compatibility layer. */
    public static final Map<String, Integer> DEFAULT_BUDGETS =
            Map.of("minimal", 1024, "low", 1024, "medium", 8192, "high", 24576);

    public static final ConversionSettings DEFAULT = new ConversionSettings(false, false, DEFAULT_BUDGETS, false);

    public ConversionSettings {
        reasoningBudgets = Map.copyOf(reasoningBudgets);
    }
}
