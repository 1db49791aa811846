package dev.maestro.samples.greeting;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A greeting to publish as a ConfigMap. Its CRD is generated from this class at build time. */
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
