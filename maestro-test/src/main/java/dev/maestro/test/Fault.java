package dev.maestro.test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failure the {@link EmbeddedApiServer} answers instead of serving a request (a "reactor" in client-go's
 * terms): "fail the next create of ConfigMaps with 409", "time out every get of Secrets named db".
 *
 * <pre>{@code
 * Fault.onCreate(ConfigMap.class).failWith(409)                       // once
 * Fault.onUpdate(ConfigMap.class).named("hello-greeting").failWith(500).always()
 * Fault.onPatch(Greeting.class).ofStatusSubresource().failWith(409)
 * Fault.onGet(Secret.class).timeOut()
 * Fault.onList(Greeting.class).inNamespace("team-a").failWith(403)
 * }</pre>
 *
 * <p>A fault is an immutable description; {@link EmbeddedApiServer#inject(Fault)} arms it. It matches requests by
 * operation, resource type (API group and plural, any version), and optionally namespace, name and the status
 * subresource; the first armed fault that matches answers, until it has fired as often as it may. Requests of the
 * harness itself are never failed.
 *
 * <p>A failure is answered like the API server answers it: a {@code Status} object whose reason follows the code
 * ({@code 409} Conflict, or AlreadyExists for a create; {@code 404} NotFound; {@code 500} InternalError; ...).
 * A {@linkplain #timeOut() time-out} holds the answer back for {@link #TIMEOUT_HOLD}: the client's own request
 * timeout decides when the caller sees it, so give the client under test a short one.
 */
public final class Fault {

  /** How long a timed-out request is left unanswered: far longer than any test's client request timeout. */
  public static final Duration TIMEOUT_HOLD = Duration.ofMinutes(10);

  /** The operations a fault can fail. */
  public enum Operation {
    /** POST to a collection. */
    CREATE("POST", "create"),
    /** PUT to an object. */
    UPDATE("PUT", "update"),
    /** PATCH of an object, whatever the patch type. */
    PATCH("PATCH", "patch"),
    /** DELETE of an object. */
    DELETE("DELETE", "delete"),
    /** GET of one object (not a list, not a watch). */
    GET("GET", "get"),
    /** GET of a collection (a list, not a watch): what an informer sends when it starts or relists. */
    LIST("GET", "list");

    private final String method;
    private final String verb;

    Operation(String method, String verb) {
      this.method = method;
      this.verb = verb;
    }

    /** The HTTP method of the operation. */
    public String method() {
      return method;
    }

    /** The operation as Kubernetes names its verb: create, update, patch, delete, get, list. */
    public String verb() {
      return verb;
    }
  }

  private static final int ALWAYS = -1;

  private final Operation operation;
  private final Class<? extends HasMetadata> type;
  private final @Nullable String namespace;
  private final @Nullable String name;
  private final boolean statusSubresource;
  private final int status;
  private final @Nullable String message;
  private final boolean timeout;
  private final int times;

  private Fault(Operation operation, Class<? extends HasMetadata> type, @Nullable String namespace,
      @Nullable String name, boolean statusSubresource, int status, @Nullable String message, boolean timeout,
      int times) {
    this.operation = operation;
    this.type = type;
    this.namespace = namespace;
    this.name = name;
    this.statusSubresource = statusSubresource;
    this.status = status;
    this.message = message;
    this.timeout = timeout;
    this.times = times;
  }

  /** A fault on {@code operation} of resources of {@code type}; say how it fails with {@link #failWith(int)}. */
  public static Fault on(Operation operation, Class<? extends HasMetadata> type) {
    return new Fault(Objects.requireNonNull(operation, "operation"), Objects.requireNonNull(type, "type"), null, null,
        false, 0, null, false, 1);
  }

  /** A fault on creates of {@code type}. */
  public static Fault onCreate(Class<? extends HasMetadata> type) {
    return on(Operation.CREATE, type);
  }

  /** A fault on updates (PUT) of {@code type}. */
  public static Fault onUpdate(Class<? extends HasMetadata> type) {
    return on(Operation.UPDATE, type);
  }

  /** A fault on patches of {@code type}. */
  public static Fault onPatch(Class<? extends HasMetadata> type) {
    return on(Operation.PATCH, type);
  }

  /** A fault on deletes of {@code type}. */
  public static Fault onDelete(Class<? extends HasMetadata> type) {
    return on(Operation.DELETE, type);
  }

  /** A fault on gets of one object of {@code type}. */
  public static Fault onGet(Class<? extends HasMetadata> type) {
    return on(Operation.GET, type);
  }

  /** A fault on lists of {@code type} (not watches). */
  public static Fault onList(Class<? extends HasMetadata> type) {
    return on(Operation.LIST, type);
  }

  /** Only for the object named {@code name} (for a create: the name in the request body). */
  public Fault named(String name) {
    if (operation == Operation.LIST) {
      throw new IllegalStateException("a list names no object");
    }
    return new Fault(operation, type, namespace, Objects.requireNonNull(name, "name"), statusSubresource, status,
        message, timeout, times);
  }

  /** Only in {@code namespace}; by default any namespace. */
  public Fault inNamespace(String namespace) {
    return new Fault(operation, type, Objects.requireNonNull(namespace, "namespace"), name, statusSubresource, status,
        message, timeout, times);
  }

  /**
   * On the status subresource ({@code updateStatus}, {@code patchStatus}) instead of the object itself.
   *
   * @throws IllegalStateException for a create, a delete or a list, which have no status form
   */
  public Fault ofStatusSubresource() {
    if (operation == Operation.CREATE || operation == Operation.DELETE || operation == Operation.LIST) {
      throw new IllegalStateException("a " + operation.verb() + " has no status subresource form");
    }
    return new Fault(operation, type, namespace, name, true, status, message, timeout, times);
  }

  /** Answers with HTTP {@code status} and the API server's usual message for it. */
  public Fault failWith(int status) {
    return failWith(status, null);
  }

  /** Answers with HTTP {@code status} and {@code message} (null for the usual message). */
  public Fault failWith(int status, @Nullable String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a fault answers an error status (4xx or 5xx), not " + status);
    }
    return new Fault(operation, type, namespace, name, statusSubresource, status, message, false, times);
  }

  /** Never answers in time: the request runs into the client's request timeout. */
  public Fault timeOut() {
    return new Fault(operation, type, namespace, name, statusSubresource, 504, null, true, times);
  }

  /** Fires for the next matching request only (the default). */
  public Fault once() {
    return times(1);
  }

  /** Fires for the next {@code count} matching requests. */
  public Fault times(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a fault fires at least once: " + count);
    }
    return new Fault(operation, type, namespace, name, statusSubresource, status, message, timeout, count);
  }

  /** Fires for every matching request, for as long as it is armed. */
  public Fault always() {
    return new Fault(operation, type, namespace, name, statusSubresource, status, message, timeout, ALWAYS);
  }

  /** The operation failed. */
  public Operation operation() {
    return operation;
  }

  /** The resource type whose requests fail. */
  public Class<? extends HasMetadata> type() {
    return type;
  }

  /** The namespace the fault is limited to, or null for any. */
  public @Nullable String namespace() {
    return namespace;
  }

  /** The object name the fault is limited to, or null for any. */
  public @Nullable String name() {
    return name;
  }

  /** Whether the fault fails the status subresource rather than the object. */
  public boolean statusSubresource() {
    return statusSubresource;
  }

  /** The HTTP status answered (504 for a time-out); 0 until {@link #failWith(int)} or {@link #timeOut()}. */
  public int status() {
    return status;
  }

  /** Whether the request is left unanswered rather than failed. */
  public boolean isTimeout() {
    return timeout;
  }

  /** How often the fault fires; -1 for {@linkplain #always() always}. */
  public int times() {
    return times;
  }

  /** Whether {@code method} and {@code path} (and, for a create, the {@code createdName}) are a request to fail. */
  boolean matches(String method, ResourcePath path, @Nullable String createdName) {
    if (!operation.method().equalsIgnoreCase(method) || !path.isOf(type) || path.isWatch()) {
      return false;
    }
    if (namespace != null && !namespace.equals(path.namespace())) {
      return false;
    }
    boolean wantsObject = operation != Operation.CREATE && operation != Operation.LIST;
    if (wantsObject != (path.name() != null)) {
      return false;
    }
    String target = operation == Operation.CREATE ? createdName : path.name();
    if (name != null && !name.equals(target)) {
      return false;
    }
    String subresource = path.subresource();
    return statusSubresource ? "status".equals(subresource) : subresource == null;
  }

  /** The {@code Status} body answered for a request to {@code path}. */
  String statusBody(ResourcePath path, @Nullable String createdName) {
    String target = operation == Operation.CREATE ? createdName : path.name();
    String reason = reason(status);
    String text = message != null ? message : defaultMessage(path.resourceType(), target);
    return "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
        + quote(text) + ",\"reason\":" + quote(reason) + ",\"details\":{\"name\":" + quote(target == null ? "" : target)
        + ",\"group\":" + quote(path.group()) + ",\"kind\":" + quote(path.resource()) + "},\"code\":" + status + "}";
  }

  private String reason(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 409 -> operation == Operation.CREATE ? "AlreadyExists" : "Conflict";
      case 410 -> "Expired";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 500 -> "InternalError";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> code >= 500 ? "InternalError" : "BadRequest";
    };
  }

  private String defaultMessage(String resource, @Nullable String target) {
    String object = resource + (target == null ? "" : " \"" + target + "\"");
    return switch (status) {
      case 404 -> object + " not found";
      case 409 -> operation == Operation.CREATE ? object + " already exists"
          : "Operation cannot be fulfilled on " + object
              + ": the object has been modified; please apply your changes to the latest version and try again";
      case 500 -> "Internal error occurred: injected fault on " + operation.verb() + " of " + object;
      case 504 -> "Timeout: request did not complete within the allowed duration";
      default -> "injected fault on " + operation.verb() + " of " + object;
    };
  }

  private static String quote(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        default -> {
          if (c < 0x20) {
            json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"').toString();
  }

  @Override
  public String toString() {
    String which = times == ALWAYS ? "every " : times == 1 ? "the next " : "the next " + times + " ";
    String target = HasMetadata.getPlural(type) + (statusSubresource ? "/status" : "")
        + (name == null ? "" : " named " + name) + (namespace == null ? "" : " in " + namespace);
    String outcome = timeout ? "time out" : status == 0 ? "(no failure set)" : "fail with " + status;
    return outcome + " " + which + operation.verb() + " of " + target;
  }
}
