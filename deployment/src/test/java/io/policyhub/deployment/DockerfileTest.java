package io.policyhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The one image: built from the reactor, runs both jars as a non-root user. */
class DockerfileTest {

    private final String dockerfile = Repo.read("Dockerfile");
    private final List<String> instructions = instructions(dockerfile);

    @Test
    void buildsWithMavenAndRunsOnAJre() {
        assertThat(instructions).contains("FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre");
        assertThat(instructions).anyMatch(i -> i.startsWith("RUN") && i.contains("mvn -B -DskipTests")
                && i.contains("package"));
    }

    @Test
    void copiesTheJarsTheModulesBuild() {
        String app = finalName("app/pom.xml");
        String simulator = finalName("insurer-simulator/pom.xml");
        assertThat(instructions).anyMatch(i -> i.startsWith("COPY --from=build") && i.contains("/app/target/" + app + ".jar /app/policyhub.jar"));
        assertThat(instructions).anyMatch(i -> i.startsWith("COPY --from=build")
                && i.contains("/insurer-simulator/target/" + simulator + ".jar /app/insurer-simulator.jar"));
        assertThat(instructions).contains("CMD [\"java\", \"-jar\", \"/app/policyhub.jar\"]");
        assertThat(instructions).anyMatch(i -> i.startsWith("EXPOSE") && i.contains("8080"));
    }

    @Test
    void runsAsANonRootUser() {
        List<String> users = instructions.stream().filter(i -> i.startsWith("USER ")).toList();
        assertThat(users).isNotEmpty();
        String last = users.get(users.size() - 1).substring(5).strip();
        assertThat(last).isNotIn("root", "0", "0:0");
        // numeric, so that Kubernetes' runAsNonRoot can verify it, and the same uid the manifests use
        assertThat(last).isEqualTo("10001");
        assertThat(Repo.read("k8s/base/policyhub/command.yaml")).contains("runAsUser: 10001");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputLocalDataAndSecrets() {
        List<String> ignored = Repo.read(".dockerignore").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored).contains("**/target/", ".local/", "node_modules/", ".git", "compose/.env",
                "compose/secrets/", "k8s/overlays/*/secrets/");
    }

    @Test
    void theInstructionParserJoinsContinuationLines() {
        assertThat(instructions("RUN a \\\n    && b\n# comment\nUSER 1\n")).containsExactly("RUN a && b", "USER 1");
    }

    /** Instructions with continuation lines joined and comments dropped. */
    static List<String> instructions(String dockerfile) {
        String joined = dockerfile.lines().filter(l -> !l.strip().startsWith("#"))
                .reduce("", (a, l) -> a + l + "\n").replaceAll("\\\\\\n\\s*", "");
        return joined.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.replaceAll("\\s+", " ")).toList();
    }

    private static String finalName(String pom) {
        Matcher m = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(Repo.read(pom));
        assertThat(m.find()).as("finalName in %s", pom).isTrue();
        return m.group(1);
    }
}
