package io.policyhub.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of an nginx configuration to answer "which upstream gets this request": method maps,
 * upstream blocks, and exact/prefix locations with their proxy_pass. It covers the constructs the
 * PolicyHub configs use (no regex locations, no nested locations) and refuses anything else.
 */
final class Nginx {

    record Location(boolean exact, String path, String body) {

        String proxyPass() {
            Matcher m = Pattern.compile("proxy_pass\\s+http://([^;/\\s]+)\\s*;").matcher(body);
            return m.find() ? m.group(1) : null;
        }

        Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            Matcher m = Pattern.compile("proxy_set_header\\s+(\\S+)\\s+([^;]+);").matcher(body);
            while (m.find()) {
                headers.put(m.group(1), m.group(2).strip());
            }
            return headers;
        }
    }

    private final String text;
    private final Map<String, Map<String, String>> maps = new LinkedHashMap<>();
    private final Map<String, List<String>> upstreams = new LinkedHashMap<>();
    private final List<Location> locations = new ArrayList<>();

    Nginx(String config) {
        this.text = config.replaceAll("(?m)#.*$", "");
        Matcher map = Pattern.compile("map\\s+\\$(\\w+)\\s+\\$(\\w+)\\s*\\{([^}]*)}").matcher(text);
        while (map.find()) {
            Map<String, String> entries = new LinkedHashMap<>();
            for (String line : map.group(3).split(";")) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2) {
                    entries.put(parts[0].replace("'", ""), parts[1]);
                }
            }
            maps.put(map.group(1) + "->" + map.group(2), entries);
        }
        Matcher upstream = Pattern.compile("upstream\\s+(\\w+)\\s*\\{([^}]*)}").matcher(text);
        while (upstream.find()) {
            List<String> servers = new ArrayList<>();
            Matcher server = Pattern.compile("server\\s+(\\S+?)(\\s[^;]*)?;").matcher(upstream.group(2));
            while (server.find()) {
                servers.add(server.group(1));
            }
            upstreams.put(upstream.group(1), servers);
        }
        Matcher location = Pattern.compile("location\\s+(=\\s*)?(\\S+)\\s*\\{([^}]*)}").matcher(text);
        while (location.find()) {
            if (location.group(2).startsWith("~")) {
                throw new IllegalArgumentException("regex locations are not supported: " + location.group(2));
            }
            locations.add(new Location(location.group(1) != null, location.group(2), location.group(3)));
        }
    }

    /** The entries of {@code map $from $to}, keys unquoted ({@code ''} is the empty string). */
    Map<String, String> map(String from, String to) {
        return maps.getOrDefault(from + "->" + to, Map.of());
    }

    List<Location> locations() {
        return List.copyOf(locations);
    }

    String text() {
        return text;
    }

    Map<String, List<String>> upstreams() {
        return upstreams;
    }

    List<String> serverNames() {
        Matcher m = Pattern.compile("server_name\\s+([^;]+);").matcher(text);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.addAll(List.of(m.group(1).strip().split("\\s+")));
        }
        return names;
    }

    /** nginx's choice for a path: an exact match, else the longest prefix. */
    Optional<Location> location(String path) {
        return locations.stream().filter(l -> l.exact() && l.path().equals(path)).findFirst()
                .or(() -> locations.stream().filter(l -> !l.exact() && path.startsWith(l.path()))
                        .max((a, b) -> Integer.compare(a.path().length(), b.path().length())));
    }

    /** The upstream a request goes to, or empty when it is answered by nginx itself (404, health). */
    Optional<String> upstreamFor(String method, String path) {
        return location(path).map(Location::proxyPass).map(target -> {
            if (!target.startsWith("$")) {
                return target;
            }
            Map<String, String> methodMap = maps.get("request_method->" + target.substring(1));
            if (methodMap == null) {
                throw new IllegalArgumentException("no map on $request_method defines " + target);
            }
            return methodMap.getOrDefault(method, methodMap.get("default"));
        });
    }
}
