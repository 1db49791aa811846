package dev.maestro.test.autoconfigure.app;

import dev.maestro.autoconfigure.SubReconciler;
import dev.maestro.core.Step;
import dev.maestro.core.SyncStep;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A step declared on a bean method, as applications declare steps they build rather than write as classes. */
@Configuration(proxyBeanMethods = false)
public class GadgetSteps {

  @Bean
  @SubReconciler
  Step<Gadget> gadgetInspection() {
    return SyncStep.action("inspection", (context, gadget) -> { });
  }
}
