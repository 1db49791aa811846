package dev.maestro.test.autoconfigure;

import dev.maestro.autoconfigure.ParentReconciler;
import dev.maestro.autoconfigure.SubReconciler;
import java.io.IOException;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Keeps only reconciler components in a {@link ReconcilerTest}'s component scan: the types listed in
 * {@code META-INF/spring/dev.maestro.test.autoconfigure.ReconcilerTest.includes} ({@code @ParentReconciler},
 * {@code @SubReconciler}), the classes declaring such beans on their methods ({@code @Bean @SubReconciler}), plus
 * the test's own include filters.
 */
class ReconcilerTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<ReconcilerTest> {

  ReconcilerTypeExcludeFilter(Class<?> testClass) {
    super(testClass);
  }

  @Override
  protected boolean defaultInclude(MetadataReader metadataReader, MetadataReaderFactory metadataReaderFactory)
      throws IOException {
    if (super.defaultInclude(metadataReader, metadataReaderFactory)) {
      return true;
    }
    AnnotationMetadata type = metadataReader.getAnnotationMetadata();
    return type.hasAnnotatedMethods(ParentReconciler.class.getName())
        || type.hasAnnotatedMethods(SubReconciler.class.getName());
  }
}
