package io.policyhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/app.sh, which starts the jar for make run, the bench and the console journey: which JVM
 * options and which jar it hands to java, against a stand-in java that reports a chosen version,
 * extracts like the jar's tools mode, accepts or rejects a cache as the JVM's check would, and
 * records the command line it was finally started with.
 */
class AppLauncherTest {

    private static final String FAKE_JAVA = """
            #!/usr/bin/env bash
            if [[ " $* " == *" -version "* ]]; then
              if [[ " $* " == *" -XX:AOTMode=on "* && $(cat "$APP_DIR/policyhub.aot" 2>/dev/null) != accepted ]]; then exit 1; fi
              echo "openjdk version \\"$FAKE_MAJOR.0.1\\" 2026-01-01" >&2; exit 0
            fi
            if [[ $1 == -Djarmode=tools ]]; then
              mkdir -p "$6/lib" && echo thin >"$6/policyhub.jar" && echo "$3" >>"$FAKE_LOG.extracts"; exit 0
            fi
            echo "$*" >"$FAKE_LOG"
            """;

    @TempDir
    Path dir;
    private Path java;
    private Path jar;
    private Path appDir;

    @BeforeEach
    void standInJava() throws IOException {
        java = Files.writeString(dir.resolve("java"), FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.writeString(dir.resolve("policyhub.jar"), "fat jar");
        appDir = dir.resolve("app");
    }

    @Test
    void onJava17TheJarRunsAsItIsWithoutExtracting() throws Exception {
        assertThat(start(17, "on")).isEqualTo("-Xmx64m -jar " + jar + " --server.port=1");
        assertThat(appDir).doesNotExist();
    }

    @Test
    void onJdk25TheFirstStartRecordsACacheAndTheNextLoadsItWithC2AloneOnMoreCompilerThreads() throws Exception {
        String thin = appDir.resolve("policyhub.jar").toString();
        String cache = appDir.resolve("policyhub.aot").toString();
        assertThat(start(25, "on")).isEqualTo("-Xmx64m -XX:AOTCacheOutput=" + cache + " -jar " + thin + " --server.port=1");

        Files.writeString(Path.of(cache), "accepted"); // what the JVM wrote as that run exited
        assertThat(start(25, "on"))
                .isEqualTo("-Xmx64m -XX:AOTCache=" + cache + " -XX:CICompilerCount=8 -XX:-TieredCompilation -jar " + thin
                        + " --server.port=1");
        assertThat(extracts()).isEqualTo(1);
        assertThat(start(25, "on", "-XX:CICompilerCount=3 -XX:+TieredCompilation"))
                .endsWith(" -XX:CICompilerCount=3 -XX:+TieredCompilation -XX:AOTCache=" + cache + " -jar " + thin + " --server.port=1");
    }

    @Test
    void aCacheTheJvmRejectsIsDroppedAndRecordedAgain() throws Exception {
        start(25, "on");
        Path cache = Files.writeString(appDir.resolve("policyhub.aot"), "cut short by a kill");
        assertThat(start(25, "on")).contains("-XX:AOTCacheOutput=" + cache);
        assertThat(cache).doesNotExist();
    }

    @Test
    void aNewJarIsExtractedAgainAndItsPredecessorsCacheDropped() throws Exception {
        start(25, "on");
        Path cache = Files.writeString(appDir.resolve("policyhub.aot"), "accepted");
        Files.writeString(jar, "a rebuilt fat jar");
        assertThat(start(25, "on")).contains("-XX:AOTCacheOutput=" + cache);
        assertThat(extracts()).isEqualTo(2);
    }

    @Test
    void withTheCacheOffTheJarRunsAsItIsOnJdk25Too() throws Exception {
        assertThat(start(25, "off")).isEqualTo("-Xmx64m -jar " + jar + " --server.port=1");
        assertThat(appDir).doesNotExist();
    }

    /** The command line the stand-in java was started with. */
    private String start(int major, String aot) throws IOException, InterruptedException {
        return start(major, aot, "");
    }

    private String start(int major, String aot, String moreOptions) throws IOException, InterruptedException {
        Path log = dir.resolve("started");
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder("bash", Repo.path("scripts/app.sh").toString(), jar.toString(),
                "--server.port=1").redirectErrorStream(true);
        builder.environment().putAll(Map.of("JAVA", java.toString(), "JAVA_OPTS", ("-Xmx64m " + moreOptions).strip(), "APP_DIR",
                appDir.toString(), "APP_AOT", aot, "FAKE_MAJOR", String.valueOf(major), "FAKE_LOG", log.toString()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Files.readString(log).strip();
    }

    private long extracts() throws IOException {
        return Files.readAllLines(dir.resolve("started.extracts")).size();
    }
}
