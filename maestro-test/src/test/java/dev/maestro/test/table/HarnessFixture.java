package dev.maestro.test.table;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that exists to be run by the harness's own tests through the JUnit Platform testkit, and
 * fails on purpose. Disabled unless the configuration parameter {@value #ENABLED} is {@code true}, which only
 * those tests set; such classes are also static nested classes, which Surefire does not pick up.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(HarnessFixture.OnlyThroughTestKit.class)
@interface HarnessFixture {

  /** The configuration parameter that enables fixtures. */
  String ENABLED = "maestro.harness.fixtures";

  /** Enables a fixture only when {@value #ENABLED} is set. */
  final class OnlyThroughTestKit implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(ENABLED).map(Boolean::parseBoolean).orElse(false)
          ? ConditionEvaluationResult.enabled("run by the harness's self-tests")
          : ConditionEvaluationResult.disabled("a failing-on-purpose fixture of the harness's self-tests");
    }
  }
}
