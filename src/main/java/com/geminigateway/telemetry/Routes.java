package com.geminigateway.telemetry;

import java.util.Set;

/** A request path as a short, bounded label: what metrics and the 24-hour chart count by. */
public final class Routes {

    private static final Set<String> GEMINI_ACTIONS = Set.of("generateContent", "streamGenerateContent", "countTokens",
            "embedContent", "batchEmbedContents");

    private Routes() {
    }

    /** @param path the path within the application, without the query */
    public static String of(String path) {
        if (path == null || path.isEmpty() || path.equals("/") || path.equals("/login") || path.equals("/logout")
                || path.startsWith("/actions/")) {
            return "status";
        }
        if (path.startsWith("/v1beta/")) {
            int colon = path.lastIndexOf(':');
            String action = colon < 0 ? "" : path.substring(colon + 1);
            if (GEMINI_ACTIONS.contains(action)) {
                return "gemini:" + action;
            }
            return path.startsWith("/v1beta/models") ? "gemini:models" : "other";
        }
        return switch (path) {
            case "/v1/chat/completions" -> "chat";
            case "/v1/embeddings" -> "embeddings";
            case "/metrics" -> "metrics";
            case "/healthz", "/readyz" -> "health";
            default -> path.equals("/v1/models") || path.startsWith("/v1/models/") ? "models"
                    : path.startsWith("/static/") ? "static" : "other";
        };
    }

    /** The API routes: what clients call, as opposed to the status page, metrics and probes. */
    public static boolean isApi(String path) {
        return path != null && (path.startsWith("/v1/") || path.startsWith("/v1beta/"));
    }
}
