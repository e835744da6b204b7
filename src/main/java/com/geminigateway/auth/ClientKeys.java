package com.geminigateway.auth;

import com.geminigateway.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The named client keys, from the client keys file. {@link #reloadIfChanged()} (called periodically)
 * picks up edits, so disabling or deleting a key takes effect without a restart. A broken edit keeps the
 * previous keys and is logged as an error; a deleted file leaves only the shared PASSWORD.
 */
public final class ClientKeys {

    private static final Logger LOG = LogManager.getLogger(ClientKeys.class);
    private static final int MAX_FILE_BYTES = 1024 * 1024;

    private final Path file;
    private volatile List<ClientKey> keys = List.of();
    /** Digest of the content last looked at (valid or not), so an unchanged file is not parsed again. */
    private Optional<Sha256> seen = Optional.empty();

    private ClientKeys(Path file) {
        this.file = file;
    }

    /**
     * Reads the file if it exists.
     *
     * @throws ConfigException if it exists but is unreadable or invalid: the gateway must not start with
     *                         keys the operator did not intend
     */
    public static ClientKeys load(Path file) {
        ClientKeys clientKeys = new ClientKeys(file);
        try {
            Optional<byte[]> content = read(file);
            if (content.isPresent()) {
                clientKeys.keys = ClientKeysFile.parse(content.get());
                clientKeys.seen = Optional.of(Sha256.of(content.get()));
                LOG.info("Loaded {} client keys from {}", clientKeys.keys.size(), file);
            }
        } catch (IOException e) {
            throw new ConfigException(List.of("CLIENT_KEYS_FILE " + file + " cannot be read: " + e.getMessage()));
        } catch (ClientKeysFile.InvalidException e) {
            throw new ConfigException(e.problems().stream().map(p -> "CLIENT_KEYS_FILE " + file + ": " + p).toList());
        }
        return clientKeys;
    }

    public List<ClientKey> current() {
        return keys;
    }

    /** Re-reads the file if its content changed; true if the set of keys was replaced. */
    public synchronized boolean reloadIfChanged() {
        Optional<byte[]> content;
        try {
            content = read(file);
        } catch (IOException e) {
            LOG.error("Cannot read the client keys file {}; keeping the {} keys loaded before: {}", file, keys.size(), e.getMessage());
            return false;
        }
        Optional<Sha256> digest = content.map(Sha256::of);
        if (digest.equals(seen)) {
            return false;
        }
        seen = digest;
        if (content.isEmpty()) {
            keys = List.of();
            LOG.warn("The client keys file {} was removed: only the shared PASSWORD is accepted now", file);
            return true;
        }
        try {
            List<ClientKey> loaded = ClientKeysFile.parse(content.get());
            keys = loaded;
            LOG.info("Reloaded {} client keys from {}: {}", loaded.size(), file,
                    loaded.stream().map(k -> k.name() + (k.enabled() ? "" : " (disabled)")).collect(Collectors.joining(", ")));
            return true;
        } catch (ClientKeysFile.InvalidException | RuntimeException e) {
            LOG.error("The client keys file {} is invalid; keeping the {} keys loaded before. {}", file, keys.size(), e.getMessage());
            return false;
        }
    }

    private static Optional<byte[]> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Optional.of(bytes);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
