package dev.maestro.test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a Kubernetes API path: {@code /api/v1/namespaces/ns/configmaps/name/status?watch=true} is group
 * {@code ""}, version {@code v1}, namespace {@code ns}, resource {@code configmaps}, name {@code name},
 * subresource {@code status} and query {@code watch=true}.
 *
 * <p>Paths outside {@code /api} and {@code /apis} (discovery, {@code /version}) parse with an empty resource.
 *
 * @param group the API group, {@code ""} for the core group
 * @param version the API version
 * @param namespace the namespace, or null for a cluster-scoped path or one across all namespaces
 * @param resource the plural resource name, e.g. {@code configmaps}
 * @param name the object's name, or null for a collection
 * @param subresource the subresource, e.g. {@code status}, or null
 * @param query the query string without {@code ?}, or {@code ""}
 */
public record ResourcePath(String group, String version, @Nullable String namespace, String resource,
    @Nullable String name, @Nullable String subresource, String query) {

  public ResourcePath {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(query, "query");
  }

  /** Parses a request path, with or without its query string. */
  public static ResourcePath parse(String path) {
    int question = path.indexOf('?');
    String query = question < 0 ? "" : path.substring(question + 1);
    String bare = question < 0 ? path : path.substring(0, question);
    List<String> parts = Arrays.stream(bare.split("/")).filter(part -> !part.isEmpty())
        .map(part -> URLDecoder.decode(part, StandardCharsets.UTF_8)).toList();
    int rest;
    String group;
    String version;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      version = parts.get(1);
      rest = 2;
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      version = parts.get(2);
      rest = 3;
    } else {
      return new ResourcePath("", "", null, "", null, null, query);
    }
    List<String> tail = parts.subList(rest, parts.size());
    if (tail.size() >= 3 && tail.get(0).equals("namespaces")) {
      return new ResourcePath(group, version, tail.get(1), tail.get(2), at(tail, 3), at(tail, 4), query);
    }
    return new ResourcePath(group, version, null, tail.isEmpty() ? "" : tail.get(0), at(tail, 1), at(tail, 2),
        query);
  }

  /** Whether this path addresses resources of {@code type} (by API group and plural; any version). */
  public boolean isOf(Class<? extends HasMetadata> type) {
    return group.equals(groupOf(type)) && resource.equals(HasMetadata.getPlural(type));
  }

  /** Whether the query string asks for a watch. */
  public boolean isWatch() {
    return Arrays.asList(query.split("&")).contains("watch=true");
  }

  /** {@code resource[.group]}, as kubectl names a resource type: {@code configmaps}, {@code greetings.samples.dev}. */
  public String resourceType() {
    return group.isEmpty() ? resource : resource + "." + group;
  }

  /** The API group of a resource class; {@code ""} for the core group. */
  static String groupOf(Class<? extends HasMetadata> type) {
    String group = HasMetadata.getGroup(type);
    return group == null ? "" : group;
  }

  private static @Nullable String at(List<String> parts, int index) {
    return index < parts.size() ? parts.get(index) : null;
  }

  @Override
  public String toString() {
    return resourceType() + (namespace == null ? "" : " in " + namespace) + (name == null ? "" : " " + name)
        + (subresource == null ? "" : "/" + subresource);
  }
}
