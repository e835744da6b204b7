package com.geminigateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;

/**
 * The fields of an OpenAI chat request that the gateway reads. Anything else a client sends (user, store,
 * metadata, logit_bias, service_tier, prediction, ...) is dropped here and so can never reach Gemini,
 * which rejects unknown field names with 400.
 */
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        /** An extension many clients send; Gemini's topK. */
        @JsonProperty("top_k") Integer topK,
        Integer n,
        Long seed,
        @JsonProperty("presence_penalty") Double presencePenalty,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        /** A string, an array of strings, or null. */
        JsonNode stop,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @JsonProperty("response_format") JsonNode responseFormat,
        List<Tool> tools,
        /** "none" | "auto" | "required" | {type:function,...} | {type:allowed_tools,...}. */
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        /** OpenRouter's switch for returning reasoning; honoured as "the client asks for thoughts". */
        @JsonProperty("include_reasoning") Boolean includeReasoning,
        List<String> modalities,
        /** Google's compatibility layer reads Gemini-only options from a literal "extra_body" key. */
        @JsonProperty("extra_body") JsonNode extraBody) {

    public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {
    }

    /** {type:"function", function:{name, description, parameters, strict}}; other types are rejected. */
    public record Tool(String type, FunctionDefinition function) {
    }

    public record FunctionDefinition(String name, String description, JsonNode parameters, Boolean strict) {
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /** extra_body.google, or a missing node. */
    public JsonNode google() {
        return extraBody == null ? MissingNode.getInstance() : extraBody.path("google");
    }
}
