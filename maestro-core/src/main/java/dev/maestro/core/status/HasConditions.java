package dev.maestro.core.status;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** A status class that holds conditions; Maestro uses these accessors instead of the conditions field name. */
public interface HasConditions {

  /** The conditions. */
  List<Condition> getConditions();

  /** Replaces the conditions. */
  void setConditions(List<Condition> conditions);
}
