package dev.maestro.test;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A cluster-scoped custom resource for tests of parents without a namespace; spec and status as a Widget's. */
@Group("test.maestro.dev")
@Version("v1")
public class Palette extends CustomResource<Widget.Spec, Widget.Status> {

  private static final long serialVersionUID = 1L;

  /** A palette named {@code name} with {@code color}. */
  public static Palette of(String name, String color) {
    Palette palette = new Palette();
    palette.getMetadata().setName(name);
    palette.setSpec(new Widget.Spec());
    palette.getSpec().setColor(color);
    return palette;
  }

  /** The CRD, cluster-scoped, with the status subresource. */
  public static CustomResourceDefinition crd() {
    return TestCrds.of(Palette.class);
  }

  @Override
  protected Widget.Spec initSpec() {
    return new Widget.Spec();
  }

  @Override
  protected Widget.Status initStatus() {
    return new Widget.Status();
  }
}
