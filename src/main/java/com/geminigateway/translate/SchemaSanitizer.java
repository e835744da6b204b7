package com.geminigateway.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.geminigateway.json.Json;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema → Gemini's {@code Schema} (an OpenAPI 3.0 subset), for models that take no plain JSON Schema.
 * Keywords the Schema object rejects ({@code $schema}, {@code additionalProperties}, {@code const},
 * {@code propertyNames}, ...) are dropped or rewritten: local {@code $ref}s are inlined, {@code const}
 * becomes a one-value enum, {@code oneOf} becomes {@code anyOf}, a type list with "null" becomes
 * {@code nullable}, and types are upper-case.
 */
public final class SchemaSanitizer {

    private static final Set<String> KEPT = Set.of("format", "title", "description", "nullable", "maxItems", "minItems",
            "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example", "default",
            "minimum", "maximum", "propertyOrdering");
    /** Recursive $refs are cut off here rather than expanded forever. */
    private static final int MAX_DEPTH = 32;

    private SchemaSanitizer() {
    }

    /** @return the Schema, or null when nothing of the input survives */
    public static JsonNode toGeminiSchema(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return null;
        }
        ObjectNode out = convert(schema, schema, 0);
        return out.isEmpty() ? null : out;
    }

    private static ObjectNode convert(JsonNode node, JsonNode root, int depth) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (!node.isObject() || depth > MAX_DEPTH) {
            return out;
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual()) {
            JsonNode target = resolve(ref.asText(), root);
            ObjectNode resolved = target == null ? out : convert(target, root, depth + 1);
            copyDescription(node, resolved);
            return resolved;
        }
        JsonNode allOf = node.get("allOf");
        if (allOf != null && allOf.isArray() && allOf.size() == 1) {
            ObjectNode merged = convert(allOf.get(0), root, depth + 1);
            copyDescription(node, merged);
            return merged;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (KEPT.contains(field.getKey())) {
                out.set(field.getKey(), field.getValue());
            }
        }
        type(node.get("type"), out);
        JsonNode constant = node.get("const");
        if (constant != null && !constant.isNull()) {
            out.putArray("enum").add(constant.asText());
            out.put("type", "STRING");
        }
        JsonNode values = node.get("enum");
        if (values != null && values.isArray()) {
            ArrayNode strings = out.putArray("enum");
            values.forEach(v -> {
                if (!v.isNull()) {
                    strings.add(v.asText());
                }
            });
            out.put("type", "STRING"); // Gemini's enums are string enums
        }
        JsonNode properties = node.get("properties");
        if (properties != null && properties.isObject() && properties.size() > 0) {
            ObjectNode converted = out.putObject("properties");
            properties.fields().forEachRemaining(p -> converted.set(p.getKey(), convert(p.getValue(), root, depth + 1)));
            JsonNode required = node.get("required");
            if (required != null && required.isArray()) {
                ArrayNode kept = out.putArray("required");
                required.forEach(r -> {
                    if (r.isTextual() && converted.has(r.asText())) {
                        kept.add(r.asText());
                    }
                });
                if (kept.isEmpty()) {
                    out.remove("required");
                }
            }
        }
        JsonNode items = node.get("items");
        if (items != null && items.isArray() && items.size() > 0) {
            items = items.get(0);
        }
        if (items != null && items.isObject()) {
            out.set("items", convert(items, root, depth + 1));
        }
        JsonNode anyOf = node.has("anyOf") ? node.get("anyOf") : node.get("oneOf");
        if (anyOf != null && anyOf.isArray()) {
            ArrayNode variants = Json.MAPPER.createArrayNode();
            for (JsonNode variant : anyOf) {
                if ("null".equals(variant.path("type").asText())) {
                    out.put("nullable", true);
                } else {
                    variants.add(convert(variant, root, depth + 1));
                }
            }
            if (variants.size() == 1 && !out.has("type")) {
                ((ObjectNode) variants.get(0)).fields().forEachRemaining(f -> out.set(f.getKey(), f.getValue()));
            } else if (!variants.isEmpty()) {
                out.set("anyOf", variants);
            }
        }
        return out;
    }

    private static void type(JsonNode type, ObjectNode out) {
        if (type == null) {
            return;
        }
        if (type.isTextual() && !type.asText().equals("null")) {
            out.put("type", type.asText().toUpperCase(Locale.ROOT));
        } else if (type.isArray()) {
            for (JsonNode t : type) {
                if (t.asText().equals("null")) {
                    out.put("nullable", true);
                } else if (!out.has("type")) {
                    out.put("type", t.asText().toUpperCase(Locale.ROOT));
                }
            }
        }
    }

    private static void copyDescription(JsonNode from, ObjectNode to) {
        if (from.has("description") && !to.has("description")) {
            to.set("description", from.get("description"));
        }
    }

    /** Local references only: "#/$defs/X", "#/definitions/X" or any other JSON pointer into the root. */
    private static JsonNode resolve(String ref, JsonNode root) {
        if (!ref.startsWith("#")) {
            return null;
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? null : target;
    }
}
