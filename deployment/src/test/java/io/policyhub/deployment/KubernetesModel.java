package io.policyhub.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

/**
 * Loads Kubernetes manifests as fabric8 model objects, strictly: a field the API does not have
 * (a typo such as {@code containerPorts}) or a value of the wrong type is an error.
 *
 * <p>fabric8's model classes accept unknown fields into an {@code additionalProperties} map via
 * {@code @JsonAnySetter}, which would make FAIL_ON_UNKNOWN_PROPERTIES useless; the mapper below
 * ignores that annotation, so Jackson reports the field with its full path.
 */
final class KubernetesModel {

    /** The API versions and kinds the manifests may use, with their model class. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class));

    /** Custom resources without a model class here: checked by hand (known apiVersion/kind, known spec fields). */
    static final Map<String, Set<String>> CUSTOM_KINDS = Map.of(
            "monitoring.coreos.com/v1/ServiceMonitor",
            Set.of("selector", "endpoints", "namespaceSelector", "jobLabel", "targetLabels", "podTargetLabels",
                    "sampleLimit", "attachMetadata"),
            "monitoring.coreos.com/v1/PrometheusRule", Set.of("groups"));

    private static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, true)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            });

    private KubernetesModel() {
    }

    static String kindKey(Map<String, Object> document) {
        return document.get("apiVersion") + "/" + document.get("kind");
    }

    /** The typed object of a manifest document; throws with the offending field's path if it is not valid. */
    static HasMetadata load(Map<String, Object> document) {
        Class<? extends HasMetadata> type = KINDS.get(kindKey(document));
        if (type == null) {
            throw new IllegalArgumentException("unknown apiVersion/kind " + kindKey(document));
        }
        return STRICT.convertValue(document, type);
    }

    /** What is wrong with a document: empty when it is a valid manifest of a known kind. */
    static List<String> problems(Map<String, Object> document) {
        List<String> problems = new ArrayList<>();
        String key = kindKey(document);
        Object metadata = document.get("metadata");
        if (!(metadata instanceof Map<?, ?> m) || !(m.get("name") instanceof String name) || name.isBlank()) {
            problems.add(key + ": metadata.name is missing");
        }
        if (CUSTOM_KINDS.containsKey(key)) {
            Set<String> known = CUSTOM_KINDS.get(key);
            Set<String> topLevel = Set.of("apiVersion", "kind", "metadata", "spec");
            document.keySet().stream().filter(k -> !topLevel.contains(k))
                    .forEach(k -> problems.add(key + ": unknown field " + k));
            Repo.map(document.get("spec")).keySet().stream().filter(k -> !known.contains(k))
                    .forEach(k -> problems.add(key + ": unknown field spec." + k));
            return problems;
        }
        try {
            load(document);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + describe(e));
        }
        return problems;
    }

    /** "spec.template.spec.containers[0].containerPortt: Unrecognized field ..." */
    private static String describe(IllegalArgumentException e) {
        if (e.getCause() instanceof JsonMappingException mapping) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
                } else if (reference.getIndex() >= 0) {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
            return path + ": " + mapping.getOriginalMessage().lines().findFirst().orElse("");
        }
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
