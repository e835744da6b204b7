package com.geminigateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.errors.GatewayException;
import com.geminigateway.gemini.GenerateContentRequest.FunctionCallingConfig;
import com.geminigateway.gemini.GenerateContentRequest.FunctionDeclaration;
import com.geminigateway.gemini.GenerateContentRequest.Tool;
import com.geminigateway.gemini.GenerateContentRequest.ToolConfig;
import com.geminigateway.openai.ChatCompletionRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code tools} and {@code tool_choice} → Gemini's one tool object of functionDeclarations and its
 * functionCallingConfig. Schemas pass as {@code parametersJsonSchema}; models without JSON Schema support
 * get them through {@link SchemaSanitizer} as {@code parameters}. {@code strict} has no equivalent.
 */
final class Tools {

    /** Gemini's rule for function names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:\\-]{0,127}");
    static final int MAX_DECLARATIONS = 512;

    record Translated(List<Tool> tools, ToolConfig toolConfig) {
    }

    private Tools() {
    }

    static Translated translate(ChatCompletionRequest request, ModelFamily family) {
        List<ChatCompletionRequest.Tool> tools = request.tools();
        if (tools == null || tools.isEmpty()) {
            return new Translated(null, null);
        }
        if (tools.size() > MAX_DECLARATIONS) {
            throw GatewayException.invalidValue("Gemini takes at most " + MAX_DECLARATIONS + " tools.", "tools");
        }
        List<FunctionDeclaration> declarations = new ArrayList<>(tools.size());
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            declarations.add(declaration(tools.get(i), "tools[" + i + "]", family));
            names.add(declarations.get(i).name());
        }
        JsonNode choice = request.toolChoice();
        if (choice == null || choice.isNull()) {
            return new Translated(List.of(new Tool(declarations)), null);
        }
        if (choice.isTextual()) {
            String mode = switch (choice.asText()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> throw GatewayException.invalidValue("Invalid 'tool_choice' '" + choice.asText()
                        + "': expected none, auto, required or an object.", "tool_choice");
            };
            return new Translated(List.of(new Tool(declarations)), config(mode, null));
        }
        String type = choice.path("type").asText("");
        if (type.equals("function")) {
            String name = knownName(choice.path("function").path("name"), names, "tool_choice.function.name");
            return new Translated(List.of(new Tool(declarations)), config("ANY", List.of(name)));
        }
        if (type.equals("allowed_tools")) {
            JsonNode allowed = choice.path("allowed_tools");
            List<String> allowedNames = new ArrayList<>();
            JsonNode list = allowed.path("tools");
            for (int i = 0; i < list.size(); i++) {
                allowedNames.add(knownName(list.get(i).path("function").path("name"), names,
                        "tool_choice.allowed_tools.tools[" + i + "].function.name"));
            }
            if (allowedNames.isEmpty()) {
                throw GatewayException.invalidRequest("tool_choice.allowed_tools.tools must name at least one function.",
                        "tool_choice.allowed_tools.tools");
            }
            String mode = allowed.path("mode").asText("auto");
            if (mode.equals("required")) {
                return new Translated(List.of(new Tool(declarations)), config("ANY", allowedNames));
            }
            if (!mode.equals("auto")) {
                throw GatewayException.invalidValue("tool_choice.allowed_tools.mode must be auto or required.",
                        "tool_choice.allowed_tools.mode");
            }
            // AUTO cannot restrict names: offer only the allowed functions instead.
            List<FunctionDeclaration> subset = declarations.stream().filter(d -> allowedNames.contains(d.name())).toList();
            return new Translated(List.of(new Tool(subset)), config("AUTO", null));
        }
        throw GatewayException.invalidValue("Unsupported 'tool_choice' type '" + type + "'.", "tool_choice");
    }

    private static FunctionDeclaration declaration(ChatCompletionRequest.Tool tool, String param, ModelFamily family) {
        if (tool == null) {
            throw GatewayException.invalidRequest("A tool is null.", param);
        }
        if (!"function".equals(tool.type())) {
            throw GatewayException.invalidValue("Tool type '" + tool.type() + "' is not supported: Gemini takes function tools only.",
                    param + ".type");
        }
        ChatCompletionRequest.FunctionDefinition function = tool.function();
        if (function == null || function.name() == null) {
            throw GatewayException.invalidRequest("A function tool needs 'function.name'.", param + ".function.name");
        }
        if (!NAME.matcher(function.name()).matches()) {
            throw GatewayException.invalidValue("Invalid function name '" + function.name() + "': Gemini takes letters, digits,"
                    + " _ . : - (starting with a letter or _), at most 128 characters.", param + ".function.name");
        }
        JsonNode parameters = function.parameters();
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
            throw GatewayException.invalidRequest("'function.parameters' must be a JSON Schema object.", param + ".function.parameters");
        }
        boolean hasSchema = parameters != null && parameters.isObject() && !parameters.isEmpty();
        if (!hasSchema) {
            return new FunctionDeclaration(function.name(), function.description(), null, null);
        }
        return family.acceptsJsonSchema()
                ? new FunctionDeclaration(function.name(), function.description(), parameters, null)
                : new FunctionDeclaration(function.name(), function.description(), null,
                        SchemaSanitizer.toGeminiSchema(parameters));
    }

    private static String knownName(JsonNode name, Set<String> names, String param) {
        if (!name.isTextual() || !names.contains(name.asText())) {
            throw GatewayException.invalidValue("tool_choice names a function that is not in 'tools'.", param);
        }
        return name.asText();
    }

    private static ToolConfig config(String mode, List<String> allowed) {
        return new ToolConfig(new FunctionCallingConfig(mode, allowed));
    }
}
