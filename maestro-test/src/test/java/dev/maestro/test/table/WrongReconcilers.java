package dev.maestro.test.table;

import dev.maestro.core.ReconcileContext;
import dev.maestro.core.ReconcileException;
import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.StashKey;
import dev.maestro.core.Step;
import dev.maestro.core.SyncStep;
import dev.maestro.core.condition.ConditionStatus;
import dev.maestro.core.event.EventType;
import dev.maestro.test.Widget;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Map;

/**
 * Steps that make one kind of write, correctly or deliberately wrong: leaving out the write the case expects,
 * making one more, or making a different one. Each works on the widget {@code default/shade} and ConfigMaps
 * {@code a} and {@code b} next to it.
 */
final class WrongReconcilers {

  /** What a step does relative to the correct behaviour. */
  enum Behaviour {
    CORRECT, MISSING, EXTRA, DIFFERENT;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static final StashKey<String> COLOR = StashKey.of("color", String.class);
  static final StashKey<String> SHADE = StashKey.of("shade", String.class);

  private WrongReconcilers() {}

  static Step<Widget> creating(Behaviour behaviour) {
    return SyncStep.action("create", (context, widget) -> {
      switch (behaviour) {
        case CORRECT -> create(context, "a", "blue");
        case MISSING -> { }
        case EXTRA -> {
          create(context, "a", "blue");
          create(context, "b", "blue");
        }
        case DIFFERENT -> create(context, "a", "red");
      }
    });
  }

  static Step<Widget> updating(Behaviour behaviour) {
    return SyncStep.action("update", (context, widget) -> {
      switch (behaviour) {
        case CORRECT -> update(context, "a", "blue");
        case MISSING -> { }
        case EXTRA -> {
          update(context, "a", "blue");
          update(context, "b", "blue");
        }
        case DIFFERENT -> update(context, "a", "green");
      }
    });
  }

  static Step<Widget> patching(Behaviour behaviour) {
    return SyncStep.action("patch", (context, widget) -> {
      switch (behaviour) {
        case CORRECT -> label(context, "a", "1");
        case MISSING -> { }
        case EXTRA -> {
          label(context, "a", "1");
          label(context, "b", "1");
        }
        case DIFFERENT -> label(context, "a", "2");
      }
    });
  }

  static Step<Widget> deleting(Behaviour behaviour) {
    return SyncStep.action("delete", (context, widget) -> {
      switch (behaviour) {
        case CORRECT -> delete(context, "a");
        case MISSING -> { }
        case EXTRA -> {
          delete(context, "a");
          delete(context, "b");
        }
        case DIFFERENT -> delete(context, "b");
      }
    });
  }

  /** Status: the framework writes the status the step leaves; EXTRA also writes one itself first. */
  static Step<Widget> painting(Behaviour behaviour) {
    return SyncStep.action("paint", (context, widget) -> {
      switch (behaviour) {
        case CORRECT -> widget.getStatus().setPaint("blue");
        case MISSING -> { }
        case EXTRA -> {
          Widget interim = context.client().resources(Widget.class).inNamespace(widget.getMetadata().getNamespace())
              .withName(widget.getMetadata().getName()).get();
          interim.getStatus().setPaint("primer");
          context.client().resource(interim).updateStatus();
          widget.getStatus().setPaint("blue");
        }
        case DIFFERENT -> widget.getStatus().setPaint("green");
      }
    });
  }

  static Step<Widget> announcing(Behaviour behaviour) {
    return SyncStep.action("announce", (context, widget) -> {
      switch (behaviour) {
        case CORRECT -> context.event(widget, EventType.NORMAL, "Painted", "painted blue");
        case MISSING -> { }
        case EXTRA -> {
          context.event(widget, EventType.NORMAL, "Painted", "painted blue");
          context.event(widget, EventType.NORMAL, "Dried", "dried");
        }
        case DIFFERENT -> context.event(widget, EventType.WARNING, "Painted", "painted blue");
      }
    });
  }

  static Step<Widget> tracking(Behaviour behaviour) {
    return SyncStep.action("track", (context, widget) -> {
      String namespace = widget.getMetadata().getNamespace();
      switch (behaviour) {
        case CORRECT -> context.track(ConfigMap.class, new ResourceKey(namespace, "a"));
        case MISSING -> { }
        case EXTRA -> {
          context.track(ConfigMap.class, new ResourceKey(namespace, "a"));
          context.track(ConfigMap.class, new ResourceKey(namespace, "b"));
        }
        case DIFFERENT -> context.track(ConfigMap.class, new ResourceKey(namespace, "b"));
      }
    });
  }

  /** Result: MISSING asks for no requeue, EXTRA fails on top, DIFFERENT asks for another delay. */
  static Step<Widget> requeueing(Behaviour behaviour) {
    return SyncStep.of("requeue", (context, widget) -> switch (behaviour) {
      case CORRECT -> Result.requeueAfter(Duration.ofMinutes(1));
      case MISSING -> Result.done();
      case EXTRA -> throw new IllegalStateException("and then it broke");
      case DIFFERENT -> Result.requeueAfter(Duration.ofMinutes(2));
    });
  }

  /** Error: MISSING does not fail, EXTRA fails with a wrapped cause, DIFFERENT fails for another reason. */
  static Step<Widget> failing(Behaviour behaviour) {
    return SyncStep.action("fail", (context, widget) -> {
      switch (behaviour) {
        case CORRECT -> throw new ReconcileException("Broken", "the widget is broken");
        case MISSING -> { }
        case EXTRA -> throw new IllegalStateException("unexpected", new ReconcileException("Broken", "broken"));
        case DIFFERENT -> throw new ReconcileException("Cracked", "the widget is cracked");
      }
    });
  }

  /** Parent on the server: labels it through a patch. */
  static Step<Widget> labellingParent(Behaviour behaviour) {
    return SyncStep.action("label parent", (context, widget) -> {
      Map<String, String> labels = switch (behaviour) {
        case CORRECT -> Map.of("x", "1");
        case MISSING -> Map.of();
        case EXTRA -> Map.of("x", "1", "y", "2");
        case DIFFERENT -> Map.of("x", "2");
      };
      if (!labels.isEmpty()) {
        context.client().resources(Widget.class).inNamespace(widget.getMetadata().getNamespace())
            .withName(widget.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":" + context.client().getKubernetesSerialization().asJson(labels) + "}}");
      }
    });
  }

  /** Stash (step suite). */
  static Step<Widget> stashing(Behaviour behaviour) {
    return SyncStep.action("stash", (context, widget) -> {
      switch (behaviour) {
        case CORRECT -> context.stash().put(COLOR, "blue");
        case MISSING -> { }
        case EXTRA -> {
          context.stash().put(COLOR, "blue");
          context.stash().put(SHADE, "dark");
        }
        case DIFFERENT -> context.stash().put(COLOR, "red");
      }
    });
  }

  /** Parent in memory (step suite). */
  static Step<Widget> labellingCopy(Behaviour behaviour) {
    return SyncStep.action("label copy", (context, widget) -> {
      switch (behaviour) {
        case CORRECT -> widget.getMetadata().getLabels().put("x", "1");
        case MISSING -> { }
        case EXTRA -> {
          widget.getMetadata().getLabels().put("x", "1");
          widget.getMetadata().getLabels().put("y", "2");
        }
        case DIFFERENT -> widget.getMetadata().getLabels().put("x", "2");
      }
    });
  }

  /** Conditions (step suite). */
  static Step<Widget> conditioning(Behaviour behaviour) {
    return SyncStep.action("condition", (context, widget) -> {
      switch (behaviour) {
        case CORRECT -> context.setCondition("Painted", ConditionStatus.TRUE, "Painted", "blue");
        case MISSING -> { }
        case EXTRA -> {
          context.setCondition("Painted", ConditionStatus.TRUE, "Painted", "blue");
          context.setCondition("Dried", ConditionStatus.TRUE, "Dried", "");
        }
        case DIFFERENT -> context.setCondition("Painted", ConditionStatus.FALSE, "Smudged", "blue");
      }
    });
  }

  static ConfigMap configMap(String name, String color) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .addToData("color", color).build();
  }

  private static void create(ReconcileContext<Widget> context, String name, String color) {
    ConfigMap configMap = configMap(name, color);
    configMap.getMetadata().setNamespace(context.key().namespace());
    context.client().resource(configMap).create();
  }

  private static void update(ReconcileContext<Widget> context, String name, String color) {
    ConfigMap current = context.client().configMaps().inNamespace(context.key().namespace()).withName(name).get();
    current.getData().put("color", color);
    context.client().resource(current).update();
  }

  private static void label(ReconcileContext<Widget> context, String name, String value) {
    context.client().configMaps().inNamespace(context.key().namespace()).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"x\":\"" + value + "\"}}}");
  }

  private static void delete(ReconcileContext<Widget> context, String name) {
    context.client().configMaps().inNamespace(context.key().namespace()).withName(name).delete();
  }
}
