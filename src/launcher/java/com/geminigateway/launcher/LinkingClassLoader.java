package com.geminigateway.launcher;

import org.apache.catalina.loader.ParallelWebappClassLoader;
import org.apache.catalina.loader.ResourceEntry;

/**
 * Tomcat's web application class loader, which can link every class it has loaded. The training run calls
 * that before the JVM writes its class-data archive: Java 17 archives only linked classes of a web
 * application, and about 750 of those the gateway loads at start-up are never linked (loaded to look at,
 * for instance the plugin classes log4j lists), so without this each start parsed them again.
 */
public final class LinkingClassLoader extends ParallelWebappClassLoader {

    public LinkingClassLoader(ClassLoader parent) {
        super(parent);
    }

    /** Links (and verifies) what this loader has loaded so far; a class that cannot be linked is left alone. */
    int linkLoadedClasses() {
        int linked = 0;
        for (ResourceEntry entry : resourceEntries.values()) {
            Class<?> loaded = entry.loadedClass;
            if (loaded == null) {
                continue;
            }
            try {
                loaded.getDeclaredConstructors(); // the JVM links a class before it lists its members
                linked++;
            } catch (LinkageError | SecurityException ignored) {
                // a missing optional dependency: this class is not archived, as before
            }
        }
        return linked;
    }
}
