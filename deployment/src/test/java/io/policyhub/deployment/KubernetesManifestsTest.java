package io.policyhub.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Every document of every manifest under k8s/ (base, components, overlay patches) is a valid
 * object of a known API version and kind, field by field.
 */
class KubernetesManifestsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      ports:
                        - containerPort: 8080
            """;

    @Test
    void everyManifestLoadsAsATypedObject() {
        List<Kustomize.Manifest> manifests = Kustomize.manifests();
        assertThat(manifests).as("manifest documents").hasSizeGreaterThan(40);

        List<String> problems = new ArrayList<>();
        for (Kustomize.Manifest manifest : manifests) {
            KubernetesModel.problems(manifest.document())
                    .forEach(p -> problems.add(Repo.relative(manifest.file()) + ": " + p));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyKindOfTheDeploymentIsCovered() {
        assertThat(Kustomize.manifests()).extracting(m -> KubernetesModel.kindKey(m.document()))
                .contains("v1/Namespace", "apps/v1/Deployment", "apps/v1/StatefulSet", "batch/v1/Job",
                        "autoscaling/v2/HorizontalPodAutoscaler", "policy/v1/PodDisruptionBudget",
                        "networking.k8s.io/v1/Ingress", "v1/Service", "monitoring.coreos.com/v1/ServiceMonitor");
    }

    @Test
    void aValidManifestLoads() {
        Deployment deployment = (Deployment) KubernetesModel.load(document(DEPLOYMENT));
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getContainerPort())
                .isEqualTo(8080);
    }

    @Test
    void aMisspelledFieldIsRejectedWithItsPath() {
        Map<String, Object> misspelled = document(DEPLOYMENT.replace("containerPort: 8080", "containerPortt: 8080"));
        assertThatThrownBy(() -> KubernetesModel.load(misspelled))
                .hasMessageContaining("containerPortt");
        assertThat(KubernetesModel.problems(misspelled)).singleElement().asString().contains("containerPortt");

        Map<String, Object> misplaced = document(DEPLOYMENT.replace("  selector:", "  replica: 2\n  selector:"));
        assertThat(KubernetesModel.problems(misplaced)).singleElement().asString().contains("replica");
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        Map<String, Object> wrongType = document(DEPLOYMENT.replace("  selector:", "  replicas: three\n  selector:"));
        assertThat(KubernetesModel.problems(wrongType)).singleElement().asString().contains("replicas");
    }

    @Test
    void unknownOrOutdatedApiVersionsAndKindsAreRejected() {
        assertThat(KubernetesModel.problems(document(DEPLOYMENT.replace("apps/v1", "extensions/v1beta1"))))
                .singleElement().asString().contains("unknown apiVersion/kind");
        assertThat(KubernetesModel.problems(document(DEPLOYMENT.replace("kind: Deployment", "kind: Deploymint"))))
                .isNotEmpty();
    }

    @Test
    void aServiceMonitorWithAnUnknownSpecFieldIsRejected() {
        Map<String, Object> monitor = document("""
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: demo}
                spec:
                  selector: {matchLabels: {app: demo}}
                  endpoint: [{port: http}]
                """);
        assertThat(KubernetesModel.problems(monitor)).singleElement().asString().contains("spec.endpoint");
    }

    private static Map<String, Object> document(String yaml) {
        return Repo.map(Repo.yamlDocuments(yaml).get(0));
    }
}
