package dev.maestro.autoconfigure;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean that defines the controller for one resource type. Maestro builds one controller per such bean;
 * its steps are the {@link SubReconciler} beans for the same type, in {@code @Order}.
 *
 * <p>The bean itself may implement {@link ControllerCustomizer} to adjust the controller beyond what the
 * attributes say. Two {@code @ParentReconciler} beans for one type are a start-up error.
 *
 * <pre>{@code
 * @ParentReconciler(resource = Greeting.class, owns = ConfigMap.class)
 * class GreetingController {}
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface ParentReconciler {

  /** The resource type reconciled (alias of {@link #resource()}). */
  @AliasFor("resource")
  Class<? extends HasMetadata> value() default HasMetadata.class;

  /** The resource type reconciled. */
  @AliasFor("value")
  Class<? extends HasMetadata> resource() default HasMetadata.class;

  /** The controller's name; the resource's plural when empty. Not blank, and without {@code /}. */
  String name() default "";

  /** Namespaces watched; when empty, {@code maestro.namespaces} applies (empty there too: all namespaces). */
  String[] namespaces() default {};

  /** Keys reconciled at once; {@code maestro.concurrency} when not positive. */
  int concurrency() default -1;

  /** Child types whose changes enqueue their controlling parent, and which steps can read from a cache. */
  Class<? extends HasMetadata>[] owns() default {};

  /**
   * Labels ({@code key=value}) a resource must carry to be reconciled; when empty, every resource of the type is.
   * The others are not even cached.
   */
  String[] labelSelector() default {};

  /**
   * Labels ({@code key=value}) put on every child the steps create or update; the owned types are then cached only
   * for objects that carry them (see {@code ControllerBuilder.withChildLabels}).
   */
  String[] childLabels() default {};
}
