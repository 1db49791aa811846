package dev.maestro.test;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.maestro.core.status.HasConditions;
import dev.maestro.core.status.HasObservedGeneration;
import dev.maestro.core.status.HasStatusError;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;

/** A resource whose status uses its own JSON names and Maestro's status interfaces instead of field names. */
@Group("test.maestro.dev")
@Version("v1")
public class Dial extends CustomResource<Widget.Spec, Dial.Status> implements Namespaced {

  private static final long serialVersionUID = 1L;

  /** The CRD, with the status subresource. */
  public static CustomResourceDefinition crd() {
    return TestCrds.of(Dial.class);
  }

  @Override
  protected Widget.Spec initSpec() {
    return new Widget.Spec();
  }

  @Override
  protected Status initStatus() {
    return new Status();
  }

  /** Status with names of its own. */
  public static class Status implements HasConditions, HasObservedGeneration, HasStatusError {
    @JsonProperty("checks")
    private List<Condition> checks = new ArrayList<>();
    @JsonProperty("seenGeneration")
    private Long seenGeneration;
    @JsonProperty("errorReason")
    private String errorReason;
    @JsonProperty("errorMessage")
    private String errorMessage;

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<Condition> getConditions() {
      return checks;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public void setConditions(List<Condition> conditions) {
      this.checks = conditions;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Long getObservedGeneration() {
      return seenGeneration;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public void setObservedGeneration(Long observedGeneration) {
      this.seenGeneration = observedGeneration;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public void setReason(String reason) {
      this.errorReason = reason;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public void setMessage(String message) {
      this.errorMessage = message;
    }

    public String errorReason() {
      return errorReason;
    }

    public String errorMessage() {
      return errorMessage;
    }

    public Long seenGeneration() {
      return seenGeneration;
    }

    public List<Condition> checks() {
      return checks;
    }
  }
}
