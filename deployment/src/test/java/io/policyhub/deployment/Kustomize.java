package io.policyhub.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The kustomize tree under k8s/: kustomization files, what they reference, the manifests. */
final class Kustomize {

    private Kustomize() {
    }

    record Kustomization(Path file, Map<String, Object> content) {

        Path dir() {
            return file.getParent();
        }

        List<String> strings(String key) {
            return Repo.list(content.get(key)).stream().map(String::valueOf).toList();
        }

        List<Map<String, Object>> generators(String key) {
            return Repo.list(content.get(key)).stream().map(Repo::map).toList();
        }

        /** Local file paths a generator reads: {@code files} (optionally {@code key=path}) and {@code envs}. */
        static List<String> generatorSources(Map<String, Object> generator) {
            List<String> sources = new ArrayList<>();
            for (Object f : Repo.list(generator.get("files"))) {
                String entry = String.valueOf(f);
                sources.add(entry.contains("=") ? entry.substring(entry.indexOf('=') + 1) : entry);
            }
            Repo.list(generator.get("envs")).forEach(e -> sources.add(String.valueOf(e)));
            return sources;
        }

        List<String> patchPaths() {
            return Repo.list(content.get("patches")).stream().map(Repo::map)
                    .filter(p -> p.get("path") != null).map(p -> String.valueOf(p.get("path"))).toList();
        }
    }

    static List<Kustomization> all() {
        return Repo.files("k8s", "kustomization.yaml").stream()
                .map(f -> new Kustomization(f, Repo.map(Repo.yaml().load(Repo.read(f)))))
                .toList();
    }

    /** Files that generators read (properties, XML, nginx and Prometheus configs, env files): not manifests. */
    static Set<Path> generatorInputs() {
        Set<Path> inputs = new LinkedHashSet<>();
        for (Kustomization k : all()) {
            for (String key : List.of("configMapGenerator", "secretGenerator")) {
                for (Map<String, Object> generator : k.generators(key)) {
                    Kustomization.generatorSources(generator)
                            .forEach(s -> inputs.add(k.dir().resolve(s).normalize()));
                }
            }
        }
        return inputs;
    }

    /** Every YAML file under k8s/ that holds Kubernetes objects: not a kustomization, not a generator input. */
    static List<Path> manifestFiles() {
        Set<Path> inputs = generatorInputs();
        return Repo.files("k8s", ".yaml", ".yml").stream()
                .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                .filter(f -> !inputs.contains(f.normalize()))
                .toList();
    }

    record Manifest(Path file, Map<String, Object> document) {

        String kind() {
            return String.valueOf(document.get("kind"));
        }

        String name() {
            return String.valueOf(Repo.at(document, "metadata.name"));
        }

        @Override
        public String toString() {
            return Repo.relative(file) + ": " + kind() + " " + name();
        }
    }

    static List<Manifest> manifests() {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : manifestFiles()) {
            for (Object document : Repo.yamlDocuments(file)) {
                manifests.add(new Manifest(file, Repo.map(document)));
            }
        }
        return manifests;
    }

    /** Manifests of the base only (what every overlay deploys), by kind/name. */
    static Map<String, Manifest> base() {
        Map<String, Manifest> base = new LinkedHashMap<>();
        Path baseDir = Repo.path("k8s/base");
        manifests().stream().filter(m -> m.file().startsWith(baseDir))
                .forEach(m -> base.put(m.kind() + "/" + m.name(), m));
        return base;
    }

    /** KEY=VALUE lines of a kustomize env file (comments and blank lines left out). */
    static Map<String, String> envFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Repo.read(file).lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(Repo.relative(file) + ": not KEY=VALUE: " + line);
            }
            env.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
        }
        return env;
    }

    /**
     * Every variable a ConfigMap generator named {@code name} contributes, in any kustomization
     * (the base's env file and the overlays' merged literals).
     */
    static Map<String, String> generatedEnv(String name) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Kustomization k : all()) {
            for (Map<String, Object> generator : k.generators("configMapGenerator")) {
                if (!name.equals(generator.get("name"))) {
                    continue;
                }
                Repo.list(generator.get("envs")).forEach(e -> env.putAll(envFile(k.dir().resolve(String.valueOf(e)))));
                for (Object literal : Repo.list(generator.get("literals"))) {
                    String l = String.valueOf(literal);
                    env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
                }
            }
        }
        return env;
    }
}
