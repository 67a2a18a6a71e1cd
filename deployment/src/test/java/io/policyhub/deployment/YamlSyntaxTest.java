package io.policyhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.error.YAMLException;

/** Every YAML file of compose/ and k8s/ parses, every document of it, with no duplicate keys. */
class YamlSyntaxTest {

    @Test
    void everyYamlFileUnderComposeAndK8sParses() {
        List<Path> files = new ArrayList<>(Repo.files("compose", ".yml", ".yaml"));
        files.addAll(Repo.files("k8s", ".yml", ".yaml"));
        assertThat(files).as("YAML files found").hasSizeGreaterThan(20);

        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            try {
                if (Repo.yamlDocuments(file).isEmpty()) {
                    failures.add(Repo.relative(file) + ": no document");
                }
            } catch (YAMLException e) {
                failures.add(Repo.relative(file) + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void multiDocumentFilesYieldEveryDocument() {
        assertThat(Repo.yamlDocuments("a: 1\n---\nb: 2\n---\n")).hasSize(2);
    }

    @Test
    void theLoaderRejectsBrokenYamlAndDuplicateKeys() {
        assertThatThrownBy(() -> Repo.yamlDocuments("a: [1, 2\nb: 3\n")).isInstanceOf(YAMLException.class);
        assertThatThrownBy(() -> Repo.yamlDocuments("env:\n  A: 1\n  A: 2\n")).isInstanceOf(YAMLException.class);
    }

    @Test
    void mergeKeysMayOverrideWhatTheyMerge() {
        // docker-compose.yml overrides merged anchors (a role's own switches over the shared environment)
        Object doc = Repo.yamlDocuments("x: &base {A: 1, B: 2}\ny:\n  <<: *base\n  B: 3\n").get(0);
        assertThat(Repo.at(doc, "y.B")).isEqualTo(3);
        assertThat(Repo.at(doc, "y.A")).isEqualTo(1);
    }
}
