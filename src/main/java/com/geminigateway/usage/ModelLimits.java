package com.geminigateway.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.geminigateway.config.ConfigException;
import com.geminigateway.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configured quotas per model and tier, from {@code conf/model_limits.json} (an editable file; the
 * copy built into the WAR is used when it is absent). Shape:
 * <pre>
 * {"models": {
 *    "gemini-2.5-flash": {"free": {"rpm": 5, "tpm": 250000, "rpd": 20}, "tier1": {"rpm": 1000, ...}},
 *    "gemma-3-27b-it":   {"rpm": 30, "tpm": 15000, "rpd": 14400}        // the same for every tier
 * }}
 * </pre>
 * Names starting with "_" are comments. A metric left out (or null) has no known limit. Immutable.
 */
public final class ModelLimits {

    /** Where the built-in copy lives on the class path. */
    public static final String BUILT_IN = "/model_limits.json";
    private static final String EVERY_TIER = "*";

    private final Map<String, Map<String, ModelLimit>> byModel;
    private final Set<String> tiers;
    private final String origin;

    private ModelLimits(Map<String, Map<String, ModelLimit>> byModel, Set<String> tiers, String origin) {
        this.byModel = byModel;
        this.tiers = tiers;
        this.origin = origin;
    }

    public static ModelLimits empty() {
        return new ModelLimits(Map.of(), Set.of(), "(none)");
    }

    /**
     * Reads {@code file}, or the built-in copy when it does not exist.
     *
     * @throws ConfigException when the file is unreadable or malformed
     */
    public static ModelLimits load(Path file) {
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file.toString());
            } catch (IOException e) {
                throw new ConfigException(List.of("Cannot read model limits file " + file + ": " + e.getMessage()));
            }
        }
        try (InputStream in = ModelLimits.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                return empty();
            }
            return parse(in, "the built-in model_limits.json (" + file + " does not exist)");
        } catch (IOException e) {
            throw new ConfigException(List.of("Cannot read the built-in model limits: " + e.getMessage()));
        }
    }

    /** @throws ConfigException naming every problem in the document */
    public static ModelLimits parse(InputStream in, String origin) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new ConfigException(List.of("Model limits " + origin + " is not valid JSON: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, ModelLimit>> byModel = new HashMap<>();
        Set<String> tiers = new TreeSet<>();
        JsonNode models = root == null ? null : root.get("models");
        if (models == null || !models.isObject()) {
            throw new ConfigException(List.of("Model limits " + origin + ": expected an object with a \"models\" object"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> model = it.next();
            if (model.getKey().startsWith("_")) {
                continue;
            }
            String where = origin + ": models." + model.getKey();
            if (!model.getValue().isObject()) {
                problems.add(where + ": expected an object");
                continue;
            }
            Map<String, ModelLimit> perTier = new HashMap<>();
            if (hasMetric(model.getValue())) {
                perTier.put(EVERY_TIER, limit(model.getValue(), where, problems));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> t = model.getValue().fields(); t.hasNext(); ) {
                    Map.Entry<String, JsonNode> tier = t.next();
                    if (tier.getKey().startsWith("_")) {
                        continue;
                    }
                    tiers.add(tier.getKey());
                    perTier.put(tier.getKey(), limit(tier.getValue(), where + "." + tier.getKey(), problems));
                }
            }
            byModel.put(model.getKey(), Map.copyOf(perTier));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ModelLimits(Map.copyOf(byModel), Collections.unmodifiableSet(tiers), origin);
    }

    private static boolean hasMetric(JsonNode node) {
        for (LimitMetric metric : LimitMetric.values()) {
            if (node.has(metric.jsonName())) {
                return true;
            }
        }
        return false;
    }

    private static ModelLimit limit(JsonNode node, String where, List<String> problems) {
        if (!node.isObject()) {
            problems.add(where + ": expected an object such as {\"rpm\": 10, \"tpm\": 250000, \"rpd\": 250}");
            return ModelLimit.NONE;
        }
        ModelLimit limit = ModelLimit.NONE;
        Set<LimitMetric> seen = EnumSet.noneOf(LimitMetric.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().startsWith("_")) {
                continue;
            }
            LimitMetric metric = null;
            for (LimitMetric m : LimitMetric.values()) {
                if (m.jsonName().equals(field.getKey())) {
                    metric = m;
                }
            }
            if (metric == null) {
                problems.add(where + ": unknown limit '" + field.getKey() + "' (expected rpm, tpm, rpd or tpd)");
                continue;
            }
            seen.add(metric);
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
                problems.add(where + "." + field.getKey() + ": expected a whole number of 0 or more, or null");
                continue;
            }
            limit = limit.with(metric, value.asLong());
        }
        return limit;
    }

    /** The limits of {@code model} for a project of {@code tier}; {@link ModelLimit#NONE} when unknown. */
    public ModelLimit of(String model, String tier) {
        Map<String, ModelLimit> perTier = byModel.get(model);
        if (perTier == null) {
            return ModelLimit.NONE;
        }
        ModelLimit limit = perTier.get(tier);
        if (limit == null) {
            limit = perTier.get(EVERY_TIER);
        }
        return limit == null ? ModelLimit.NONE : limit;
    }

    /** The tier names the file uses. */
    public Set<String> tiers() {
        return tiers;
    }

    public Set<String> models() {
        return byModel.keySet();
    }

    /** Where the limits came from, for the start-up log. */
    public String origin() {
        return origin;
    }
}
