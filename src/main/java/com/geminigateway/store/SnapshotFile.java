package com.geminigateway.store;

import com.geminigateway.json.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The snapshot file in the data directory. Written atomically (a temporary file moved over the old one),
 * readable only by its owner since it holds keys added at run time. A file that cannot be read, or is
 * of another format or version, is reported and moved aside; it never stops the gateway.
 */
public final class SnapshotFile {

    private static final Logger LOG = LogManager.getLogger(SnapshotFile.class);
    public static final String FILE_NAME = "key-pool.json";
    private static final DateTimeFormatter ASIDE_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;

    public SnapshotFile(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** The saved snapshot; empty when there is none or it had to be set aside. */
    public Optional<PoolSnapshot> load(Instant now) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        PoolSnapshot snapshot;
        try {
            snapshot = Json.read(Files.readAllBytes(file), PoolSnapshot.class);
        } catch (IOException | RuntimeException e) {
            setAside(now, "it cannot be read (" + firstLine(e.getMessage()) + ")");
            return Optional.empty();
        }
        if (!PoolSnapshot.FORMAT.equals(snapshot.format()) || snapshot.version() != PoolSnapshot.VERSION) {
            setAside(now, "it has format " + snapshot.format() + " version " + snapshot.version()
                    + ", this gateway reads " + PoolSnapshot.FORMAT + " version " + PoolSnapshot.VERSION);
            return Optional.empty();
        }
        return Optional.of(snapshot);
    }

    public void save(PoolSnapshot snapshot) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system: the directory's permissions apply.
            }
            Files.write(tmp, Json.toBytes(snapshot));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void setAside(Instant now, String why) {
        Path aside = file.resolveSibling(FILE_NAME + ".unreadable-" + ASIDE_SUFFIX.format(now));
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("The key pool snapshot {} is not used because {}; it was moved to {} and the pool starts afresh",
                    file, why, aside.getFileName());
        } catch (IOException e) {
            LOG.warn("The key pool snapshot {} is not used because {}; it could not be moved aside ({}) and will be overwritten",
                    file, why, e.getMessage());
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
