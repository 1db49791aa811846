package dev.maestro.benchmarks.jmh;

import dev.maestro.core.internal.MergePatch;
import dev.maestro.core.status.StatusPolicy;
import dev.maestro.core.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The status computation of a reconcile: the desired status from the working copy ({@link StatusWriter#desired}),
 * its difference from the cached status ({@link StatusWriter#diff}, a {@link MergePatch}), and the JSON Patch
 * a write sends ({@link StatusWriter#patch}); on a new parent (status to write) and on a converged one (nothing to
 * write, the common case).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StatusPatchBenchmark {

  private KubernetesClient client;
  private KubernetesSerialization json;
  private StatusWriter<Widget> writer;
  private Widget fresh;
  private Widget converged;
  private List<Condition> ready;
  private Map<String, Object> freshStatus;
  private Map<String, Object> convergedStatus;

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() {
    // never connects: the writer only needs the client's serialization for what is measured here
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:9/").build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    json = client.getKubernetesSerialization();
    writer = new StatusWriter<>(client, Widget.class, StatusPolicy.DEFAULT);
    fresh = widget(null);
    ready = List.of(ConditionUpdaterBenchmark.condition("Ready", "True", "Reconciled"));
    converged = widget(ready);
    freshStatus = (Map<String, Object>) json.convertValue(fresh, Map.class).getOrDefault("status", Map.of());
    convergedStatus = (Map<String, Object>) json.convertValue(converged, Map.class).get("status");
  }

  @TearDown
  public void tearDown() {
    client.close();
  }

  /** A new parent: the desired status (observedGeneration, Ready) and its difference from the empty one. */
  @Benchmark
  public Map<String, @Nullable Object> desiredAndDiffOfANewParent() {
    Widget working = json.clone(fresh);
    Map<String, Object> desired = writer.desired(working, ready);
    return writer.diff(fresh, desired);
  }

  /** A converged parent: the same computation, which finds nothing to write. */
  @Benchmark
  public Map<String, @Nullable Object> desiredAndDiffOfAConvergedParent() {
    Widget working = json.clone(converged);
    Map<String, Object> desired = writer.desired(working, ready);
    return writer.diff(converged, desired);
  }

  /** The conditions of the cached parent, which every reconcile reads first. */
  @Benchmark
  public List<Condition> conditionsOf() {
    return writer.conditionsOf(converged);
  }

  /** The merge patch between two status trees alone. */
  @Benchmark
  public Map<String, @Nullable Object> mergePatchDiff() {
    return MergePatch.diff(freshStatus, convergedStatus);
  }

  /** The JSON Patch a write of the converged status to a new parent sends (the comparison included). */
  @Benchmark
  public List<Map<String, Object>> statusPatchOfANewParent() {
    return writer.patch(fresh, convergedStatus);
  }

  private static Widget widget(@Nullable List<Condition> conditions) {
    Widget widget = new Widget();
    widget.getMetadata().setName("greeting-1");
    widget.getMetadata().setNamespace("bench-1");
    widget.getMetadata().setUid("7d7c5b4e-1f0a-4a7e-9d55-3f0b1c2d3e4f");
    widget.getMetadata().setResourceVersion("12345");
    widget.getMetadata().setGeneration(1L);
    widget.getSpec().setMessage("Hello 1");
    if (conditions != null) {
      widget.getStatus().setObservedGeneration(1L);
      widget.getStatus().setConditions(conditions);
    }
    return widget;
  }
}
