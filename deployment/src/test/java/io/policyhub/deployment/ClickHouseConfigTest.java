package io.policyhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** The ClickHouse cluster `policyhub` (3 shards x 1 replica) is the same in compose and Kubernetes and matches the app's URLs. */
class ClickHouseConfigTest {

    @Test
    void composeDefinesThreeShardsOfTheComposeServices() {
        List<String> hosts = shardHosts(Repo.read("compose/clickhouse/cluster.xml"));
        assertThat(hosts).containsExactly("clickhouse-shard1:9000", "clickhouse-shard2:9000", "clickhouse-shard3:9000");
        hosts.forEach(h -> assertThat(Compose.services()).containsKey(h.substring(0, h.indexOf(':'))));
    }

    @Test
    void kubernetesDefinesThreeShardsOfTheStatefulSet() {
        StatefulSet shards = (StatefulSet) KubernetesModel.load(Kustomize.base().get("StatefulSet/clickhouse-shard").document());
        int replicas = shards.getSpec().getReplicas();
        String service = shards.getSpec().getServiceName();
        assertThat(replicas).isEqualTo(3);
        assertThat(Kustomize.base()).containsKey("Service/" + service);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            expected.add("clickhouse-shard-" + i + "." + service + ":9000");
        }
        assertThat(shardHosts(Repo.read("k8s/base/clickhouse/cluster.xml"))).isEqualTo(expected);
    }

    @Test
    void insertsIntoTheDistributedTableAreSynchronousEverywhere() {
        String compose = Repo.read("compose/clickhouse/profiles.xml");
        assertThat(Repo.read("k8s/base/clickhouse/profiles.xml")).isEqualTo(compose);
        Document profiles = parse(compose);
        Element defaultProfile = (Element) ((Element) profiles.getElementsByTagName("profiles").item(0))
                .getElementsByTagName("default").item(0);
        assertThat(defaultProfile.getElementsByTagName("insert_distributed_sync").item(0).getTextContent()).isEqualTo("1");
    }

    @Test
    void everyComposeNodeHasTheDatabaseTheUserAndBothConfigFiles() {
        for (String node : List.of("clickhouse-router", "clickhouse-shard1", "clickhouse-shard2", "clickhouse-shard3")) {
            Map<String, Object> service = Compose.service(node);
            assertThat(Compose.environment(service)).as(node).containsEntry("CLICKHOUSE_DB", "policyhub")
                    .containsEntry("CLICKHOUSE_USER", "policyhub").containsKey("CLICKHOUSE_PASSWORD");
            assertThat(Repo.list(service.get("volumes"))).as(node).contains(
                    "./clickhouse/cluster.xml:/etc/clickhouse-server/config.d/policyhub-cluster.xml:ro",
                    "./clickhouse/profiles.xml:/etc/clickhouse-server/users.d/policyhub-profiles.xml:ro");
        }
    }

    @Test
    void theApplicationUsesTheRouterAndEveryShard() {
        Map<String, String> compose = Compose.environment(Compose.service("command"));
        assertThat(compose.get("POLICYHUB_CLICKHOUSE_URL")).startsWith("jdbc:clickhouse://clickhouse-router:8123/policyhub");
        assertThat(compose.get("POLICYHUB_CLICKHOUSE_USERNAME")).isEqualTo("policyhub");
        assertThat(hostsOf(compose.get("POLICYHUB_CLICKHOUSE_SHARDS")))
                .containsExactly("clickhouse-shard1", "clickhouse-shard2", "clickhouse-shard3");

        Map<String, String> k8s = Kustomize.generatedEnv("policyhub-env");
        assertThat(k8s.get("POLICYHUB_CLICKHOUSE_URL")).startsWith("jdbc:clickhouse://clickhouse-router:8123/policyhub");
        assertThat(Kustomize.base()).containsKey("Service/clickhouse-router");
        assertThat(hostsOf(k8s.get("POLICYHUB_CLICKHOUSE_SHARDS"))).containsExactly(
                "clickhouse-shard-0.clickhouse-shard", "clickhouse-shard-1.clickhouse-shard", "clickhouse-shard-2.clickhouse-shard");
    }

    @Test
    void theClusterIsTheOneTheApplicationQueries() {
        Object cluster = Repo.at(Repo.yamlMap("app/src/main/resources/application.yml"), "policyhub.clickhouse.cluster");
        assertThat(cluster).isEqualTo("policyhub");
        for (String file : List.of("compose/clickhouse/cluster.xml", "k8s/base/clickhouse/cluster.xml")) {
            Element servers = (Element) parse(Repo.read(file)).getElementsByTagName("remote_servers").item(0);
            assertThat(servers.getElementsByTagName(String.valueOf(cluster)).getLength()).as(file).isEqualTo(1);
        }
    }

    @Test
    void theParserSeesAMissingShard() {
        String two = Repo.read("compose/clickhouse/cluster.xml").replaceFirst("(?s)<shard>.*?</shard>", "");
        assertThat(shardHosts(two)).hasSize(2);
    }

    /** host:port of each shard of cluster `policyhub`, checking one replica per shard. */
    static List<String> shardHosts(String xml) {
        Document doc = parse(xml);
        NodeList clusters = doc.getElementsByTagName("policyhub");
        assertThat(clusters.getLength()).as("cluster policyhub").isEqualTo(1);
        List<String> hosts = new ArrayList<>();
        NodeList shards = ((Element) clusters.item(0)).getElementsByTagName("shard");
        for (int i = 0; i < shards.getLength(); i++) {
            NodeList replicas = ((Element) shards.item(i)).getElementsByTagName("replica");
            assertThat(replicas.getLength()).as("replicas of shard %d", i + 1).isEqualTo(1);
            Element replica = (Element) replicas.item(0);
            hosts.add(text(replica, "host") + ":" + text(replica, "port"));
            assertThat(text(replica, "user")).isEqualTo("policyhub");
        }
        return hosts;
    }

    private static List<String> hostsOf(String jdbcUrls) {
        return List.of(jdbcUrls.split(",")).stream()
                .map(u -> u.replaceFirst("^jdbc:clickhouse://", "").replaceFirst(":8123/policyhub(\\?.*)?$", ""))
                .toList();
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
        }
    }
}
