package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;

class ResourcePathTest {

  @Test
  void coreNamespacedObjectWithSubresourceAndQuery() {
    ResourcePath path = ResourcePath.parse("/api/v1/namespaces/ns/configmaps/cm/status?fieldManager=x");

    assertThat(path).isEqualTo(new ResourcePath("", "v1", "ns", "configmaps", "cm", "status", "fieldManager=x"));
    assertThat(path.isOf(ConfigMap.class)).isTrue();
    assertThat(path.resourceType()).isEqualTo("configmaps");
  }

  @Test
  void groupedCollectionAndWatch() {
    ResourcePath path = ResourcePath.parse("/apis/test.maestro.dev/v1/namespaces/ns/widgets?watch=true&rv=1");

    assertThat(path.group()).isEqualTo("test.maestro.dev");
    assertThat(path.name()).isNull();
    assertThat(path.isWatch()).isTrue();
    assertThat(path.isOf(Widget.class)).isTrue();
    assertThat(path.resourceType()).isEqualTo("widgets.test.maestro.dev");
  }

  @Test
  void clusterScopedAndAllNamespaces() {
    assertThat(ResourcePath.parse("/api/v1/namespaces/ns")).isEqualTo(
        new ResourcePath("", "v1", null, "namespaces", "ns", null, ""));
    assertThat(ResourcePath.parse("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/a.b").name())
        .isEqualTo("a.b");
    assertThat(ResourcePath.parse("/api/v1/configmaps").namespace()).isNull();
  }

  @Test
  void otherPathsHaveNoResource() {
    assertThat(ResourcePath.parse("/version").resource()).isEmpty();
  }
}
