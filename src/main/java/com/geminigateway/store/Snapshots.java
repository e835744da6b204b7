package com.geminigateway.store;

import java.io.IOException;
import java.time.Clock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Keeps {@link MemoryPoolStore} and its {@link SnapshotFile} in step: restore once at start, save when
 * something changed (called periodically, so a hard kill loses at most one interval), and save on shutdown.
 */
public final class Snapshots {

    private static final Logger LOG = LogManager.getLogger(Snapshots.class);

    private final MemoryPoolStore store;
    private final SnapshotFile file;
    private final Clock clock;
    private long savedChangeCount = -1;
    private boolean failing;

    public Snapshots(MemoryPoolStore store, SnapshotFile file, Clock clock) {
        this.store = store;
        this.file = file;
        this.clock = clock;
    }

    /** Loads the saved state, if there is a usable one; true when it was restored. */
    public synchronized boolean restore() {
        return file.load(clock.instant()).map(snapshot -> {
            store.restore(snapshot);
            savedChangeCount = store.changeCount();
            LOG.info("Key pool state restored from {} (saved {})", file.path(), snapshot.savedAt());
            return true;
        }).orElse(false);
    }

    /** Writes a snapshot if the store changed since the last one. Never throws. */
    public synchronized void saveIfChanged() {
        long changes = store.changeCount();
        if (changes == savedChangeCount) {
            return;
        }
        try {
            file.save(store.export(clock.instant()));
            savedChangeCount = changes;
            if (failing) {
                LOG.info("Key pool snapshots are written again to {}", file.path());
                failing = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.warn("Cannot write the key pool snapshot {}: {}", file.path(), e.toString());
                failing = true;
            }
        }
    }
}
