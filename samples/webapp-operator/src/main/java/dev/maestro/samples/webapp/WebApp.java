package dev.maestro.samples.webapp;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A web application: an image run as a Deployment, optionally exposed by a Service, configured by ConfigMaps. */
@Group("samples.maestro.dev")
@Version("v1")
public class WebApp extends CustomResource<WebApp.Spec, WebApp.Status> implements Namespaced {

  private static final long serialVersionUID = 1L;

  @Override
  protected Spec initSpec() {
    return new Spec();
  }

  @Override
  protected Status initStatus() {
    return new Status();
  }

  /** What the user wants. */
  public static class Spec {
    private @Nullable String image;
    private int replicas = 1;
    private @Nullable Integer port;
    private Map<String, String> config = new LinkedHashMap<>();
    private Map<String, Map<String, String>> extraConfigs = new LinkedHashMap<>();

    /** The container image; a tag other than {@code latest} is recommended. */
    public @Nullable String getImage() {
      return image;
    }

    public void setImage(@Nullable String image) {
      this.image = image;
    }

    /** How many pods to run. */
    public int getReplicas() {
      return replicas;
    }

    public void setReplicas(int replicas) {
      this.replicas = replicas;
    }

    /** The port to expose with a Service; no Service when unset. */
    public @Nullable Integer getPort() {
      return port;
    }

    public void setPort(@Nullable Integer port) {
      this.port = port;
    }

    /** The application's configuration, as the ConfigMap {@code <name>-config}. */
    public Map<String, String> getConfig() {
      return config;
    }

    public void setConfig(Map<String, String> config) {
      this.config = config;
    }

    /** Further ConfigMaps {@code <name>-<key>}, one per entry. */
    public Map<String, Map<String, String>> getExtraConfigs() {
      return extraConfigs;
    }

    public void setExtraConfigs(Map<String, Map<String, String>> extraConfigs) {
      this.extraConfigs = extraConfigs;
    }
  }

  /** What the operator observed. */
  public static class Status {
    private @Nullable Long observedGeneration;
    private @Nullable Integer availableReplicas;
    private List<Condition> conditions = new ArrayList<>();

    public @Nullable Long getObservedGeneration() {
      return observedGeneration;
    }

    public void setObservedGeneration(@Nullable Long observedGeneration) {
      this.observedGeneration = observedGeneration;
    }

    /** The Deployment's available replicas. */
    public @Nullable Integer getAvailableReplicas() {
      return availableReplicas;
    }

    public void setAvailableReplicas(@Nullable Integer availableReplicas) {
      this.availableReplicas = availableReplicas;
    }

    /** Available, ImagePinned, and Ready (derived from Available). */
    public List<Condition> getConditions() {
      return conditions;
    }

    public void setConditions(List<Condition> conditions) {
      this.conditions = conditions;
    }
  }
}
