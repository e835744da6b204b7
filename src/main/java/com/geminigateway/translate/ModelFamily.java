package com.geminigateway.translate;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateway needs to know about a Gemini model, read from its id. Google publishes no machine-readable
 * table of these traits, so they follow the documented families (wire-formats.md A.2.5 and C): 2.5 models
 * think with a token budget, 3.x and later models with a level, older models and Gemma do not think.
 */
public record ModelFamily(int major, int minor, boolean gemini, boolean pro, boolean flashLite) {

    private static final Pattern VERSION = Pattern.compile("^gemini-(\\d+)(?:\\.(\\d+))?(?:-|$)");
    /**
     * Every request asks, nearly always about the same few models: each id is read once, up to this many ids
     * (ids past it are read each time). A plain map rather than a cache library's bounded cache, whose set-up
     * would fall into the first chat, which start-up counts.
     */
    private static final int MAX_REMEMBERED = 256;
    private static final Map<String, ModelFamily> REMEMBERED = new ConcurrentHashMap<>();

    public static ModelFamily of(String model) {
        ModelFamily family = REMEMBERED.get(model);
        if (family == null) {
            family = read(model);
            if (REMEMBERED.size() < MAX_REMEMBERED) {
                REMEMBERED.put(model, family);
            }
        }
        return family;
    }

    private static ModelFamily read(String model) {
        String id = model.toLowerCase(Locale.ROOT);
        Matcher m = VERSION.matcher(id);
        if (!m.find()) {
            return new ModelFamily(0, 0, id.startsWith("gemini-"), id.contains("-pro"), id.contains("flash-lite"));
        }
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return new ModelFamily(major, minor, true, id.contains("-pro"), id.contains("flash-lite"));
    }

    /** Gemini 3 and later: thinking levels, and thought signatures required on function calls. */
    public boolean isGemini3OrLater() {
        return gemini && major >= 3;
    }

    /** Gemini 2.5: a thinking token budget. */
    public boolean usesThinkingBudget() {
        return gemini && major == 2 && minor == 5;
    }

    public boolean thinks() {
        return usesThinkingBudget() || isGemini3OrLater();
    }

    /** Thinking cannot be switched off on the Pro models. */
    public boolean canStopThinking() {
        return !pro;
    }

    /**
     * Whether plain JSON Schema ({@code parametersJsonSchema}, {@code responseJsonSchema}) is accepted: by 2.5 and
     * later models, and by the unversioned aliases ({@code gemini-flash-latest}) that point at them. Older
     * models and other families (Gemma) get the OpenAPI subset ({@code parameters}, {@code responseSchema}).
     */
    public boolean acceptsJsonSchema() {
        return gemini && (major == 0 || major > 2 || (major == 2 && minor >= 5)); // 0: an alias like gemini-flash-latest
    }
}
