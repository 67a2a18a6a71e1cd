package io.policyhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** Axon Server's two configurations, their copies, and the clients' addresses. */
class AxonServerConfigTest {

    private static final String STANDALONE = "axonserver/axonserver.properties";
    private static final String CLUSTER = "axonserver/axonserver-cluster.properties";

    @Test
    void copiesInsideK8sAreIdentical() {
        assertThat(Repo.read("k8s/base/axonserver/axonserver-cluster.properties")).isEqualTo(Repo.read(CLUSTER));
        assertThat(Repo.read("k8s/overlays/local/axonserver.properties")).isEqualTo(Repo.read(STANDALONE));
    }

    @Test
    void everySettingIsCommented() {
        assertThat(uncommented(Repo.read(STANDALONE))).isEmpty();
        assertThat(uncommented(Repo.read(CLUSTER))).isEmpty();
        assertThat(uncommented("# a comment\na=1\nb=2\n")).containsExactly("b=2");
    }

    @Test
    void standaloneNodeCreatesTheDefaultContext() {
        Properties p = load(STANDALONE);
        assertThat(p.getProperty("axoniq.axonserver.standalone")).isEqualTo("true");
        assertThat(p.getProperty("axoniq.axonserver.port")).isEqualTo("8124");
        assertThat(p.getProperty("axoniq.axonserver.hostname")).isEqualTo("axonserver");
        assertThat(Compose.services()).containsKey(p.getProperty("axoniq.axonserver.hostname"));
        assertThat(p.getProperty("axoniq.axonserver.devmode.enabled")).isEqualTo("false");
        assertThat(Repo.list(Compose.service("axonserver").get("volumes")))
                .contains("../axonserver/axonserver.properties:/axonserver/config/axonserver.properties:ro");
    }

    @Test
    void clusterFormsAutomaticallyFromTheFirstPodOfTheStatefulSet() {
        Properties p = load(CLUSTER);
        StatefulSet sts = (StatefulSet) KubernetesModel.load(Kustomize.base().get("StatefulSet/axonserver").document());
        Service headless = (Service) KubernetesModel.load(Kustomize.base().get("Service/" + sts.getSpec().getServiceName()).document());
        String domain = sts.getSpec().getServiceName() + ".policyhub.svc.cluster.local";

        assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
        assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(p.getProperty("axoniq.axonserver.domain")).isEqualTo(domain);
        assertThat(p.getProperty("axoniq.axonserver.internal-domain")).isEqualTo(domain);
        assertThat(p.getProperty("axoniq.axonserver.autocluster.first")).isEqualTo(sts.getMetadata().getName() + "-0." + domain);
        assertThat(p.getProperty("axoniq.axonserver.autocluster.contexts").split(",")).contains("default", "_admin");
        assertThat(p.getProperty("axoniq.axonserver.devmode.enabled")).isEqualTo("false");
        // the ports the pods declare are the ones configured
        assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .extracting(cp -> cp.getContainerPort())
                .containsExactlyInAnyOrder(Integer.valueOf(p.getProperty("server.port")),
                        Integer.valueOf(p.getProperty("axoniq.axonserver.port")),
                        Integer.valueOf(p.getProperty("axoniq.axonserver.internal-port")));
    }

    @Test
    void clientsConnectToEveryNodeOnTheClientPort() {
        String servers = Kustomize.envFile(Repo.path("k8s/base/policyhub/policyhub.env")).get("AXONSERVER_SERVERS");
        assertThat(servers.split(",")).containsExactly(
                "axonserver-0.axonserver:8124", "axonserver-1.axonserver:8124", "axonserver-2.axonserver:8124");
    }

    private static List<String> uncommented(String properties) {
        List<String> missing = new ArrayList<>();
        String previous = "";
        for (String line : properties.lines().toList()) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#") && !previous.startsWith("#")) {
                missing.add(t);
            }
            previous = t;
        }
        return missing;
    }

    private static Properties load(String file) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Repo.read(file)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }
}
