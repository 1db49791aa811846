package dev.maestro.samples.webapp;

import dev.maestro.autoconfigure.ControllerCustomizer;
import dev.maestro.autoconfigure.ParentReconciler;
import dev.maestro.core.condition.ConditionSet;
import dev.maestro.core.runtime.ControllerBuilder;

/** The controller of WebApps: Ready follows the Deployment's availability. */
@ParentReconciler(resource = WebApp.class)
public class WebAppController implements ControllerCustomizer<WebApp> {

  /** Set by {@link WebAppSteps#deployment()} from the Deployment's status. */
  public static final String AVAILABLE = "Available";

  /** Set by {@link WebAppSteps#imagePolicy()}: whether the image names a fixed tag. */
  public static final String IMAGE_PINNED = "ImagePinned";

  @Override
  public void customize(ControllerBuilder<WebApp> builder) {
    builder.withConditionSet(ConditionSet.ready(AVAILABLE));
  }
}
