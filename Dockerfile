# syntax=docker/dockerfile:1
# Multi-stage build of the agent runtime (DESIGN §9): the Maven wrapper builds the jar on a JDK,
# Spring Boot's layertools extract it into layers, and a JRE runs it as a non-root user.

FROM eclipse-temurin:17-jdk AS build
# The wrapper downloads Maven with curl and checks the .zip's SHA-256; without unzip it would fetch
# the .tar.gz instead and fail that check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first: this layer is reused until pom.xml changes.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q dependency:go-offline
COPY db/ db/
COPY src/main/ src/main/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q -DskipTests package \
    && java -Djarmode=tools -jar target/agent-runtime-*.jar extract --layers --launcher --destination /extracted

# The try-it LLM simulator (compose profile "simulator"; docs/operations.md): its package of the
# test sources alone, compiled against Jackson's three jars from the build above. Nothing of the
# runtime or of the other test code goes in; the app image below never sees src/test.
FROM build AS simulator-build
WORKDIR /simulator
COPY src/test/java/io/agentruntime/simulator/ src/io/agentruntime/simulator/
RUN mkdir lib \
    && cp /extracted/dependencies/BOOT-INF/lib/jackson-core-*.jar \
          /extracted/dependencies/BOOT-INF/lib/jackson-databind-*.jar \
          /extracted/dependencies/BOOT-INF/lib/jackson-annotations-*.jar lib/ \
    && rm -f src/io/agentruntime/simulator/*Tests.java \
    && javac --release 17 -proc:none -d classes -cp 'lib/*' src/io/agentruntime/simulator/*.java

# docker build --target simulator: an OpenAI-compatible server on port 8000 that answers from the
# persona, memory and history it is sent, and says it is a simulator.
FROM eclipse-temurin:25-jre AS simulator
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /simulator
COPY --from=simulator-build /simulator/lib/ lib/
COPY --from=simulator-build /simulator/classes/ classes/
USER 10001:10001
ENV LLM_SIMULATOR_PORT=8000
EXPOSE 8000
ENTRYPOINT ["java", "-cp", "classes:lib/*", "io.agentruntime.simulator.LlmSimulator"]

# The application image, the default target (the last stage).
# The jar is Java 17 bytecode; it runs on a JDK 25 JRE for virtual threads without pinning on
# synchronized (JEP 491). G1 stays the collector: ZGC (no compressed pointers) ran out of a 512 MiB
# heap with 2,000 replies in flight where G1 needed under 400 MiB. The whole heap is committed at
# start: a small young generation collected every ~0.7 s made GC pauses the overhead's p99 (README,
# Benchmark). G1 starts its concurrent marking at a fixed 30 % of the heap: its adaptive threshold
# started a cycle every 30-150 s with the old generation at 11 %, each costing a core for 1-2 s and a
# Remark pause of up to 120 ms (docs/benchmark.md, session 16); 30 % still marks early enough with
# 2,000 replies in flight (280-295 MiB live in 512 MiB).
FROM eclipse-temurin:25-jre AS app
# curl only for the container health check below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /application
# Least to most frequently changing, so a code change ships only the last layer.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001:10001
ENV SERVER_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:InitialRAMPercentage=75 -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=30"
EXPOSE 8080
# Liveness, not readiness: a database outage must not get a healthy process restarted.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:${MANAGEMENT_SERVER_PORT:-8080}/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
