# The Sluice control plane. Build the jar first (./mvnw -DskipTests package), then:
#   docker build -t sluice .
# Layers: dependencies change rarely, the application on every build, so rebuilds stay small.
FROM eclipse-temurin:17.0.15_6-jre AS layers
WORKDIR /build
COPY control-plane/target/sluice-control-plane.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17.0.15_6-jre
# curl for the health check: newer Temurin images no longer carry it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system sluice \
    && useradd --system --gid sluice --home-dir /var/lib/sluice sluice \
    && mkdir -p /var/lib/sluice \
    && chown sluice:sluice /var/lib/sluice
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER sluice
ENV SLUICE_HOME=/var/lib/sluice \
    SERVER_ADDRESS=0.0.0.0 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
