# syntax=docker/dockerfile:1
# One image for every PolicyHub process: the four roles (command, projections, query, messenger),
# the one-shot migrations (POLICYHUB_MIGRATE_ONLY=true) and the insurer simulator
# (`java -jar /app/insurer-simulator.jar`). Which role a container plays is configuration only.

# ---------------------------------------------------------------- build
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# Only the two runnable jars and the modules they need; the Maven repository is a BuildKit cache,
# so a rebuild after a code change does not download the dependencies again.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests -pl app,insurer-simulator -am package

# ---------------------------------------------------------------- runtime
FROM eclipse-temurin:17-jre
# curl serves the health checks of docker compose (Kubernetes probes need nothing in the image).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 policyhub \
    && useradd --system --uid 10001 --gid policyhub --home-dir /app --shell /usr/sbin/nologin policyhub
WORKDIR /app
COPY --from=build --chown=policyhub:policyhub /src/app/target/policyhub.jar /app/policyhub.jar
COPY --from=build --chown=policyhub:policyhub /src/insurer-simulator/target/insurer-simulator.jar /app/insurer-simulator.jar

# The heap follows the container's memory limit; an OutOfMemoryError restarts the container
# instead of leaving a half-working JVM behind. The throughput collector, as in `make run`: G1's
# concurrent work costs a third of the command rate on small CPU budgets (bench/README.md). The Axon
# update checker cannot reach the internet.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseParallelGC" \
    AXONIQ_UPDATE_CHECKER_DISABLED=true

# numeric uid, so that Kubernetes' runAsNonRoot can verify it
USER 10001
# 8080: every role (HTTP, WebSocket, /actuator); the insurer simulator listens on 8090
EXPOSE 8080 8090
# No HEALTHCHECK here: the same image also runs the simulator and the migrations, so the check
# differs per container; docker compose and the Kubernetes probes declare their own.
CMD ["java", "-jar", "/app/policyhub.jar"]
