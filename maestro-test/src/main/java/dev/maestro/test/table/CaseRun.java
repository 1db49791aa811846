package dev.maestro.test.table;

import dev.maestro.core.ResourceKey;
import dev.maestro.core.Result;
import dev.maestro.core.runtime.Controller;
import dev.maestro.core.runtime.ControllerBuilder;
import dev.maestro.test.EmbeddedApiServer;
import dev.maestro.test.Fault;
import dev.maestro.test.InjectedFault;
import dev.maestro.test.RequestLog;
import dev.maestro.test.ResourcePath;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one case: its namespaces, its given objects on the server, its faults, the requests the code sent,
 * and the checks of every expectation both kinds of case share.
 *
 * <p>Isolation: each case runs in namespaces of its own, named {@code <logical>-case<N>}, so cases share one
 * server without seeing each other's objects. What the harness compares is mapped back: namespace names and the
 * UIDs the server assigned are replaced by the names and UIDs the case was written with.
 */
final class CaseRun<P extends HasMetadata> {

  private static final Logger log = LoggerFactory.getLogger(CaseRun.class);
  private static final AtomicInteger CASES = new AtomicInteger();
  private static final int MAX_NAMESPACE = 63;

  private final SuiteSettings<P> settings;
  private final AbstractTestCase<?> testCase;
  private final Canonical canonical;
  private final KubernetesClient admin;
  private final String suffix;
  private final Instant now;
  private final Map<String, String> physicalByLogical = new LinkedHashMap<>();
  private final Map<String, String> logicalUidByServer = new LinkedHashMap<>();
  private final Map<String, String> serverUidByLogical = new LinkedHashMap<>();
  /** The latest known state of each object by {@link #stateKey}, in the server's (physical) form. */
  private final Map<String, Object> state = new HashMap<>();
  private final List<InjectedFault> armed = new ArrayList<>();
  private final List<HasMetadata> clusterScoped = new ArrayList<>();
  final Mismatches mismatches;
  private @Nullable Controller<P> controller;
  private final dev.maestro.core.tracker.Tracker tracker = new dev.maestro.core.tracker.Tracker();

  CaseRun(SuiteSettings<P> settings, AbstractTestCase<?> testCase) {
    this.settings = settings;
    this.testCase = testCase;
    this.canonical = settings.canonical();
    this.admin = settings.admin();
    this.suffix = "-case" + CASES.incrementAndGet();
    this.now = testCase.now != null ? testCase.now : settings.now;
    this.mismatches = new Mismatches(testCase.name());
    physical(settings.defaultNamespace);
  }

  Canonical canonical() {
    return canonical;
  }

  KubernetesClient admin() {
    return admin;
  }

  EmbeddedApiServer server() {
    return settings.server();
  }

  // --- namespaces and UIDs ---------------------------------------------------------------------------------------

  /** The namespace on the server for the case's {@code logical} one; made up on first use. */
  String physical(String logical) {
    return physicalByLogical.computeIfAbsent(logical, name -> {
      String base = name.length() + suffix.length() > MAX_NAMESPACE ? name.substring(0,
          MAX_NAMESPACE - suffix.length()) : name;
      return base + suffix;
    });
  }

  /** The logical namespace of an object as a case wrote it: its own, or the default for a namespaced one. */
  @Nullable String logicalNamespace(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    if (namespace != null && !namespace.isEmpty()) {
      return namespace;
    }
    return object instanceof Namespaced ? settings.defaultNamespace : null;
  }

  /** The key on the server of a case's key; a namespaced parent type without namespace gets the default. */
  ResourceKey physicalKey(ResourceKey key) {
    String namespace = key.namespace();
    if (namespace == null && Namespaced.class.isAssignableFrom(settings.type)) {
      namespace = settings.defaultNamespace;
    }
    return new ResourceKey(namespace == null ? null : physical(namespace), key.name());
  }

  /** Every namespace on the server the case uses so far. */
  List<String> physicalNamespaces() {
    return List.copyOf(new LinkedHashSet<>(physicalByLogical.values()));
  }

  /** {@code text} with the server's namespace names and UIDs replaced by the case's. */
  String logicalText(String text) {
    String result = text;
    for (Map.Entry<String, String> namespace : physicalByLogical.entrySet()) {
      Pattern token = Pattern.compile("(?<![A-Za-z0-9-])" + Pattern.quote(namespace.getValue()) + "(?![A-Za-z0-9-])");
      result = token.matcher(result).replaceAll(Matcher.quoteReplacement(namespace.getKey()));
    }
    for (Map.Entry<String, String> uid : logicalUidByServer.entrySet()) {
      result = result.replace(uid.getKey(), uid.getValue());
    }
    return result;
  }

  /** A JSON tree with the server's namespace names and UIDs replaced by the case's. */
  @Nullable Object logicalTree(@Nullable Object tree) {
    if (tree == null) {
      return null;
    }
    return canonical.parse(logicalText(canonical.json().asJson(tree)));
  }

  /** An expected object as a tree: a namespaced object without namespace is in the default namespace. */
  Map<String, Object> expectedTree(HasMetadata object) {
    Map<String, Object> tree = canonical.tree(object);
    String namespace = logicalNamespace(object);
    if (namespace != null) {
      metadata(tree).put("namespace", namespace);
    }
    return tree;
  }

  // --- given objects -------------------------------------------------------------------------------------------

  /** Creates the given objects on the server, owners before the objects they own. */
  void install(List<HasMetadata> objects) {
    List<HasMetadata> remaining = new ArrayList<>(objects);
    Set<String> pendingUids = new LinkedHashSet<>();
    remaining.forEach(object -> pendingUids.add(TestObjects.uidOf(object)));
    while (!remaining.isEmpty()) {
      HasMetadata next = remaining.stream()
          .filter(object -> object.getMetadata().getOwnerReferences().stream()
              .noneMatch(owner -> pendingUids.contains(owner.getUid())
                  && !owner.getUid().equals(TestObjects.uidOf(object))))
          .findFirst()
          .orElse(remaining.get(0));
      remaining.remove(next);
      pendingUids.remove(TestObjects.uidOf(next));
      installOne(next);
    }
  }

  @SuppressWarnings("unchecked")
  private void installOne(HasMetadata given) {
    String logicalUid = TestObjects.uidOf(given);
    Map<String, Object> tree = canonical.tree(given);
    Map<String, Object> metadata = metadata(tree);
    String namespace = logicalNamespace(given);
    if (namespace != null) {
      metadata.put("namespace", physical(namespace));
    }
    boolean deleting = metadata.get("deletionTimestamp") != null;
    Canonical.SERVER_FIELDS.forEach(metadata::remove);
    metadata.remove("deletionTimestamp");
    if (metadata.get("ownerReferences") instanceof List<?> owners) {
      for (Object owner : owners) {
        if (owner instanceof Map<?, ?> reference && reference.get("uid") instanceof String uid) {
          ((Map<String, Object>) reference).put("uid", serverUidByLogical.getOrDefault(uid, uid));
        }
      }
    }
    Object givenStatus = canonical.value(tree.get("status"));
    String what = given.getKind() + " " + (namespace == null ? "" : namespace + "/") + given.getMetadata().getName();
    HasMetadata created;
    try {
      created = admin.resource(canonical.json().convertValue(tree, given.getClass())).create();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Case \"" + testCase.name() + "\": the given " + what
          + " could not be created: " + logicalText(String.valueOf(e.getMessage())), e);
    }
    String serverUid = created.getMetadata().getUid();
    logicalUidByServer.put(serverUid, logicalUid);
    serverUidByLogical.put(logicalUid, serverUid);
    HasMetadata current = created;
    if (givenStatus != null && !canonical.same(givenStatus, canonical.value(canonical.tree(created).get("status")))) {
      Map<String, Object> withStatus = canonical.tree(created);
      withStatus.put("status", tree.get("status"));
      current = admin.resource(canonical.json().convertValue(withStatus, given.getClass())).updateStatus();
    }
    if (deleting) {
      if (current.getMetadata().getFinalizers().isEmpty()) {
        throw new IllegalArgumentException("Case \"" + testCase.name() + "\": the given " + what + " is being deleted "
            + "but has no finalizer, so the API server would remove it at once; build it with "
            + "TestObjects.beingDeleted(...)");
      }
      admin.resource(current).delete();
    }
    HasMetadata stored = admin.resource(current).get();
    if (stored == null) {
      throw new IllegalStateException("Case \"" + testCase.name() + "\": the given " + what + " vanished after create");
    }
    state.put(stateKey(stored), canonical.tree(stored));
    if (namespace == null) {
      clusterScoped.add(stored);
    }
  }

  private static String stateKey(HasMetadata object) {
    String group = HasMetadata.getGroup(object.getClass());
    return stateKey(group == null ? "" : group, HasMetadata.getPlural(object.getClass()),
        object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  private static String stateKey(String group, String resource, @Nullable String namespace, @Nullable String name) {
    return group + "/" + resource + "/" + (namespace == null ? "" : namespace) + "/" + name;
  }

  // --- hooks, controller, faults -------------------------------------------------------------------------------

  CaseContext context() {
    return new CaseContext(testCase.name(), settings.server(), admin, this::physical, settings.defaultNamespace, now);
  }

  void runBeforeHooks() {
    CaseContext context = context();
    settings.beforeEach.forEach(hook -> hook.accept(context));
    testCase.before.forEach(hook -> hook.accept(context));
  }

  /** Runs the after hooks; a failing hook is added to {@code failure} when there is one already. */
  void runAfterHooks(@Nullable Throwable failure) {
    CaseContext context = context();
    List<Consumer<CaseContext>> hooks = new ArrayList<>(testCase.after);
    hooks.addAll(settings.afterEach);
    RuntimeException first = null;
    for (Consumer<CaseContext> hook : hooks) {
      try {
        hook.accept(context);
      } catch (RuntimeException | AssertionError e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else if (first == null) {
          first = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** A controller for the case: the suite's client, the case's namespaces and clock, the suite's customizer. */
  Controller<P> startController(Consumer<ControllerBuilder<P>> steps) {
    ControllerBuilder<P> builder = dev.maestro.core.Maestro.forParent(settings.type)
        .withClient(settings.client())
        .withClock(Clock.fixed(now, ZoneOffset.UTC))
        .withSyncTimeout(Duration.ofSeconds(30))
        .withTracker(tracker);
    if (Namespaced.class.isAssignableFrom(settings.type)) {
      builder.inNamespaces(physicalNamespaces());
    }
    settings.controller.accept(builder);
    steps.accept(builder);
    Controller<P> built = builder.build();
    controller = built;
    built.startCaches();
    return built;
  }

  void stopController() {
    Controller<P> running = controller;
    if (running != null) {
      running.stop(Duration.ZERO);
      controller = null;
    }
  }

  /** Arms the case's faults; one that names no namespace is limited to the case's namespaces. */
  void armFaults() {
    for (Fault fault : testCase.faults) {
      if (fault.namespace() != null) {
        armed.add(server().inject(fault.inNamespace(physical(fault.namespace()))));
      } else {
        for (String namespace : physicalNamespaces()) {
          armed.add(server().inject(fault.inNamespace(namespace)));
        }
      }
    }
  }

  /** Disarms the faults; a fault that never fired is a mismatch, since the case does not test what it says. */
  void disarmFaults() {
    Map<Fault, Integer> fired = new LinkedHashMap<>();
    int index = 0;
    for (Fault fault : testCase.faults) {
      int count = 0;
      int copies = fault.namespace() != null ? 1 : physicalNamespaces().size();
      for (int i = 0; i < copies && index < armed.size(); i++, index++) {
        count += armed.get(index).timesFired();
      }
      fired.put(fault, count);
    }
    armed.forEach(InjectedFault::remove);
    armed.clear();
    fired.forEach((fault, count) -> {
      if (count == 0) {
        mismatches.add("fault \"" + fault + "\": never fired; the code sent no request it matches, so the case does "
            + "not test the failure it names");
      }
    });
  }

  /** Deletes cluster-scoped objects the case left, which namespaces cannot isolate from the next case. */
  void cleanUp(List<RequestLog.Request> requests) {
    for (RequestLog.Request request : requests) {
      ResourcePath path = request.target();
      if (request.method().equals("POST") && request.succeeded() && path.namespace() == null
          && !path.resource().isEmpty() && canonical.parse(request.responseBody()) instanceof Map<?, ?> created
          && created.get("metadata") instanceof Map<?, ?> metadata && metadata.get("name") instanceof String name) {
        deleteQuietly(path, name);
      }
    }
    for (HasMetadata object : clusterScoped) {
      try {
        HasMetadata current = admin.resource(object).get();
        if (current != null && !current.getMetadata().getFinalizers().isEmpty()) {
          current.getMetadata().setFinalizers(List.of());
          admin.resource(current).update();
        }
        admin.resource(object).delete();
      } catch (RuntimeException e) {
        log.debug("Could not clean up {} after case {}", object.getMetadata().getName(), testCase.name(), e);
      }
    }
  }

  private void deleteQuietly(ResourcePath path, String name) {
    try {
      admin.genericKubernetesResources(new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
          .withGroup(path.group()).withVersion(path.version()).withPlural(path.resource()).withNamespaced(false)
          .build()).withName(name).delete();
    } catch (RuntimeException e) {
      log.debug("Could not clean up {} {} after case {}", path.resource(), name, testCase.name(), e);
    }
  }

  // --- what the code sent ----------------------------------------------------------------------------------------

  /** The writes of a case sorted by kind, each in the canonical, logical form the expectations are compared in. */
  final class Writes {
    final List<@Nullable Object> creates = new ArrayList<>();
    final List<@Nullable Object> updates = new ArrayList<>();
    final List<@Nullable Object> patches = new ArrayList<>();
    final List<@Nullable Object> deletes = new ArrayList<>();
    final List<@Nullable Object> statusUpdates = new ArrayList<>();
    final List<@Nullable Object> events = new ArrayList<>();
    final List<String> others = new ArrayList<>();
  }

  /** Sorts the requests sent while the code ran into the kinds of writes. */
  @SuppressWarnings("unchecked")
  Writes classify(List<RequestLog.Request> requests) {
    Writes writes = new Writes();
    for (RequestLog.Request request : requests) {
      if (!request.isWrite()) {
        continue;
      }
      ResourcePath path = request.target();
      String method = request.method().toUpperCase(Locale.ROOT);
      Object body = parseQuietly(request.body());
      boolean event = path.resource().equals("events") && (path.group().isEmpty()
          || path.group().equals("events.k8s.io"));
      String key = stateKey(path.group(), path.resource(), path.namespace(), path.name());
      String subresource = path.subresource();
      if (method.equals("POST") && path.name() == null && subresource == null) {
        Object object = withNamespace(body, path.namespace());
        (event ? writes.events : writes.creates).add(event ? eventForm(object) : objectForm(object));
      } else if (method.equals("PUT") && "status".equals(subresource)) {
        writes.statusUpdates.add(statusForm(path, body));
      } else if (method.equals("PUT") && subresource == null && path.name() != null) {
        Object object = withNamespace(body, path.namespace());
        (event ? writes.events : writes.updates).add(event ? eventForm(object) : objectForm(object));
      } else if (method.equals("PATCH") && path.name() != null && (subresource == null
          || "status".equals(subresource))) {
        Object before = state.get(key);
        Object after = applyPatch(before, body, request.contentType());
        if ("status".equals(subresource)) {
          writes.statusUpdates.add(statusForm(path, after));
        } else if (event) {
          writes.events.add(eventForm(after));
        } else {
          writes.patches.add(patchForm(path, request.contentType(), body));
        }
      } else if (method.equals("DELETE") && path.name() != null && subresource == null) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("resource", path.resourceType());
        target.put("namespace", path.namespace());
        target.put("name", path.name());
        writes.deletes.add(canonical.value(logicalTree(target)));
      } else {
        writes.others.add(logicalText(request.method() + " " + request.path()));
      }
      remember(request, method, path);
    }
    return writes;
  }

  private void remember(RequestLog.Request request, String method, ResourcePath path) {
    if (!request.succeeded()) {
      return;
    }
    if (method.equals("DELETE") && path.name() != null) {
      state.remove(stateKey(path.group(), path.resource(), path.namespace(), path.name()));
      return;
    }
    if (parseQuietly(request.responseBody()) instanceof Map<?, ?> answer
        && answer.get("metadata") instanceof Map<?, ?> metadata && metadata.get("name") instanceof String name) {
      Object namespace = metadata.get("namespace");
      state.put(stateKey(path.group(), path.resource(), namespace instanceof String ns ? ns : path.namespace(), name),
          answer);
    }
  }

  private @Nullable Object parseQuietly(@Nullable String json) {
    try {
      return canonical.parse(json);
    } catch (RuntimeException e) {
      return json;
    }
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object withNamespace(@Nullable Object body, @Nullable String namespace) {
    if (namespace != null && body instanceof Map<?, ?> map) {
      Map<String, Object> copy = (Map<String, Object>) Patches.copy(map);
      Map<String, Object> metadata = metadata(copy);
      metadata.putIfAbsent("namespace", namespace);
      return copy;
    }
    return body;
  }

  private @Nullable Object applyPatch(@Nullable Object before, @Nullable Object patch, @Nullable String contentType) {
    String type = mediaType(contentType);
    if (type.equals(PatchType.JSON.getContentType())) {
      return Patches.json(before, patch);
    }
    // merge and strategic merge patches agree for what status writes and events use: maps merged, lists replaced
    return Patches.merge(before, patch);
  }

  @Nullable Object objectForm(@Nullable Object tree) {
    return canonical.object(logicalTree(tree));
  }

  private @Nullable Object statusForm(ResourcePath path, @Nullable Object object) {
    Map<?, ?> tree = object instanceof Map<?, ?> map ? map : Map.of();
    Object previous = state.get(stateKey(path.group(), path.resource(), path.namespace(), path.name()));
    Map<?, ?> identity = previous instanceof Map<?, ?> map ? map : tree;
    Map<String, Object> form = new LinkedHashMap<>();
    form.put("apiVersion", identity.get("apiVersion"));
    form.put("kind", identity.get("kind"));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", path.name());
    metadata.put("namespace", path.namespace());
    form.put("metadata", metadata);
    form.put("status", tree.get("status"));
    return canonical.object(logicalTree(form));
  }

  /** The status-update form of an expected object: kind, name and status only. */
  @Nullable Object expectedStatusForm(HasMetadata object) {
    Map<String, Object> tree = expectedTree(object);
    Map<String, Object> form = new LinkedHashMap<>();
    form.put("apiVersion", tree.get("apiVersion"));
    form.put("kind", tree.get("kind"));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", object.getMetadata().getName());
    metadata.put("namespace", logicalNamespace(object));
    form.put("metadata", metadata);
    form.put("status", tree.get("status"));
    return canonical.object(form);
  }

  private @Nullable Object eventForm(@Nullable Object object) {
    Map<?, ?> tree = object instanceof Map<?, ?> map ? map : Map.of();
    Object regarding = tree.get("involvedObject") != null ? tree.get("involvedObject") : tree.get("regarding");
    Map<?, ?> about = regarding instanceof Map<?, ?> map ? map : Map.of();
    Map<String, Object> form = new LinkedHashMap<>();
    form.put("regarding", about.get("kind") + " " + keyText(about.get("namespace"), about.get("name")));
    form.put("type", tree.get("type"));
    form.put("reason", tree.get("reason"));
    form.put("message", tree.get("message") != null ? tree.get("message") : tree.get("note"));
    return canonical.value(logicalTree(form));
  }

  @Nullable Object expectedEventForm(ExpectedEvent event) {
    Map<String, Object> form = new LinkedHashMap<>();
    String namespace = event.namespace() != null ? event.namespace() : settings.defaultNamespace;
    form.put("regarding", event.kind() + " " + keyText(namespace, event.name()));
    form.put("type", event.type());
    form.put("reason", event.reason());
    form.put("message", event.message());
    return canonical.value(form);
  }

  private @Nullable Object patchForm(ResourcePath path, @Nullable String contentType, @Nullable Object patch) {
    Map<String, Object> form = new LinkedHashMap<>();
    form.put("target", path.resourceType() + " " + keyText(path.namespace(), path.name()));
    form.put("patchType", mediaType(contentType));
    form.put("patch", withoutResourceVersion(patch));
    return patchForm(logicalTree(form));
  }

  /** A patch form in canonical form; the patch document itself keeps its zero values. */
  @SuppressWarnings("unchecked")
  private @Nullable Object patchForm(@Nullable Object form) {
    if (!(form instanceof Map<?, ?> map)) {
      return canonical.value(form);
    }
    Map<String, Object> rest = new LinkedHashMap<>((Map<String, Object>) map);
    Object patch = rest.remove("patch");
    Object result = canonical.value(rest);
    Map<String, Object> sorted = result instanceof Map<?, ?> sortedMap ? (Map<String, Object>) sortedMap
        : new java.util.TreeMap<>();
    if (patch != null) {
      sorted.put("patch", canonical.exact(patch));
    }
    return sorted;
  }

  @Nullable Object expectedPatchForm(ExpectedPatch patch) {
    Map<String, Object> form = new LinkedHashMap<>();
    String namespace = patch.namespace() != null ? patch.namespace()
        : Namespaced.class.isAssignableFrom(patch.type()) ? settings.defaultNamespace : null;
    form.put("target", resourceType(patch.type()) + " " + keyText(namespace, patch.name()));
    form.put("patchType", patch.patchType().getContentType());
    form.put("patch", withoutResourceVersion(canonical.parse(patch.patch())));
    return patchForm(form);
  }

  @Nullable Object expectedDeleteForm(ExpectedDelete delete) {
    Map<String, Object> target = new LinkedHashMap<>();
    String namespace = delete.namespace() != null ? delete.namespace()
        : Namespaced.class.isAssignableFrom(delete.type()) ? settings.defaultNamespace : null;
    target.put("resource", resourceType(delete.type()));
    target.put("namespace", namespace);
    target.put("name", delete.name());
    return canonical.value(target);
  }

  /** A patch without what concerns the resourceVersion, an optimistic lock whose value the server decides. */
  @SuppressWarnings("unchecked")
  private static @Nullable Object withoutResourceVersion(@Nullable Object patch) {
    Object copy = Patches.copy(patch);
    if (copy instanceof List<?> operations) {
      operations.removeIf(op -> op instanceof Map<?, ?> map && map.get("path") instanceof String path
          && path.startsWith("/metadata/resourceVersion"));
    } else if (copy instanceof Map<?, ?> map && map.get("metadata") instanceof Map<?, ?> metadata) {
      ((Map<String, Object>) metadata).remove("resourceVersion");
    }
    return copy;
  }

  private static String resourceType(Class<? extends HasMetadata> type) {
    String group = HasMetadata.getGroup(type);
    String plural = HasMetadata.getPlural(type);
    return group == null || group.isEmpty() ? plural : plural + "." + group;
  }

  private static String keyText(@Nullable Object namespace, @Nullable Object name) {
    return (namespace == null ? "" : namespace + "/") + name;
  }

  private static String mediaType(@Nullable String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> metadata(Map<String, Object> tree) {
    Object metadata = tree.get("metadata");
    if (metadata instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    tree.put("metadata", created);
    return created;
  }

  /** How a position in a list of writes is named in messages: from the expected or else the actual item. */
  static String label(List<@Nullable Object> expected, List<@Nullable Object> actual, int index) {
    Object item = index < expected.size() ? expected.get(index) : index < actual.size() ? actual.get(index) : null;
    if (item instanceof String text) {
      return text;
    }
    if (item instanceof Map<?, ?> map) {
      if (map.get("metadata") instanceof Map<?, ?> metadata) {
        Object name = metadata.get("name") != null ? metadata.get("name") : metadata.get("generateName") + "*";
        return map.get("kind") + " " + keyText(metadata.get("namespace"), name);
      }
      if (map.get("target") != null) {
        return String.valueOf(map.get("target"));
      }
      if (map.get("resource") != null) {
        return map.get("resource") + " " + keyText(map.get("namespace"), map.get("name"));
      }
      if (map.get("regarding") != null) {
        return map.get("reason") + " on " + map.get("regarding");
      }
    }
    return "-";
  }

  /** What the parent tracks now, as the tracker describes it, in logical form; read before the controller stops. */
  List<@Nullable Object> tracks(Controller<P> running, ResourceKey parent) {
    List<@Nullable Object> tracks = new ArrayList<>();
    for (String track : tracker.tracksOf(running.name(), parent)) {
      tracks.add(sortedSelector(logicalText(track)));
    }
    return tracks;
  }

  /** A selector's labels in key order, so that descriptions compare whatever map the tracker used. */
  private static String sortedSelector(String track) {
    Matcher labels = Pattern.compile("labels \\{(.*)}$").matcher(track);
    if (!labels.find() || labels.group(1).isEmpty()) {
      return track;
    }
    List<String> entries = new ArrayList<>(List.of(labels.group(1).split(", ")));
    entries.sort(null);
    return track.substring(0, labels.start()) + "labels {" + String.join(", ", entries) + "}";
  }

  /** Checks the tracks against the case. */
  void checkTracks(List<@Nullable Object> actual) {
    List<@Nullable Object> expected = new ArrayList<>();
    testCase.tracks.forEach(track -> expected.add(track.describe(settings.defaultNamespace)));
    compare("tracks", expected, actual);
  }

  // --- checks --------------------------------------------------------------------------------------------------

  /** Checks every kind of write against the case's expectations. */
  void checkWrites(Writes writes) {
    compare("creates", testCase.creates.stream().map(o -> canonical.object(expectedTree(o))).toList(),
        writes.creates);
    compare("updates", testCase.updates.stream().map(o -> canonical.object(expectedTree(o))).toList(),
        writes.updates);
    compare("patches", testCase.patches.stream().map(this::expectedPatchForm).toList(), writes.patches);
    compare("deletes", testCase.deletes.stream().map(this::expectedDeleteForm).toList(), writes.deletes);
    compare("status updates", testCase.statusUpdates.stream().map(this::expectedStatusForm).toList(),
        writes.statusUpdates);
    compare("events", testCase.events.stream().map(this::expectedEventForm).toList(), writes.events);
    for (String other : writes.others) {
      mismatches.add("request \"" + other + "\": a write no expectation covers");
    }
  }

  private void compare(String what, List<@Nullable Object> expected, List<@Nullable Object> actual) {
    mismatches.compareInOrder(what, expected, actual, index -> label(expected, actual, index), canonical);
  }

  /** Checks the error or result of the code against the case. */
  void checkOutcome(@Nullable Result result, @Nullable RuntimeException error) {
    AbstractTestCase.ErrorExpectation expected = testCase.error;
    if (expected != null) {
      if (error == null) {
        mismatches.add("error: expected " + expected.description() + ", but the code returned " + describe(result));
        return;
      }
      String problem = expected.check().apply(error);
      if (problem != null) {
        mismatches.error("error: expected " + expected.description() + ", but " + logicalText(problem)
            + ". The error: " + logicalText(String.valueOf(error)), error);
      }
      return;
    }
    if (error != null) {
      mismatches.error("error: none expected, but the code threw " + logicalText(String.valueOf(error))
          + " (reason " + AbstractTestCase.reasonOf(error) + ")", error);
      return;
    }
    if (!testCase.result.equals(result)) {
      mismatches.add("result: expected " + describe(testCase.result) + ", got " + describe(result));
    }
  }

  private static String describe(@Nullable Result result) {
    if (result == null) {
      return "null";
    }
    return result.requeue().map(delay -> "requeue after " + delay).orElse("done");
  }
}
