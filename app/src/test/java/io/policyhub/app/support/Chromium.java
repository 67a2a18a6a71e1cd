package io.policyhub.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian's package, which {@code make test} installs when root): the DOM of a page
 * once its scripts ran. Without it a browser test reports skipped with the reason, under CI it fails.
 */
public final class Chromium {

    private Chromium() {
    }

    /** The page's DOM after its scripts ran (up to 20 s of page time). */
    public static String renderedDom(String url) throws IOException, InterruptedException {
        Path binary = binary();
        Path profile = Files.createTempDirectory("chromium-profile");
        // root needs --no-sandbox; the profile directory keeps runs apart
        Process browser = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=20000",
                "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> dom = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        if (!browser.waitFor(90, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
            throw new AssertionError("chromium did not finish rendering " + url + " within 90 s");
        }
        return dom.join();
    }

    private static Path binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        assertThat(System.getenv("CI")).as("make test installs chromium under CI").isNotEqualTo("true");
        Assumptions.abort("chromium is missing: sudo apt-get install -y chromium (make test installs it when root)");
        throw new IllegalStateException("unreachable");
    }
}
