package dev.maestro.autoconfigure.actuate;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * How the {@code maestro} health contributor judges a controller, under {@code maestro.health.*}. The contributor
 * itself is switched with Boot's {@code management.health.maestro.enabled}.
 */
@ConfigurationProperties("maestro.health")
public class MaestroHealthProperties implements Validator {

  /**
   * How long a controller's informers may take to list their resources before its health is DOWN; until then it is
   * OUT_OF_SERVICE (not ready).
   */
  private Duration syncTimeout = Duration.ofMinutes(2);

  /**
   * How long an informer's watch may stay disconnected before the controller's health is DOWN; shorter breaks are
   * normal (the API server closes watches) and leave it UP.
   */
  private Duration watchGracePeriod = Duration.ofSeconds(30);

  /** Whether the readiness health group includes the maestro contributor, besides what it includes anyway. */
  private boolean readiness = true;

  public Duration getSyncTimeout() {
    return syncTimeout;
  }

  public void setSyncTimeout(Duration syncTimeout) {
    this.syncTimeout = syncTimeout;
  }

  public Duration getWatchGracePeriod() {
    return watchGracePeriod;
  }

  public void setWatchGracePeriod(Duration watchGracePeriod) {
    this.watchGracePeriod = watchGracePeriod;
  }

  public boolean isReadiness() {
    return readiness;
  }

  public void setReadiness(boolean readiness) {
    this.readiness = readiness;
  }

  @Override
  public boolean supports(Class<?> type) {
    return MaestroHealthProperties.class.isAssignableFrom(type);
  }

  /** Rejects, when bound, durations the indicator cannot judge by; Boot's binding error names the property. */
  @Override
  public void validate(Object target, Errors errors) {
    MaestroHealthProperties properties = (MaestroHealthProperties) target;
    Duration syncTimeout = properties.getSyncTimeout();
    if (syncTimeout == null || syncTimeout.isNegative() || syncTimeout.isZero()) {
      errors.rejectValue("sync-timeout", "invalid", "must be positive");
    }
    Duration watchGracePeriod = properties.getWatchGracePeriod();
    if (watchGracePeriod == null || watchGracePeriod.isNegative()) {
      errors.rejectValue("watch-grace-period", "invalid", "must not be negative");
    }
  }
}
