package com.geminigateway.translate;

import com.geminigateway.errors.GatewayException;

/** Model ids as clients send them, checked before they become part of an upstream URL path. */
public final class ModelNames {

    private static final int MAX_LENGTH = 128;

    private ModelNames() {
    }

    /** "models/gemini-2.5-flash" or "gemini-2.5-flash" → "gemini-2.5-flash"; anything else is a 400. */
    public static String normalize(String model) {
        if (model == null || model.isBlank()) {
            throw GatewayException.invalidRequest("You must provide a model parameter.", "model");
        }
        String id = model.startsWith("models/") ? model.substring("models/".length()) : model;
        if (!isSafeId(id)) {
            throw GatewayException.invalidValue("Invalid model name '" + model + "'.", "model");
        }
        return id;
    }

    /** A letter or digit, then up to 127 letters, digits, dots, underscores and dashes (checked at every request). */
    static boolean isSafeId(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH || !isLetterOrDigit(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** ASCII only: an id becomes part of the upstream URL. */
    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
