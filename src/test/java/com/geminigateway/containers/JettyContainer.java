package com.geminigateway.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Eclipse Jetty 12 from jetty-home, a jetty-base with one EE environment, the WAR deployed by a context XML. */
final class JettyContainer extends StandaloneContainer {

    private final String environment; // ee10 or ee11
    private Path home;
    private Path base;
    private Path descriptor;

    JettyContainer(Path work, String environment) throws IOException {
        super(work);
        this.environment = environment;
    }

    @Override
    void install(Path archive, Path war, String contextPath, Map<String, String> settings) throws Exception {
        untar(archive, work);
        home = single(work, "jetty-home-");
        base = Files.createDirectories(work.resolve("base"));
        Process add = new ProcessBuilder("java", "-jar", home.resolve("start.jar").toString(),
                "--add-modules=server,http," + environment + "-deploy")
                .directory(base.toFile()).redirectErrorStream(true).start();
        String output = new String(add.getInputStream().readAllBytes());
        if (add.waitFor() != 0) {
            throw new IOException("jetty --add-modules failed: " + output);
        }
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                <Configure class="org.eclipse.jetty.%s.webapp.WebAppContext">
                  <Set name="contextPath">%s</Set>
                  <Set name="war">%s</Set>
                """.formatted(environment, contextPath, xmlEscape(war.toString())));
        settings.forEach((name, value) -> xml.append("  <Call name=\"setInitParameter\"><Arg>").append(name)
                .append("</Arg><Arg>").append(xmlEscape(value)).append("</Arg></Call>\n"));
        xml.append("</Configure>\n");
        descriptor = base.resolve("webapps/" + contextPath.substring(1) + ".xml");
        Files.createDirectories(descriptor.getParent());
        Files.writeString(descriptor, xml);
    }

    @Override
    Path workingDirectory() {
        return base;
    }

    @Override
    List<String> startCommand() {
        return List.of("java", "-jar", home.resolve("start.jar").toString(),
                "jetty.http.port=" + port, "jetty.http.host=127.0.0.1", "jetty.deploy.scanInterval=1");
    }

    @Override
    Map<String, String> environment() {
        return Map.of("JETTY_HOME", home.toString(), "JETTY_BASE", base.toString());
    }

    @Override
    void undeploy() throws IOException {
        Files.delete(descriptor);
    }

    @Override
    Predicate<String> undeployedLine() {
        return line -> line.contains("Stopped") && line.contains("WebAppContext");
    }

    @Override
    List<Path> logs() {
        return List.of(consoleLog);
    }
}
