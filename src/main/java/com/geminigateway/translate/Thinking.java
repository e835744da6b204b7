package com.geminigateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.gemini.GenerateContentRequest.ThinkingConfig;
import com.geminigateway.openai.ChatCompletionRequest;
import java.util.Locale;
import java.util.Map;

/**
 * {@code reasoning_effort} and {@code extra_body.google.thinking_config} → Gemini's thinkingConfig, per model
 * family, following Google's table for its compatibility layer (wire-formats.md C):
 * <ul>
 * <li>2.5 models: a budget from the configured table; {@code none} → 0 (Pro cannot stop: its minimum, 128).</li>
 * <li>3.x Flash: the level of the same name; {@code none} → minimal. 3.x Pro: minimal/low → low; {@code none} → low;
 *     the original 3 Pro knew only low/high, so medium → high there.</li>
 * <li>{@code xhigh} and {@code max} are clamped to high. Models that do not think get no thinkingConfig.</li>
 * </ul>
 */
final class Thinking {

    static final int PRO_MINIMUM_BUDGET = 128;

    private Thinking() {
    }

    /**
     * @return the thinkingConfig, or null for none; {@code includeThoughts} is set when reasoning goes back
     */
    static ThinkingConfig config(ChatCompletionRequest request, ModelFamily family, Map<String, Integer> budgets,
                                 boolean returnReasoning) {
        JsonNode explicit = request.google().path("thinking_config");
        if (explicit.isMissingNode() || explicit.isNull()) {
            explicit = request.google().path("thinkingConfig");
        }
        Integer budget = null;
        String level = null;
        if (explicit.isObject()) {
            budget = integer(explicit, "thinking_budget", "thinkingBudget");
            level = text(explicit, "thinking_level", "thinkingLevel");
            if (request.reasoningEffort() != null && (budget != null || level != null)) {
                throw GatewayException.invalidRequest(
                        "Send either 'reasoning_effort' or extra_body.google.thinking_config, not both.", "reasoning_effort");
            }
        } else if (!explicit.isMissingNode() && !explicit.isNull()) {
            throw GatewayException.invalidRequest("extra_body.google.thinking_config must be an object.",
                    "extra_body.google.thinking_config");
        }
        if (request.reasoningEffort() != null && family.thinks()) {
            String effort = effort(request.reasoningEffort());
            if (family.usesThinkingBudget()) {
                budget = budget(effort, family, budgets);
            } else {
                level = level(effort, family);
            }
        }
        boolean explicitConfig = explicit.isObject();
        Boolean includeThoughts = returnReasoning && (family.thinks() || explicitConfig) ? Boolean.TRUE : null;
        if (budget == null && level == null && includeThoughts == null) {
            return null;
        }
        return new ThinkingConfig(includeThoughts, budget, level);
    }

    /** Whether the request itself asks for thoughts: true, false, or null when it does not say. */
    static Boolean clientWantsThoughts(ChatCompletionRequest request) {
        JsonNode include = request.google().path("thinking_config").path("include_thoughts");
        if (include.isMissingNode()) {
            include = request.google().path("thinking_config").path("includeThoughts");
        }
        if (include.isBoolean()) {
            return include.asBoolean();
        }
        return request.includeReasoning();
    }

    private static String effort(String raw) {
        String effort = raw.toLowerCase(Locale.ROOT);
        return switch (effort) {
            case "none", "minimal", "low", "medium", "high" -> effort;
            case "xhigh", "max" -> "high";
            default -> throw GatewayException.invalidValue("Invalid 'reasoning_effort' '" + raw
                    + "': expected none, minimal, low, medium, high, xhigh or max.", "reasoning_effort");
        };
    }

    private static int budget(String effort, ModelFamily family, Map<String, Integer> budgets) {
        if (effort.equals("none")) {
            return family.canStopThinking() ? 0 : PRO_MINIMUM_BUDGET;
        }
        int budget = budgets.getOrDefault(effort, ConversionSettings.DEFAULT_BUDGETS.get(effort));
        return family.pro() ? Math.max(PRO_MINIMUM_BUDGET, budget) : budget;
    }

    private static String level(String effort, ModelFamily family) {
        if (family.pro()) {
            boolean onlyLowHigh = family.major() == 3 && family.minor() == 0;
            return switch (effort) {
                case "none", "minimal", "low" -> "low";
                case "medium" -> onlyLowHigh ? "high" : "medium";
                default -> "high";
            };
        }
        return effort.equals("none") ? "minimal" : effort;
    }

    private static Integer integer(JsonNode config, String snake, String camel) {
        JsonNode value = config.has(snake) ? config.get(snake) : config.get(camel);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw GatewayException.invalidRequest("thinking_config." + snake + " must be a whole number.",
                    "extra_body.google.thinking_config." + snake);
        }
        return value.asInt();
    }

    private static String text(JsonNode config, String snake, String camel) {
        JsonNode value = config.has(snake) ? config.get(snake) : config.get(camel);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw GatewayException.invalidRequest("thinking_config." + snake + " must be a string.",
                    "extra_body.google.thinking_config." + snake);
        }
        return value.asText();
    }
}
