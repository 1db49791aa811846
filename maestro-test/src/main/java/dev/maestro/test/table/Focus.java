package dev.maestro.test.table;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Turns cases into dynamic tests, honouring skip and focus. */
final class Focus {

  /** The name of the test that fails while a case is focused. */
  static final String REMINDER = "no case is focused";

  private Focus() {}

  static <C extends AbstractTestCase<C>> Stream<DynamicTest> tests(List<C> cases, Consumer<C> runner) {
    boolean focused = cases.stream().anyMatch(c -> c.focus);
    Stream<DynamicTest> tests = cases.stream().map(testCase -> DynamicTest.dynamicTest(testCase.name(), () -> {
      if (testCase.skipReason != null) {
        throw new TestAbortedException("Case \"" + testCase.name() + "\" is skipped: " + testCase.skipReason);
      }
      if (focused && !testCase.focus) {
        throw new TestAbortedException("Case \"" + testCase.name() + "\" is skipped: other cases are focused");
      }
      runner.accept(testCase);
    }));
    if (!focused) {
      return tests;
    }
    List<String> names = cases.stream().filter(c -> c.focus).map(AbstractTestCase::name).toList();
    return Stream.concat(tests, Stream.of(DynamicTest.dynamicTest(REMINDER, () -> {
      throw new AssertionFailedError("Cases " + names + " are focused, so the others were skipped: remove focus() "
          + "before committing");
    })));
  }
}
