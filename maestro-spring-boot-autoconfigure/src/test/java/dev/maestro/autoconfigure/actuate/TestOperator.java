package dev.maestro.autoconfigure.actuate;

import dev.maestro.autoconfigure.Gadget;
import dev.maestro.autoconfigure.Gizmo;
import dev.maestro.autoconfigure.KubernetesClientAutoConfiguration;
import dev.maestro.autoconfigure.KubernetesConnectionDetails;
import dev.maestro.autoconfigure.MaestroAutoConfiguration;
import dev.maestro.autoconfigure.ParentReconciler;
import dev.maestro.autoconfigure.SubReconciler;
import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.Step;
import dev.maestro.test.EmbeddedApiServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The operator the actuate tests observe: a controller of Gadgets with two steps, {@code recordStep}
 * ({@code @Order(1)}, records every key it reconciles, and fails permanently with reason {@code Broken} for a
 * Gadget of size {@value #BROKEN}) and {@code finishStep} ({@link Ordered}, order 5); optionally a second controller
 * of Gizmos. Each test runs its contexts in a namespace of its own on a shared embedded API server.
 */
final class TestOperator {

  /** The size that makes {@code recordStep} fail. */
  static final String BROKEN = "broken";

  private static final AtomicInteger namespaces = new AtomicInteger();

  private TestOperator() {}

  /** An embedded API server with the Gadget and Gizmo CRDs. */
  static EmbeddedApiServer server() {
    return EmbeddedApiServer.create().onStart(s -> s.installCrd(Gadget.crd()).installCrd(Gizmo.crd()));
  }

  /** A namespace no other test uses. */
  static String namespace(String prefix) {
    return prefix + "-" + namespaces.incrementAndGet();
  }

  /** Maestro and its client on {@code server}, watching only {@code namespace}, plus {@code configurations}. */
  static ApplicationContextRunner runner(EmbeddedApiServer server, String namespace, Class<?>... configurations) {
    Class<?>[] all = new Class<?>[configurations.length + 2];
    all[0] = KubernetesClientAutoConfiguration.class;
    all[1] = MaestroAutoConfiguration.class;
    System.arraycopy(configurations, 0, all, 2, configurations.length);
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(all))
        .withBean(KubernetesConnectionDetails.class, () -> server::config)
        .withPropertyValues("maestro.namespaces=" + namespace);
  }

  /** A Gadget of {@code size}. */
  static Gadget gadget(String namespace, String name, String size) {
    Gadget gadget = Gadget.of(namespace, name);
    gadget.getSpec().setSize(size);
    return gadget;
  }

  /** The Gadget controller and its two steps. */
  @Configuration(proxyBeanMethods = false)
  static class Gadgets {

    @Bean
    GadgetController gadgetParent() {
      return new GadgetController();
    }

    @Bean
    ReconcileLog reconcileLog() {
      return new ReconcileLog();
    }

    @Bean
    FinishStep finishStep() {
      return new FinishStep();
    }

    @Bean
    @Order(1)
    RecordStep recordStep(ReconcileLog log) {
      return new RecordStep(log);
    }
  }

  /** A second controller, of Gizmos, without steps. */
  @Configuration(proxyBeanMethods = false)
  static class Gizmos {

    @Bean
    GizmoController gizmoParent() {
      return new GizmoController();
    }
  }

  @ParentReconciler(Gadget.class)
  static class GadgetController {}

  @ParentReconciler(Gizmo.class)
  static class GizmoController {}

  /** The keys {@code recordStep} reconciled, in order. */
  static final class ReconcileLog {

    private final List<ResourceKey> keys = new CopyOnWriteArrayList<>();

    void add(ResourceKey key) {
      keys.add(key);
    }

    List<ResourceKey> keys() {
      return List.copyOf(keys);
    }

    long count(ResourceKey key) {
      return keys.stream().filter(key::equals).count();
    }
  }

  /** Records the key; fails permanently for a broken Gadget. */
  @SubReconciler
  static final class RecordStep implements Step<Gadget> {

    private final ReconcileLog log;

    RecordStep(ReconcileLog log) {
      this.log = log;
    }

    @Override
    public Result reconcile(ReconcileContext<Gadget> context, Gadget gadget) {
      log.add(ResourceKey.of(gadget));
      if (BROKEN.equals(gadget.getSpec().getSize())) {
        throw ReconcileException.permanent("Broken", "gadget " + ResourceKey.of(gadget) + " is broken");
      }
      return Result.done();
    }
  }

  /** Does nothing, last. */
  @SubReconciler
  static final class FinishStep implements Step<Gadget>, Ordered {

    @Override
    public Result reconcile(ReconcileContext<Gadget> context, Gadget gadget) {
      return Result.done();
    }

    @Override
    public int getOrder() {
      return 5;
    }
  }
}
