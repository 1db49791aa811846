package dev.maestro.core.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The RBAC rules an operator's service account needs: what its controllers (and leader election) read, watch and
 * write, one rule per API group and resource, for a ClusterRole (or a Role per namespace watched). Computed from
 * the running controllers, so a kind tracked only at run time appears once something tracked it.
 */
public final class Permissions {

  /** Reading from informers: the list and watch, and the get of an uncached read. */
  static final List<String> READ = List.of("get", "list", "watch");

  /** Managing children: reading them, and creating, updating, patching (also server-side apply) and deleting. */
  static final List<String> MANAGE = List.of("get", "list", "watch", "create", "update", "patch", "delete");

  private Permissions() {}

  /** The rules {@code controllers} and {@code election} (null: none) need together, merged and sorted. */
  public static List<PolicyRule> of(Collection<? extends Controller<?>> controllers,
      @Nullable LeaderElection election) {
    List<PolicyRule> rules = new ArrayList<>();
    controllers.forEach(controller -> rules.addAll(controller.policyRules()));
    if (election != null) {
      rules.addAll(election.policyRules());
    }
    return merge(rules);
  }

  /**
   * One rule per API group and resource, with the union of the verbs asked for it; sorted by group and resource.
   * Rules limited to some objects ({@code resourceNames}) or for non-resource URLs are kept as they are, after the
   * others: merging them would widen them.
   */
  public static List<PolicyRule> merge(Collection<PolicyRule> rules) {
    Map<String, Map<String, Set<String>>> verbs = new TreeMap<>();
    List<PolicyRule> narrow = new ArrayList<>();
    for (PolicyRule rule : rules) {
      if (!rule.getResourceNames().isEmpty() || !rule.getNonResourceURLs().isEmpty()) {
        narrow.add(rule);
        continue;
      }
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          verbs.computeIfAbsent(group, g -> new TreeMap<>()).computeIfAbsent(resource, r -> new TreeSet<>())
              .addAll(rule.getVerbs());
        }
      }
    }
    List<PolicyRule> merged = new ArrayList<>();
    verbs.forEach((group, resources) -> resources.forEach((resource, allowed) -> merged.add(new PolicyRuleBuilder()
        .withApiGroups(group).withResources(resource).withVerbs(List.copyOf(allowed)).build())));
    merged.addAll(narrow);
    return merged;
  }

  /**
   * Whether {@code rules} allow {@code verb} on every object of {@code resource} (with its subresource, as
   * {@code pods/log}, which {@code *}{@code /log} also grants); rules limited to named objects do not count.
   */
  public static boolean allows(Collection<PolicyRule> rules, String group, String resource, String verb) {
    int slash = resource.indexOf('/');
    String anyWithSubresource = slash < 0 ? null : "*" + resource.substring(slash);
    return rules.stream().anyMatch(rule -> rule.getResourceNames().isEmpty() && matches(rule.getApiGroups(), group)
        && (matches(rule.getResources(), resource)
            || anyWithSubresource != null && rule.getResources().contains(anyWithSubresource))
        && matches(rule.getVerbs(), verb));
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed.contains("*") || allowed.contains(value);
  }

  /** A rule for {@code verbs} on {@code kind} (or its {@code subresource}, when not null). */
  static PolicyRule rule(Class<? extends HasMetadata> kind, @Nullable String subresource, List<String> verbs) {
    String resource = HasMetadata.getPlural(kind) + (subresource == null ? "" : "/" + subresource);
    return new PolicyRuleBuilder().withApiGroups(group(kind)).withResources(resource).withVerbs(verbs).build();
  }

  /** A rule for {@code verbs} on {@code resource} of the API {@code group} ("" for the core group). */
  static PolicyRule rule(String group, String resource, List<String> verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
  }

  private static String group(Class<? extends HasMetadata> kind) {
    String group = HasMetadata.getGroup(kind);
    return group == null ? "" : group;
  }
}
