# Gemini Gateway: build the executable WAR with Maven, run it on a JRE as a non-root user.
#   docker build -t gemini-gateway .
#   docker run -p 7860:7860 -e GEMINI_API_KEYS=key1,key2 -e PASSWORD=... -v gateway-data:/data gemini-gateway
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY conf conf
COPY src src
COPY webapp webapp
# The class-data archive is made in the runtime stage below, for the JRE that uses it.
RUN mvn -B -q package -DskipTests -Dexec.skip

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app gateway \
    && mkdir -p /app /data \
    && chown gateway /app /data
WORKDIR /app
COPY --from=build /src/target/gemini-gateway.war /app/gemini-gateway.war
COPY conf/jvm.options /app/jvm.options
# Training run: the gateway serves one request of each kind on loopback, and the JVM records the classes it
# loaded in a class-data archive that makes every start of the container faster (README, "Start-up"). It runs
# as the user the container runs as, so the web application it extracts (under /tmp, owner-only) is the copy
# every container start reuses.
USER gateway
RUN java -XX:ArchiveClassesAtExit=/app/gemini-gateway.jsa -Xlog:cds*=error @/app/jvm.options \
        -jar /app/gemini-gateway.war --training-run > /tmp/training-run.log 2>&1 \
    || (cat /tmp/training-run.log; exit 1)
ENV PORT=7860 HOST=0.0.0.0 DATA_DIR=/data LOG_DIR=/data/logs
VOLUME /data
EXPOSE 7860
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:SharedArchiveFile=/app/gemini-gateway.jsa", "-jar", "/app/gemini-gateway.war"]
