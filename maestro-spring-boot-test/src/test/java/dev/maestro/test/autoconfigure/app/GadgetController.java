package dev.maestro.test.autoconfigure.app;

import dev.maestro.autoconfigure.ParentReconciler;

/** The controller of gadgets; its step is {@link GadgetConfigMap}. */
@ParentReconciler(resource = Gadget.class)
public class GadgetController {}
