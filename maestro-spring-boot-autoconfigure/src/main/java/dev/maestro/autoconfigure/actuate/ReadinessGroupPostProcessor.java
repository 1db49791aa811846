package dev.maestro.autoconfigure.actuate;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Adds the {@code maestro} contributor to the {@code readiness} health group, on top of whatever the group includes
 * already ({@code readinessState} by default, or the application's own
 * {@code management.endpoint.health.group.readiness.include}).
 *
 * <p>This is Boot's own mechanism for libraries that shape groups ({@link HealthEndpointGroupsPostProcessor}, which
 * is how the liveness and readiness groups themselves are added), rather than a default for the
 * {@code include} property, which an application setting its own {@code include} would silently replace. It runs
 * after Boot's availability-probes post-processor, so the readiness group exists when probes are enabled; without a
 * readiness group it changes nothing. An application that lists {@code maestro} in the group's {@code exclude}, or
 * sets {@code maestro.health.readiness=false}, keeps its group as it is.
 *
 * <p>Liveness is left alone on purpose: a controller that lost the API server recovers by itself once the server
 * is back, and restarting the pod would not help it.
 */
final class ReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor {

  static final String READINESS = "readiness";

  private final String contributor;
  private final boolean excluded;

  /**
   * @param contributor the name of the contributor to add
   * @param excluded whether the application excludes it from the group explicitly; then nothing is added
   */
  ReadinessGroupPostProcessor(String contributor, boolean excluded) {
    this.contributor = contributor;
    this.excluded = excluded;
  }

  @Override
  public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
    HealthEndpointGroup readiness = groups.get(READINESS);
    if (readiness == null || excluded) {
      return groups;
    }
    return new Groups(groups, new Group(readiness, contributor));
  }

  /** The groups, with the readiness group replaced; keeps the additional paths ({@code /readyz}) of the original. */
  private static final class Groups implements HealthEndpointGroups, AdditionalPathsMapper {

    private final HealthEndpointGroups delegate;
    private final HealthEndpointGroup readiness;

    Groups(HealthEndpointGroups delegate, HealthEndpointGroup readiness) {
      this.delegate = delegate;
      this.readiness = readiness;
    }

    @Override
    public HealthEndpointGroup getPrimary() {
      return delegate.getPrimary();
    }

    @Override
    public Set<String> getNames() {
      return delegate.getNames();
    }

    @Override
    public @Nullable HealthEndpointGroup get(String name) {
      return READINESS.equals(name) ? readiness : delegate.get(name);
    }

    @Override
    public @Nullable List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
      return delegate instanceof AdditionalPathsMapper mapper
          ? mapper.getAdditionalPaths(endpointId, webServerNamespace)
          : null;
    }
  }

  /** The readiness group, with the maestro contributor and its children as members too. */
  private static final class Group implements HealthEndpointGroup {

    private final HealthEndpointGroup delegate;
    private final String contributor;

    Group(HealthEndpointGroup delegate, String contributor) {
      this.delegate = delegate;
      this.contributor = contributor;
    }

    @Override
    public boolean isMember(String name) {
      return name.equals(contributor) || name.startsWith(contributor + "/") || delegate.isMember(name);
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
      return delegate.showComponents(securityContext);
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
      return delegate.showDetails(securityContext);
    }

    @Override
    public StatusAggregator getStatusAggregator() {
      return delegate.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
      return delegate.getHttpCodeStatusMapper();
    }

    @Override
    public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
      return delegate.getAdditionalPath();
    }
  }
}
