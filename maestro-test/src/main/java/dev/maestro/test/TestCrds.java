package dev.maestro.test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;

/**
 * CustomResourceDefinitions for test resource classes, built from their {@code @Group}/{@code @Version}
 * annotations: the status subresource enabled and a schema that keeps every field. For classes whose real CRD is
 * generated at build time, install that one instead ({@link EmbeddedApiServer#installCrds(String)}).
 */
public final class TestCrds {

  private TestCrds() {}

  /** A CRD serving {@code type} at its group and version, with the status subresource. */
  public static CustomResourceDefinition of(Class<? extends HasMetadata> type) {
    String group = HasMetadata.getGroup(type);
    String version = HasMetadata.getVersion(type);
    String plural = HasMetadata.getPlural(type);
    if (group == null || group.isEmpty() || version == null) {
      throw new IllegalArgumentException(type.getName() + " needs @Group and @Version");
    }
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(plural + "." + group).endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope(Namespaced.class.isAssignableFrom(type) ? "Namespaced" : "Cluster")
        .withNewNames().withKind(HasMetadata.getKind(type)).withPlural(plural)
        .withSingular(HasMetadata.getSingular(type)).endNames()
        .addNewVersion()
        .withName(version).withServed(true).withStorage(true)
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema().endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
