package com.geminigateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.testing.MutableClock;
import com.geminigateway.usage.LimitMetric;
import com.geminigateway.usage.UsageDelta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock("2026-11-26T18:00:00Z");

    private MemoryPoolStore filledStore() {
        MemoryPoolStore store = new MemoryPoolStore();
        Instant now = clock.instant();
        store.updateState(new Scope("project:p1", "gemini-2.5-flash"),
                s -> new StateRecord("COOLING", "per-minute quota", "quota exceeded", now, now.plusSeconds(30)));
        store.updateState(Scope.whole("key:abc"), s -> new StateRecord("DISABLED", "by an admin", null, now, null));
        store.recordUsage(new UsageKey("abc", "gemini-2.5-flash"), now, new UsageDelta(3, 300, 40, 500), now);
        store.learnProject("abc", "projects/42");
        store.learnLimit(new LimitKey("project:p1", "gemini-2.5-flash", LimitMetric.RPM), 10);
        store.saveAddedKey("def", "AIza-added-key@team/tier1");
        return store;
    }

    @Test
    void everythingTheStoreHoldsSurvivesARestart() {
        MemoryPoolStore store = filledStore();
        Snapshots snapshots = new Snapshots(store, new SnapshotFile(dataDir), clock);
        snapshots.saveIfChanged();

        MemoryPoolStore restarted = new MemoryPoolStore();
        assertTrue(new Snapshots(restarted, new SnapshotFile(dataDir), clock).restore());
        Instant now = clock.instant().plusSeconds(10);
        assertEquals(store.states(), restarted.states());
        assertEquals(store.usage(now), restarted.usage(now));
        assertEquals(3, restarted.usage(new UsageKey("abc", "gemini-2.5-flash"), now).requestsLastMinute(),
                "the minute window too, so a restart does not reset the RPM count");
        assertEquals(store.history(), restarted.history());
        assertEquals(store.learnedProjects(), restarted.learnedProjects());
        assertEquals(store.learnedLimits(), restarted.learnedLimits());
        assertEquals(store.addedKeys(), restarted.addedKeys());
    }

    @Test
    void theFileIsWrittenAtomicallyOnlyWhenSomethingChangedAndOnlyForItsOwner() throws Exception {
        MemoryPoolStore store = filledStore();
        Snapshots snapshots = new Snapshots(store, new SnapshotFile(dataDir), clock);
        snapshots.saveIfChanged();
        Path file = dataDir.resolve(SnapshotFile.FILE_NAME);
        try {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException notPosix) {
            // the directory's permissions apply
        }
        Instant written = Files.getLastModifiedTime(file).toInstant();
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(written.minusSeconds(100)));
        snapshots.saveIfChanged();
        assertEquals(written.minusSeconds(100), Files.getLastModifiedTime(file).toInstant(), "unchanged: not written");
        store.learnProject("xyz", "projects/7");
        snapshots.saveIfChanged();
        assertTrue(Files.readString(file).contains("projects/7"));
        try (Stream<Path> files = Files.list(dataDir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void aCorruptSnapshotIsSetAsideAndThePoolStartsAfresh() throws Exception {
        Path file = dataDir.resolve(SnapshotFile.FILE_NAME);
        Files.writeString(file, "{\"format\":\"gemini-gateway/key-pool\",\"version\":1,\"savedAt\":\"2026-11-26T1");
        MemoryPoolStore store = new MemoryPoolStore();
        assertFalse(new Snapshots(store, new SnapshotFile(dataDir), clock).restore());
        assertTrue(store.states().isEmpty());
        assertFalse(Files.exists(file));
        try (Stream<Path> files = Files.list(dataDir)) {
            List<Path> aside = files.toList();
            assertEquals(1, aside.size());
            assertTrue(aside.get(0).getFileName().toString().startsWith("key-pool.json.unreadable-"), aside.toString());
        }
        // And the next snapshot is written normally.
        filledStore();
        Snapshots snapshots = new Snapshots(store, new SnapshotFile(dataDir), clock);
        store.learnProject("a", "projects/1");
        snapshots.saveIfChanged();
        assertTrue(Files.exists(file));
    }

    @Test
    void aSnapshotOfAnotherVersionIsSetAsideToo() throws Exception {
        Path file = dataDir.resolve(SnapshotFile.FILE_NAME);
        Files.writeString(file, "{\"format\":\"gemini-gateway/key-pool\",\"version\":99,\"savedAt\":\"2026-11-26T10:00:00Z\"}");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(new Snapshots(new MemoryPoolStore(), new SnapshotFile(dataDir), clock).restore());
        assertFalse(Files.exists(file));
        Files.writeString(file, "[1,2,3]");
        assertFalse(new Snapshots(new MemoryPoolStore(), new SnapshotFile(dataDir), clock).restore());
        Files.writeString(file, "{\"format\":\"gemini-gateway/key-pool\",\"version\":1,\"savedAt\":\"2026-11-26T10:00:00Z\","
                + "\"states\":[{\"subject\":null}]}");
        assertFalse(new Snapshots(new MemoryPoolStore(), new SnapshotFile(dataDir), clock).restore(), "missing fields");
    }
}
