package com.geminigateway.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.geminigateway.json.Json;
import com.geminigateway.testing.FakeGemini;
import com.geminigateway.testing.Gate;
import com.geminigateway.testing.Http;
import com.geminigateway.testing.Reply;
import com.geminigateway.testing.SseReader;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar gemini-gateway.war}: options, and a graceful stop on SIGTERM that lets a stream finish, started
 * with the class-data archive of the build's training run.
 */
@Timeout(120)
class LauncherIT {

    static final Path WAR = Path.of(System.getProperty("gateway.war", "target/gemini-gateway.war"));
    static final Path ARCHIVE = Path.of("target/gemini-gateway.jsa");

    @Test
    void helpListsTheOptions() throws Exception {
        Process help = new ProcessBuilder("java", "-jar", WAR.toString(), "--help").redirectErrorStream(true).start();
        String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, help.waitFor());
        for (String option : List.of("--port", "--host", "--conf", "--data", "--training-run", "--help")) {
            assertTrue(text.contains(option), text);
        }
        Process wrong = new ProcessBuilder("java", "-jar", WAR.toString(), "--prot", "1").redirectErrorStream(true).start();
        assertTrue(new String(wrong.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("Unknown option"));
        assertEquals(2, wrong.waitFor());
    }

    @Test
    void sigtermLetsARunningStreamFinish(@TempDir Path dir) throws Exception {
        try (FakeGemini fake = FakeGemini.start()) {
            int port = StandaloneContainer.freePort();
            // Started as the README says, with the recommended JVM options and the build's class-data archive;
            // -Xshare:on makes an archive that does not match this WAR and JDK an error instead of a warning.
            ProcessBuilder builder = launcher(dir, port, fake, List.of("@" + Path.of("conf/jvm.options").toAbsolutePath(),
                    "-XX:SharedArchiveFile=" + ARCHIVE.toAbsolutePath(), "-Xshare:on",
                    "-Xlog:class+load=info:file=" + dir.resolve("classes.log")));
            builder.environment().put("SHUTDOWN_GRACE_SECONDS", "20");
            Process gateway = builder.start();
            try {
                String base = "http://127.0.0.1:" + port;
                assertTrue(waitForAnswer(base + "/v1/models", gateway), Files.readString(dir.resolve("console.log")));
                Gate gate = new Gate();
                fake.onPrompt("last words", Reply.text("one ", "two").gate(1, gate));
                HttpResponse<InputStream> r = Http.open(chat(base, "\"stream\":true,", "last words"));
                try (SseReader sse = new SseReader(r.body())) {
                    sse.next();
                    assertEquals("one ", Json.MAPPER.readTree(sse.next()).at("/choices/0/delta/content").asText());
                    gateway.destroy(); // SIGTERM
                    assertFalse(gateway.waitFor(1, TimeUnit.SECONDS), "it waits for the running stream");
                    gate.open();
                    List<String> rest = new ArrayList<>();
                    for (String e = sse.next(); e != null; e = sse.next()) {
                        rest.add(e);
                    }
                    assertEquals("[DONE]", rest.get(rest.size() - 1), rest.toString());
                }
                assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "then it stops");
                assertTrue(Files.readString(dir.resolve("console.log")).contains("Gemini Gateway stopped"));
                // The web application's classes, loaded by Tomcat's class loader, came from the archive.
                String classes = Files.readString(dir.resolve("classes.log"));
                for (String name : List.of("com.geminigateway.api.ChatCompletionsResource",
                        "com.geminigateway.relay.ChatStream", "org.glassfish.jersey.server.ServerRuntime")) {
                    assertTrue(classes.contains(name + " source: shared objects file (top)"), name);
                }
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    @Test
    void laterStartsReuseTheExtractedWebApplicationUnlessSomethingIsMissing(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        try (FakeGemini fake = FakeGemini.start()) {
            startAnswerAndStop(dir, tmp, fake);
            Path root = tmp.resolve("gemini-gateway-" + System.getProperty("user.name"));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root)));
            List<Path> copies;
            try (var list = Files.list(root)) {
                copies = list.toList();
            }
            assertEquals(1, copies.size(), copies.toString());
            Path copy = copies.get(0);
            assertTrue(copy.getFileName().toString().startsWith("webapp-"), copy.toString());
            Path jar;
            try (var jars = Files.list(copy.resolve("WEB-INF/lib"))) {
                jar = jars.filter(p -> p.getFileName().toString().startsWith("gemini-gateway-")).findFirst().orElseThrow();
            }
            assertTrue(Files.isRegularFile(copy.resolve("WEB-INF/web.xml")), copy.toString());
            Path marker = Files.writeString(copy.resolve("reused.marker"), "x");

            startAnswerAndStop(dir, tmp, fake);
            assertTrue(Files.exists(marker), "the second start used the same copy");

            Files.delete(jar); // as a temp cleaner might
            startAnswerAndStop(dir, tmp, fake);
            assertTrue(Files.isRegularFile(jar), "an incomplete copy is extracted again");
            assertFalse(Files.exists(marker));
        }
    }

    /** One start with this temporary directory, one chat, then a stop. */
    private static void startAnswerAndStop(Path dir, Path tmp, FakeGemini fake) throws Exception {
        int port = StandaloneContainer.freePort();
        ProcessBuilder builder = launcher(dir, port, fake, List.of("-Djava.io.tmpdir=" + tmp));
        Process gateway = builder.start();
        try {
            String base = "http://127.0.0.1:" + port;
            assertTrue(waitForAnswer(base + "/v1/models", gateway), Files.readString(dir.resolve("console.log")));
            HttpResponse<String> chat = Http.send(chat(base, "", "hello"));
            assertEquals(200, chat.statusCode(), chat.body());
            gateway.destroy();
            assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "it stops");
        } finally {
            gateway.destroyForcibly();
        }
    }

    /** {@code java [jvmOptions] -jar gemini-gateway.war} on loopback, calling the fake, its console in console.log. */
    private static ProcessBuilder launcher(Path dir, int port, FakeGemini fake, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", WAR.toAbsolutePath().toString(), "--port", Integer.toString(port),
                "--host", "127.0.0.1", "--data", dir.resolve("data").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile());
        builder.environment().put("GEMINI_API_KEYS", "launcher-key-123456789");
        builder.environment().put("GEMINI_BASE_URL", fake.baseUrl());
        builder.environment().put("PASSWORD", "launcher-password");
        return builder;
    }

    private static java.net.http.HttpRequest.Builder chat(String base, String extraFields, String prompt) {
        return Http.request(base + "/v1/chat/completions")
                .header("Authorization", "Bearer launcher-password").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"gemini-2.5-flash\"," + extraFields
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}"));
    }

    private static boolean waitForAnswer(String url, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (Http.send(Http.request(url).timeout(Duration.ofSeconds(2))).statusCode() == 401) {
                    return true;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(200); // polling a starting process: nothing to wait on instead
        }
        return false;
    }
}
