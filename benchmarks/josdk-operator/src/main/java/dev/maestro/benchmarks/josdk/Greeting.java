package dev.maestro.benchmarks.josdk;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The benchmark's Greeting ({@code samples.maestro.dev/v1}) on fabric8 7.5.2: the same resource as the Maestro
 * operator's, whose generated CRD the runner installs.
 */
@Group("samples.maestro.dev")
@Version("v1")
public class Greeting extends CustomResource<GreetingSpec, GreetingStatus> implements Namespaced {

  private static final long serialVersionUID = 1L;
}
