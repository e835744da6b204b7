package com.geminigateway.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The web application's part of this WAR (WEB-INF and web content, not the launcher and the embedded server
 * kept at the root for {@code java -jar}), extracted once per WAR and reused by the starts that follow, as
 * Tomcat keeps an unpacked WAR until the WAR changes: extracting 20 MB of jars again took 0.15-0.3 s of every
 * start on one core. The copy lives in a folder of the user's own under the temporary directory (created
 * owner-only, and used only while it still is), named after the WAR's size and time. It is used only if every
 * file is there with its size (a temp cleaner may have taken some), and it is extracted under another name and
 * renamed whole, so two starts at once never see half of it. Where this cannot be done safely (no POSIX
 * permissions, a folder of someone else's), each start extracts into its own scratch folder.
 */
final class ExtractedWebapp {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /** Top-level folders of the WAR that hold the launcher and the embedded server, not the web application. */
    private static final Set<String> SERVER_ROOTS = Set.of("META-INF", "org", "jakarta", "javax", "com");

    private ExtractedWebapp() {
    }

    /** The folder to serve: the reusable copy when possible, else a fresh extraction under {@code scratch}. */
    static Path prepare(Path war, Path scratch) throws IOException {
        Path cacheRoot = privateCacheRoot(scratch);
        if (cacheRoot == null) {
            return extract(war, scratch.resolve("webapp"));
        }
        Map<String, Long> sizes = sizes(war);
        Path cached = cacheRoot.resolve("webapp-" + Long.toHexString(Files.size(war)) + "-"
                + Long.toHexString(Files.getLastModifiedTime(war).toMillis()));
        if (complete(cached, sizes)) {
            return cached;
        }
        deleteQuietly(cached); // what a temp cleaner left of it
        Path fresh = extract(war, Files.createTempDirectory(cacheRoot, "extracting-"));
        try {
            Files.move(fresh, cached, StandardCopyOption.ATOMIC_MOVE);
            return cached;
        } catch (IOException another) {
            deleteQuietly(fresh);
            // Another start renamed its copy first: use it. Anything else: this start's own extraction.
            return complete(cached, sizes) ? cached : extract(war, scratch.resolve("webapp"));
        }
    }

    /** The user's own folder for copies, or null when it cannot be proven private. */
    private static Path privateCacheRoot(Path scratch) {
        String user = System.getProperty("user.name", "").replaceAll("[^A-Za-z0-9._-]", "_");
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "gemini-gateway-" + user);
        try {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            PosixFileAttributes folder = Files.readAttributes(root, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes mine = Files.readAttributes(scratch, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean safe = folder.isDirectory() && folder.owner().equals(mine.owner()) && folder.permissions().equals(OWNER_ONLY);
            return safe ? root : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static Map<String, Long> sizes(Path war) throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : webappEntries(zip)) {
                sizes.put(entry.getName(), entry.getSize());
            }
        }
        return sizes;
    }

    /** The files of the web application: WEB-INF and web content, not the server kept at the WAR root. */
    private static List<? extends ZipEntry> webappEntries(ZipFile zip) {
        return zip.stream().filter(entry -> !entry.isDirectory() && isWebappEntry(entry.getName())).toList();
    }

    private static boolean complete(Path dir, Map<String, Long> sizes) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            for (Map.Entry<String, Long> entry : sizes.entrySet()) {
                if (Files.size(dir.resolve(entry.getKey())) != entry.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (IOException missing) {
            return false;
        }
    }

    /**
     * Extracts the web application's entries. Tomcat would extract every entry on each start, three quarters
     * of them server classes it never uses, and on one core that alone took two seconds.
     */
    private static Path extract(Path war, Path into) throws IOException {
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : webappEntries(zip)) {
                String name = entry.getName();
                Path target = into.resolve(name).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("Unsafe entry in the WAR: " + name);
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
        return into;
    }

    private static boolean isWebappEntry(String name) {
        String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : "";
        return !SERVER_ROOTS.contains(top);
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a folder left behind is harmless
        }
    }
}
