package com.geminigateway.keys;

import java.util.Objects;

/**
 * One key as configured: {@code SECRET}, {@code SECRET@PROJECT}, {@code SECRET/TIER} or
 * {@code SECRET@PROJECT/TIER}. Google applies quotas per Cloud project, so keys with the same project label
 * share their quota states; the tier selects the limits in model_limits.json.
 *
 * @param secret  the key itself
 * @param project the project label, or null when not configured (it may still be learned from Google)
 * @param tier    the tier, or null for DEFAULT_KEY_TIER
 */
public record KeySpec(String secret, String project, String tier) {

    public KeySpec {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty() || secret.contains("@") || secret.contains("/")) {
            throw new IllegalArgumentException("malformed key");
        }
        project = blankToNull(project);
        tier = blankToNull(tier);
    }

    /** @throws IllegalArgumentException for a malformed entry; the message never contains the secret */
    public static KeySpec parse(String entry) {
        String text = entry.strip();
        String tier = null;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            tier = text.substring(slash + 1);
            text = text.substring(0, slash);
            if (!tier.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("a tier is letters, digits, '_' or '-'");
            }
        }
        String project = null;
        int at = text.indexOf('@');
        if (at >= 0) {
            project = text.substring(at + 1);
            text = text.substring(0, at);
            if (!project.matches("[A-Za-z0-9._:-]+")) {
                throw new IllegalArgumentException("a project label is letters, digits, '.', '_', ':' or '-'");
            }
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the key is empty");
        }
        return new KeySpec(text, project, tier);
    }

    /** Back to the configuration syntax (contains the secret: store only where keys may be stored). */
    public String toEntry() {
        return secret + (project == null ? "" : "@" + project) + (tier == null ? "" : "/" + tier);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return com.geminigateway.config.Masking.mask(secret) + (project == null ? "" : "@" + project)
                + (tier == null ? "" : "/" + tier);
    }
}
