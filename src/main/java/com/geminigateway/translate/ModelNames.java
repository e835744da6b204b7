package com.geminigateway.translate;

import com.geminigateway.errors.GatewayException;
import java.util.regex.Pattern;

/** Model ids as clients send them, checked before they become part of an upstream URL path. */
public final class ModelNames {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}");

    private ModelNames() {
    }

    /** "models/gemini-2.5-flash" or "gemini-2.5-flash" → "gemini-2.5-flash"; anything else is a 400. */
    public static String normalize(String model) {
        if (model == null || model.isBlank()) {
            throw GatewayException.invalidRequest("You must provide a model parameter.", "model");
        }
        String id = model.startsWith("models/") ? model.substring("models/".length()) : model;
        if (!SAFE_ID.matcher(id).matches()) {
            throw GatewayException.invalidValue("Invalid model name '" + model + "'.", "model");
        }
        return id;
    }
}
