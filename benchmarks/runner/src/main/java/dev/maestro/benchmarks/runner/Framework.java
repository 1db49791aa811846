package dev.maestro.benchmarks.runner;

import java.util.List;
import java.util.Locale;

/** An operator under test: the module it is built in, its main class, and how it is told the API server's URL. */
public enum Framework {

  /**
   * Maestro's starter ({@code benchmarks/maestro-operator}), run with the bean definitions that Spring Boot's AOT
   * processing generated when the module was built, as Spring Boot offers every application on the JVM.
   */
  MAESTRO("maestro-operator", "dev.maestro.benchmarks.operator.MaestroBenchmarkOperator") {
    @Override
    List<String> arguments(String apiServerUrl) {
      return List.of("--benchmark.api-server=" + apiServerUrl);
    }

    @Override
    List<String> systemProperties() {
      return List.of("-Dspring.aot.enabled=true");
    }
  },

  /**
   * Maestro's engine without Spring ({@code benchmarks/maestro-core-operator}): not one of the two frameworks the
   * targets compare, run on request ({@code --frameworks maestro,maestro-core,josdk}) to show what Spring Boot
   * costs.
   */
  MAESTRO_CORE("maestro-core-operator", "dev.maestro.benchmarks.core.MaestroCoreBenchmarkOperator") {
    @Override
    List<String> arguments(String apiServerUrl) {
      return List.of(apiServerUrl);
    }
  },

  /**
   * No framework ({@code benchmarks/fabric8-operator}): fabric8 8's informers, a small work queue and the same two
   * writes, run on request ({@code --frameworks maestro,fabric8,josdk}) to measure a baseline of this work on the
   * client Maestro is built on.
   */
  FABRIC8("fabric8-operator", "dev.maestro.benchmarks.fabric8.Fabric8BenchmarkOperator") {
    @Override
    List<String> arguments(String apiServerUrl) {
      return List.of(apiServerUrl);
    }
  },

  /** Java Operator SDK 5.2.3 ({@code benchmarks/josdk-operator}). */
  JOSDK("josdk-operator", "dev.maestro.benchmarks.josdk.JosdkBenchmarkOperator") {
    @Override
    List<String> arguments(String apiServerUrl) {
      return List.of(apiServerUrl);
    }
  };

  private final String module;
  private final String mainClass;

  Framework(String module, String mainClass) {
    this.module = module;
    this.mainClass = mainClass;
  }

  /** The module under {@code benchmarks/} that builds the operator. */
  String module() {
    return module;
  }

  /** The operator's main class. */
  String mainClass() {
    return mainClass;
  }

  /** The program arguments that point the operator at {@code apiServerUrl}. */
  abstract List<String> arguments(String apiServerUrl);

  /** System properties the operator's JVM starts with ({@code -Dname=value}); JVM options are the same for all. */
  List<String> systemProperties() {
    return List.of();
  }

  /**
   * The name in results and on the command line: {@code maestro}, {@code maestro-core}, {@code fabric8},
   * {@code josdk}.
   */
  String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The framework named {@code id}. */
  static Framework of(String id) {
    for (Framework framework : values()) {
      if (framework.id().equals(id.trim())) {
        return framework;
      }
    }
    throw new IllegalArgumentException("Unknown framework '" + id + "': use maestro, maestro-core, fabric8 or josdk");
  }
}
