package dev.maestro.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.stereotype.Component;

/**
 * Marks a {@link dev.maestro.core.Step} bean that joins the pipeline of a {@link ParentReconciler}: the one whose
 * resource type is the step's type argument, or the one named by {@link #parent()}. Steps run in
 * {@code @Order} / {@link org.springframework.core.Ordered} order, lowest first.
 *
 * <p>A sub reconciler whose parent is missing or ambiguous is a start-up error naming the bean.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SubReconciler {

  /** The bean name of the {@link ParentReconciler} to join; by resource type when empty. */
  String parent() default "";
}
