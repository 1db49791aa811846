package dev.maestro.autoconfigure;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;

/** A second custom resource for the auto-configuration tests, for contexts with two parent types. */
@Group("autoconfigure.maestro.dev")
@Version("v1")
@Plural("gizmos") // fabric8 would pluralize it "gizmoes"
public class Gizmo extends CustomResource<Gizmo.Spec, Gizmo.Status> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** A gizmo named {@code name} in {@code namespace}. */
  public static Gizmo of(String namespace, String name) {
    Gizmo resource = new Gizmo();
    resource.getMetadata().setNamespace(namespace);
    resource.getMetadata().setName(name);
    resource.setSpec(new Spec());
    return resource;
  }

  /** The CRD, with the status subresource, built in code since the tests run no CRD generator. */
  public static CustomResourceDefinition crd() {
    return dev.maestro.test.TestCrds.of(Gizmo.class);
  }

  @Override
  protected Spec initSpec() {
    return new Spec();
  }

  @Override
  protected Status initStatus() {
    return new Status();
  }

  /** The desired state. */
  public static class Spec {
    private String size;

    public String getSize() {
      return size;
    }

    public void setSize(String size) {
      this.size = size;
    }
  }

  /** The observed state, with the fields Maestro's default status policy writes. */
  public static class Status {
    private Long observedGeneration;
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
      return conditions;
    }

    public void setConditions(List<Condition> conditions) {
      this.conditions = conditions;
    }
  }
}
