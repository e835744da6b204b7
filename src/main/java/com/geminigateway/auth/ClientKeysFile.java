package com.geminigateway.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.geminigateway.usage.PacificDay;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the client keys file: JSON (comments and trailing commas allowed) of the form
 *
 * <pre>
 * {"keys": [
 *   {"name": "alice", "sha256": "&lt;64 hex digits&gt;", "enabled": true, "expires": "2027-06-30",
 *    "models": ["gemini-2.5-flash", "gemini-2.5-*"],
 *    "requestsPerMinute": 10, "requestsPerDay": 1000, "tokensPerDay": 2000000,
 *    "description": "Alice's laptop"}
 * ]}
 * </pre>
 *
 * Only {@code name} and {@code sha256} are required. Every mistake is reported, naming the entry, and
 * unknown fields are mistakes: a misspelt limit must not silently mean "no limit".
 */
public final class ClientKeysFile {

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
                    JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+\\-]{0,63}");
    private static final Set<String> FIELDS = Set.of("name", "sha256", "enabled", "expires", "models",
            "requestsPerMinute", "requestsPerDay", "tokensPerDay", "description");

    /** Everything wrong with a file, one entry per problem. */
    public static final class InvalidException extends Exception {
        private final List<String> problems;

        InvalidException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private ClientKeysFile() {
    }

    public static List<ClientKey> parse(byte[] json) throws InvalidException {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidException(List.of("not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")"));
        } catch (java.io.IOException e) {
            throw new InvalidException(List.of("cannot be read: " + e.getMessage()));
        }
        if (root == null || root.isMissingNode() || !root.isObject() || !root.path("keys").isArray()) {
            throw new InvalidException(List.of("expected an object with a \"keys\" array"));
        }
        List<String> problems = new ArrayList<>();
        List<ClientKey> keys = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<Sha256, String> digests = new HashMap<>();
        int index = 0;
        for (JsonNode entry : root.get("keys")) {
            String where = "keys[" + index++ + "]";
            Optional<ClientKey> key = entry(entry, where, problems);
            if (key.isEmpty()) {
                continue;
            }
            String label = where + " (" + key.get().name() + ")";
            String sameName = names.putIfAbsent(key.get().name(), label);
            if (sameName != null) {
                problems.add(label + ": the name is already used by " + sameName);
            }
            String sameDigest = digests.putIfAbsent(key.get().digest(), label);
            if (sameDigest != null) {
                problems.add(label + ": the same key as " + sameDigest);
            }
            keys.add(key.get());
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return List.copyOf(keys);
    }

    private static Optional<ClientKey> entry(JsonNode entry, String where, List<String> problems) {
        if (!entry.isObject()) {
            problems.add(where + ": expected an object");
            return Optional.empty();
        }
        int before = problems.size();
        String name = entry.path("name").isTextual() ? entry.get("name").asText() : null;
        String label = name == null ? where : where + " (" + name + ")";
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(label + ": \"name\" must be 1 to 64 letters, digits or . _ @ + - (starting with a letter or digit)");
        } else if (name.equals(Client.PASSWORD_NAME)) {
            problems.add(label + ": the name \"" + Client.PASSWORD_NAME + "\" is reserved for the shared PASSWORD");
        }
        for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                problems.add(label + ": unknown field \"" + field + "\" (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        Sha256 digest = null;
        try {
            digest = Sha256.fromHex(entry.path("sha256").isTextual() ? entry.get("sha256").asText().strip() : null);
        } catch (IllegalArgumentException e) {
            problems.add(label + ": \"sha256\" must be the SHA-256 of the key as 64 hexadecimal digits");
        }
        boolean enabled = true;
        if (entry.has("enabled")) {
            if (entry.get("enabled").isBoolean()) {
                enabled = entry.get("enabled").booleanValue();
            } else {
                problems.add(label + ": \"enabled\" must be true or false");
            }
        }
        Optional<Instant> expires = expires(entry.get("expires"), label, problems);
        List<String> models = new ArrayList<>();
        JsonNode modelsNode = entry.get("models");
        if (modelsNode != null) {
            if (!modelsNode.isArray()) {
                problems.add(label + ": \"models\" must be a list of model ids, e.g. [\"gemini-2.5-flash\", \"gemini-2.5-*\"]");
            } else {
                for (JsonNode m : modelsNode) {
                    String pattern = m.isTextual() ? m.asText().strip() : "";
                    int star = pattern.indexOf('*');
                    if (pattern.isEmpty() || star >= 0 && star != pattern.length() - 1) {
                        problems.add(label + ": \"models\" entries must be model ids, optionally ending in *");
                    } else {
                        models.add(pattern);
                    }
                }
            }
        }
        long perMinute = count(entry, "requestsPerMinute", Integer.MAX_VALUE, label, problems);
        long perDay = count(entry, "requestsPerDay", Integer.MAX_VALUE, label, problems);
        long tokens = count(entry, "tokensPerDay", Long.MAX_VALUE, label, problems);
        if (entry.has("description") && !entry.get("description").isTextual()) {
            problems.add(label + ": \"description\" must be text");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ClientKey(name, digest, enabled, expires, new ModelAllowList(models),
                new ClientLimits((int) perMinute, (int) perDay, tokens)));
    }

    /** A date means "until the end of that day", Pacific time like every daily limit here. */
    private static Optional<Instant> expires(JsonNode node, String label, List<String> problems) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String text = node.isTextual() ? node.asText().strip() : "";
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notATimestamp) {
            try {
                LocalDate day = LocalDate.parse(text);
                return Optional.of(day.plusDays(1).atStartOfDay(PacificDay.ZONE).toInstant());
            } catch (DateTimeParseException notADate) {
                problems.add(label + ": \"expires\" must be a date (2027-06-30) or a timestamp with offset (2027-06-30T18:00:00Z)");
                return Optional.empty();
            }
        }
    }

    /** A whole number, 0 (= no limit) or more. */
    private static long count(JsonNode entry, String field, long max, String label, List<String> problems) {
        JsonNode node = entry.get(field);
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > max) {
            problems.add(label + ": \"" + field + "\" must be a whole number, 0 (no limit) or more");
            return 0;
        }
        return node.asLong();
    }
}
