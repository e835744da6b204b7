package com.geminigateway.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rewrites the settings table in README.md from {@link Setting}: run it after adding a setting, e.g.
 * {@code java -cp target/classes:target/test-classes com.geminigateway.config.ReadmeTableWriter}.
 */
public final class ReadmeTableWriter {

    private ReadmeTableWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
        String text = Files.readString(readme);
        int start = text.indexOf("| Setting | Default | Description |");
        int end = text.indexOf("\n\n", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException("No settings table in " + readme);
        }
        Files.writeString(readme, text.substring(0, start) + Setting.markdownTable().stripTrailing() + text.substring(end));
    }
}
