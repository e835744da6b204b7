package com.geminigateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The secret scan: every test gateway registers its secrets here (its Gemini keys, password, metrics token;
 * tests add client keys and session ids), and when it closes, every file in its log directory, rotated and
 * compressed ones included, is searched for every secret any test has registered. A secret found fails
 * the test that closed the gateway. So every log file written during the test run is scanned.
 */
public final class LogScan {

    /** As the gateway's SecretMask: shorter test values ("k", "a b") are too common to search for. */
    static final int MIN_LENGTH = 8;

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private LogScan() {
    }

    /** Registers a value no log line may ever contain. */
    public static void secret(String value) {
        if (value != null && value.strip().length() >= MIN_LENGTH) {
            SECRETS.add(value.strip());
        }
    }

    /** "file: secret" for every registered secret found in a file under {@code dir}. */
    public static List<String> findings(Path dir) {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = read(file);
                for (String secret : SECRETS) {
                    if (text.contains(secret)) {
                        found.add(file + ": " + secret);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** @throws AssertionError naming each leak */
    public static void assertClean(Path dir) {
        List<String> found = findings(dir);
        if (!found.isEmpty()) {
            throw new AssertionError("Secrets in log files: " + found);
        }
    }

    static String read(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
