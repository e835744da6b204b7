package com.geminigateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The gateway password when PASSWORD is not configured: never a guessable default. A strong one is
 * generated on first start and kept in the data directory, so it survives restarts.
 */
public final class PasswordStore {

    static final String FILE_NAME = "password";

    /** The password to use, and whether it was generated just now (then it is shown once). */
    public record Resolved(String password, boolean generatedNow, Optional<Path> file) {
    }

    private PasswordStore() {
    }

    public static Resolved resolve(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return new Resolved(configured.get(), false, Optional.empty());
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.isRegularFile(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!stored.isEmpty()) {
                    return new Resolved(stored, false, Optional.of(file));
                }
            }
            String generated = generate();
            write(file, generated);
            return new Resolved(generated, true, Optional.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the gateway password file " + file
                    + " (set PASSWORD or make DATA_DIR writable)", e);
        }
    }

    static String generate() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return "gg-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static void write(Path file, String password) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system (Windows): the directory's own permissions apply.
        }
        Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
