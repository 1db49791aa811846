package dev.maestro.test.autoconfigure;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * Keeps only reconciler components in a {@link ReconcilerTest}'s component scan: the types listed in
 * {@code META-INF/spring/dev.maestro.test.autoconfigure.ReconcilerTest.includes} ({@code @ParentReconciler},
 * {@code @SubReconciler}), plus the test's own include filters.
 */
class ReconcilerTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<ReconcilerTest> {

  ReconcilerTypeExcludeFilter(Class<?> testClass) {
    super(testClass);
  }
}
