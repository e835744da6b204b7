package com.geminigateway.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Apache Tomcat from its tar.gz, the WAR deployed by a context descriptor in conf/Catalina/localhost. */
final class TomcatContainer extends StandaloneContainer {

    private Path home;
    private Path descriptor;

    TomcatContainer(Path work) throws IOException {
        super(work);
    }

    @Override
    void install(Path archive, Path war, String contextPath, Map<String, String> settings) throws Exception {
        untar(archive, work);
        home = single(work, "apache-tomcat-");
        // Only the gateway: Tomcat's sample applications (ROOT, examples, docs, manager) are not ours to judge.
        try (Stream<Path> bundled = Files.walk(home.resolve("webapps"))) {
            bundled.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(home.resolve("webapps")))
                    .forEach(p -> p.toFile().delete());
        }
        Path serverXml = home.resolve("conf/server.xml");
        String server = Files.readString(serverXml)
                .replace("port=\"8080\"", "port=\"" + port + "\" address=\"127.0.0.1\"")
                .replace("port=\"8005\"", "port=\"-1\"");
        Files.writeString(serverXml, server);
        // The file name is the context path; parameters are how a WAR in Tomcat is configured.
        StringBuilder xml = new StringBuilder("<Context docBase=\"" + xmlEscape(war.toString()) + "\">\n");
        settings.forEach((name, value) -> xml.append("  <Parameter name=\"").append(name).append("\" value=\"")
                .append(xmlEscape(value)).append("\" override=\"false\"/>\n"));
        xml.append("</Context>\n");
        descriptor = home.resolve("conf/Catalina/localhost/" + contextPath.substring(1) + ".xml");
        Files.createDirectories(descriptor.getParent());
        Files.writeString(descriptor, xml);
    }

    @Override
    List<String> startCommand() {
        return List.of(home.resolve("bin/catalina.sh").toString(), "run");
    }

    @Override
    Map<String, String> environment() {
        return Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", home.toString(),
                "CATALINA_OUT", consoleLog.toString());
    }

    @Override
    void undeploy() throws IOException {
        Files.delete(descriptor);
    }

    @Override
    Predicate<String> undeployedLine() {
        return line -> line.contains("Undeploying context");
    }

    @Override
    List<Path> logs() throws IOException {
        List<Path> logs = new ArrayList<>(List.of(consoleLog));
        try (Stream<Path> files = Files.list(home.resolve("logs"))) {
            files.filter(p -> p.getFileName().toString().startsWith("catalina") || p.getFileName().toString().startsWith("localhost."))
                    .forEach(logs::add);
        }
        return logs;
    }
}
