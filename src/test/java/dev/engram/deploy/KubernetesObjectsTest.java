package dev.engram.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validator the deployment tests rely on rejects what the API server would reject. */
class KubernetesObjectsTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: engram
            spec:
              selector:
                matchLabels: {app: engram}
              template:
                metadata:
                  labels: {app: engram}
                spec:
                  containers:
                    - name: engram
                      image: engram:1
                      ports: [{containerPort: 8080}]
            """;

    @Test
    void shouldAcceptAValidObject() {
        assertThat(KubernetesObjects.parse(DEPLOYMENT)).hasSize(1);
    }

    @Test
    void shouldRejectUnknownFieldsAtAnyDepth() {
        assertThatThrownBy(() -> KubernetesObjects.parse(DEPLOYMENT.replace("image: engram:1", "image: engram:1\n          imagePolicy: Always")))
                .hasMessageContaining("unknown field(s) [imagePolicy]");
        assertThatThrownBy(() -> KubernetesObjects.parse(DEPLOYMENT.replace("  selector:", "  replica: 2\n  selector:")))
                .hasMessageContaining("unknown field(s) [replica]");
    }

    @Test
    void shouldRejectMistypedValues() {
        assertThatThrownBy(() -> KubernetesObjects.parse(DEPLOYMENT.replace("containerPort: 8080", "containerPort: \"8080\"")))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> KubernetesObjects.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {POOL: 15}\n"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void shouldRejectWhatTheApiServerValidates() {
        assertThatThrownBy(() -> KubernetesObjects.parse(DEPLOYMENT.replace("labels: {app: engram}", "labels: {app: other}")))
                .hasMessageContaining("does not match the pod template's labels");
        assertThatThrownBy(() -> KubernetesObjects.parse(DEPLOYMENT.replace("name: engram\nspec", "name: Engram_1\nspec")))
                .hasMessageContaining("is not a DNS subdomain");
        assertThatThrownBy(() -> KubernetesObjects.parse(DEPLOYMENT.replace("apps/v1", "apps/v1beta1")))
                .hasMessageContaining("unknown or unexpected apiVersion/kind apps/v1beta1/Deployment");
        assertThatThrownBy(() -> KubernetesObjects.parse(DEPLOYMENT.replace("          image: engram:1\n", "")))
                .hasMessageContaining("has no image");
    }
}
