package io.policyhub.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** compose/docker-compose.yml, with anchors and merge keys resolved. */
final class Compose {

    static final String FILE = "compose/docker-compose.yml";

    private Compose() {
    }

    static Map<String, Object> file() {
        return Repo.yamlMap(FILE);
    }

    static Map<String, Object> services() {
        return Repo.map(file().get("services"));
    }

    static Map<String, Object> service(String name) {
        Object service = services().get(name);
        if (service == null) {
            throw new AssertionError("compose has no service " + name);
        }
        return Repo.map(service);
    }

    /** A service's environment as a map, whether written as a map or as KEY=VALUE items. */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (raw instanceof List<?> list) {
            for (Object item : list) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }

    /** The services that run the PolicyHub image. */
    static Map<String, Map<String, Object>> policyhubServices() {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        services().forEach((name, s) -> {
            Map<String, Object> service = Repo.map(s);
            if (String.valueOf(service.get("image")).startsWith("policyhub/")) {
                result.put(name, service);
            }
        });
        return result;
    }

    /** The healthcheck test as one string. */
    static String healthcheck(Map<String, Object> service) {
        Object test = Repo.at(service, "healthcheck.test");
        return test instanceof List<?> l ? String.join(" ", l.stream().map(String::valueOf).toList()) : String.valueOf(test);
    }
}
