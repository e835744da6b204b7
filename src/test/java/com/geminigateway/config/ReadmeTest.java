package com.geminigateway.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table and commands are kept true by the build, not by memory. */
class ReadmeTest {

    @Test
    void readmeListsEverySettingAsTheCodeDefinesIt() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(Setting.markdownTable()),
                "README.md must contain Setting.markdownTable() verbatim; run ReadmeTableWriter (test sources)");
    }

    @Test
    void readmeGivesTheTwoCommandsAndCiRunsTheTestOne() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("mvn -B package -DskipTests && GEMINI_API_KEYS=key1,key2 java @conf/jvm.options"
                + " -XX:SharedArchiveFile=target/gemini-gateway.jsa -jar target/gemini-gateway.war"));
        assertTrue(readme.contains("mvn -B verify"));
        assertTrue(Files.readString(Path.of(".ci/run")).contains("mvn -B clean verify"));
    }
}
