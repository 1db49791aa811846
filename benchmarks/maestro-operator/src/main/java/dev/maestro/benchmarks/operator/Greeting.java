package dev.maestro.benchmarks.operator;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The benchmark's custom resource: the sample's Greeting ({@code samples.maestro.dev/v1}), whose CRD is generated
 * from this class at build time. The JOSDK operator has its own copy of these classes, on its own fabric8.
 */
@Group("samples.maestro.dev")
@Version("v1")
public class Greeting extends CustomResource<GreetingSpec, GreetingStatus> implements Namespaced {

  private static final long serialVersionUID = 1L;

  @Override
  protected GreetingSpec initSpec() {
    return new GreetingSpec();
  }

  @Override
  protected GreetingStatus initStatus() {
    return new GreetingStatus();
  }
}
