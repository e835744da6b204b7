package com.geminigateway.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence against secrets in logs and error bodies: one regular expression that finds the
 * gateway's own secrets (Gemini keys, the password, the metrics token) and anything shaped like a Google
 * API key, and one replacement that masks each match the way {@link Masking#mask} does ({@code AIza...x1Yz}).
 * It is a plain regex and replacement so that log4j's PatternLayout can apply it to every formatted line,
 * exceptions included.
 *
 * <p>The trick that makes one replacement serve every alternative: each alternative captures its first and
 * last four characters in groups of its own, and groups that took no part in a match are replaced by
 * nothing. So {@code $1$3$5...$2$4$6} becomes the masked form of whichever alternative matched.
 */
public final class SecretMask {

    /** Shorter secrets are not masked by value: masking every "abc" in every line would wreck the logs. */
    static final int MIN_MASKED_LENGTH = 8;
    private static final String GOOGLE_KEY = "(AIza)[0-9A-Za-z_\\-]{4,}([0-9A-Za-z_\\-]{4})";

    private static volatile SecretMask current = of(List.of());

    private final Pattern pattern;
    private final String replacement;
    /** How every match begins: the first four characters of each alternative. */
    private final String[] matchStarts;

    private SecretMask(Pattern pattern, String replacement, String[] matchStarts) {
        this.pattern = pattern;
        this.replacement = replacement;
        this.matchStarts = matchStarts;
    }

    /** A mask for {@code secrets} (blank and short ones are left out) and for Google-shaped keys. */
    public static SecretMask of(Collection<String> secrets) {
        Set<String> distinct = new LinkedHashSet<>();
        secrets.stream().filter(s -> s != null && s.strip().length() >= MIN_MASKED_LENGTH).map(String::strip)
                .sorted(Comparator.comparingInt(String::length).reversed()) // a longer secret wins over its prefix
                .forEach(distinct::add);
        List<String> alternatives = new ArrayList<>();
        StringBuilder heads = new StringBuilder();
        StringBuilder tails = new StringBuilder();
        int group = 1;
        for (String s : distinct) {
            if (s.length() >= 12) {
                alternatives.add("(" + Pattern.quote(s.substring(0, 4)) + ")" + Pattern.quote(s.substring(4, s.length() - 4))
                        + "(" + Pattern.quote(s.substring(s.length() - 4)) + ")");
                heads.append('$').append(group);
                tails.append('$').append(group + 1);
                group += 2;
            } else {
                alternatives.add(Pattern.quote(s));
            }
        }
        alternatives.add(GOOGLE_KEY);
        heads.append('$').append(group);
        tails.append('$').append(group + 1);
        Set<String> matchStarts = new LinkedHashSet<>();
        distinct.forEach(secret -> matchStarts.add(secret.substring(0, 4)));
        matchStarts.add("AIza");
        return new SecretMask(Pattern.compile(String.join("|", alternatives)), heads + "..." + tails,
                matchStarts.toArray(String[]::new));
    }

    /** The regular expression, for log4j's {@code replace} element. */
    public String regex() {
        return pattern.pattern();
    }

    /** The replacement, for log4j's {@code replace} element. */
    public String replacement() {
        return replacement;
    }

    public String apply(String text) {
        if (text == null || text.length() < MIN_MASKED_LENGTH || !mayHoldSecret(text)) {
            return text; // too short to hold a secret or a Google key, or none begins in it
        }
        Matcher m = pattern.matcher(text);
        return m.find() ? m.replaceAll(replacement) : text;
    }

    /**
     * Whether any match could begin in {@code text}: a few {@code indexOf} calls clear most texts (paths,
     * model names, addresses) for less than the regular expression's search costs.
     */
    private boolean mayHoldSecret(String text) {
        for (String start : matchStarts) {
            if (text.indexOf(start) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Makes this the mask {@link #scrub} applies (the web application's secrets, set at start-up). */
    public static void install(SecretMask mask) {
        current = mask;
    }

    /** Masks the installed secrets in text bound for a client or a log. */
    public static String scrub(String text) {
        return current.apply(text);
    }
}
