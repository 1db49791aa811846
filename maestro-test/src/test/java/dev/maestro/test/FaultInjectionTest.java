package dev.maestro.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Faults on the embedded server: what they match, how they answer, how long they last. */
class FaultInjectionTest {

  @RegisterExtension
  static final EmbeddedApiServer server = EmbeddedApiServer.create().onStart(s -> s.installCrd(Widget.crd()));

  private static final AtomicInteger namespaces = new AtomicInteger();

  private KubernetesClient client;
  private String namespace;

  @BeforeEach
  void setUp() {
    client = server.client(config -> config.withRequestTimeout(500));
    namespace = "faults" + namespaces.incrementAndGet();
  }

  @AfterEach
  void tearDown() {
    server.clearFaults();
  }

  private ConfigMap create(String name) {
    return client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(name).endMetadata().addToData("k", "v").build()).create();
  }

  private static int status(Runnable request) {
    try {
      request.run();
      return 200;
    } catch (KubernetesClientException e) {
      return e.getCode();
    }
  }

  @Test
  void aOnceFaultFailsTheNextMatchingRequestOnlyWithTheApiServersStatus() {
    InjectedFault fault = server.inject(Fault.onCreate(ConfigMap.class).failWith(409));

    assertThatThrownBy(() -> create("a")).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(409);
      assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
      assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"a\" already exists");
    });
    assertThat(create("a").getMetadata().getUid()).isNotBlank();
    assertThat(fault.timesFired()).isEqualTo(1);
    assertThat(fault.isSpent()).isTrue();
  }

  @Test
  void anAlwaysFaultFailsEveryMatchingRequestUntilRemoved() {
    create("a");
    InjectedFault fault = server.inject(Fault.onGet(ConfigMap.class).failWith(404).always());

    for (int i = 0; i < 3; i++) {
      // fabric8 answers a 404 on a get with null: the object is "not there"
      assertThat(client.configMaps().inNamespace(namespace).withName("a").get()).isNull();
    }
    fault.remove();
    assertThat(client.configMaps().inNamespace(namespace).withName("a").get()).isNotNull();
    assertThat(fault.timesFired()).isEqualTo(3);
  }

  @Test
  void aFaultMatchesOnlyItsOperationKindNamespaceAndName() {
    ConfigMap a = create("a");
    ConfigMap b = create("b");
    server.inject(Fault.onUpdate(ConfigMap.class).named("b").inNamespace(namespace).failWith(500).always());

    a.getData().put("k", "w");
    assertThat(status(() -> client.resource(a).update())).isEqualTo(200);
    assertThat(status(() -> client.configMaps().inNamespace(namespace).withName("b").get())).isEqualTo(200);
    b.getData().put("k", "w");
    assertThat(status(() -> client.resource(b).update())).isEqualTo(500);
    assertThat(status(() -> client.configMaps().inNamespace(namespace).withName("b")
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"data\":{\"k\":\"x\"}}")))
        .isEqualTo(200);
    KubernetesClient elsewhere = server.client();
    ConfigMap other = elsewhere.configMaps().inNamespace(namespace + "-other").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("b").endMetadata().build()).create();
    assertThat(status(() -> elsewhere.resource(other).update())).isEqualTo(200);
  }

  @Test
  void aStatusFaultFailsOnlyTheStatusSubresource() {
    Widget widget = client.resource(Widget.of(namespace, "w", "red")).create();
    server.inject(Fault.onPatch(Widget.class).ofStatusSubresource().failWith(409).always());

    widget.getStatus().setPaint("red");
    assertThat(status(() -> client.resource(widget).patchStatus())).isEqualTo(409);
    assertThat(status(() -> client.resources(Widget.class).inNamespace(namespace).withName("w").edit(w -> {
      w.getMetadata().getLabels().put("x", "1");
      return w;
    }))).isEqualTo(200);
  }

  @Test
  void aTimeOutLeavesTheRequestUnansweredUntilTheClientGivesUp() {
    create("a");
    server.inject(Fault.onGet(ConfigMap.class).timeOut());

    assertThatThrownBy(() -> client.configMaps().inNamespace(namespace).withName("a").get())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("timeout period of 500ms has been exceeded");
    assertThat(client.configMaps().inNamespace(namespace).withName("a").get()).isNotNull();
  }

  @Test
  void theUnrecordedClientIsNeitherFailedNorRecorded() {
    server.inject(Fault.onCreate(Secret.class).failWith(500).always());
    int mark = server.requests().mark();

    server.unrecordedClient().secrets().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model
        .SecretBuilder().withNewMetadata().withName("s").endMetadata().build()).create();

    assertThat(server.requests().since(mark)).isEmpty();
  }

  @Test
  void theLogKeepsWhatWasSentAndAnswered() {
    int mark = server.requests().mark();
    create("logged");

    assertThat(server.requests().writesSince(mark)).singleElement().satisfies(request -> {
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.target().resource()).isEqualTo("configmaps");
      assertThat(request.target().namespace()).isEqualTo(namespace);
      assertThat(request.contentType()).startsWith("application/json");
      assertThat(request.body()).contains("\"name\":\"logged\"");
      assertThat(request.status()).isEqualTo(201);
      assertThat(request.responseBody()).contains("\"uid\"");
    });
  }

  @Test
  void aFaultWithoutAnOutcomeIsRefused() {
    assertThatThrownBy(() -> server.inject(Fault.onCreate(ConfigMap.class)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failWith(status)");
    assertThatThrownBy(() -> Fault.onCreate(ConfigMap.class).ofStatusSubresource())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Fault.onCreate(ConfigMap.class).failWith(200))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
