package com.geminigateway.auth;

import java.util.List;

/**
 * The models a client may use: exact ids ({@code gemini-2.5-flash}) or prefixes ending in {@code *}
 * ({@code gemini-2.5-*}). An empty list allows every model.
 */
public record ModelAllowList(List<String> patterns) {

    public static final ModelAllowList ANY = new ModelAllowList(List.of());

    public ModelAllowList {
        patterns = patterns.stream().map(ModelAllowList::withoutPrefix).toList();
    }

    public boolean allows(String model) {
        if (patterns.isEmpty()) {
            return true;
        }
        String id = withoutPrefix(model);
        for (String pattern : patterns) {
            boolean match = pattern.endsWith("*")
                    ? id.startsWith(pattern.substring(0, pattern.length() - 1))
                    : id.equals(pattern);
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static String withoutPrefix(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }
}
