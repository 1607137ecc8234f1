package dev.tollfree.core.service;

import static dev.tollfree.core.Fixtures.disabled;
import static dev.tollfree.core.Fixtures.keyless;
import static dev.tollfree.core.Fixtures.model;
import static dev.tollfree.core.Fixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollfree.core.InMemoryStore;
import dev.tollfree.core.adapter.HttpTransport;
import dev.tollfree.core.adapter.OpenAiCompatAdapter;
import dev.tollfree.core.adapter.Watchdog;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.ModelSpec;
import dev.tollfree.core.catalog.ProviderSpec;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.core.routing.Adapters;
import dev.tollfree.core.routing.Route;
import dev.tollfree.core.secret.SecretBox;
import dev.tollfree.core.store.DiscoveredModel;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.ManualClock;
import dev.tollfree.testkit.Script;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Model discovery: new models appear disabled, missing ones are flagged, a failed list flags nothing. */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class ModelDiscoveryTest {
    private final ManualClock clock = ManualClock.at("2026-03-01T12:00:00Z");
    private final Watchdog watchdog = new Watchdog(System::nanoTime, Duration.ofMillis(10));
    private final HttpTransport transport = new HttpTransport(Duration.ofSeconds(2), watchdog);
    private final Adapters adapters = new Adapters(Map.of(WireFormat.OPENAI, new OpenAiCompatAdapter(transport, clock, System::nanoTime)));
    private final InMemoryStore store = new InMemoryStore();
    private RoutingState routing;
    private ProviderKeys keys;
    private Models models;
    private ModelDiscovery discovery;

    @AfterEach
    void close() {
        transport.close();
        watchdog.close();
    }

    private void start(ProviderSpec... providers) {
        byte[] master = new byte[32];
        Arrays.fill(master, (byte) 7);
        routing = new RoutingState(new Catalog(List.of(providers)), store, Set.of(WireFormat.OPENAI), List.of());
        keys = new ProviderKeys(store.providerKeys(), new SecretBox(master), routing, adapters, clock);
        models = new Models(store.settings(), routing);
        discovery = new ModelDiscovery(routing, store.discovered(), keys, adapters, clock);
    }

    private Models.Entry entry(String name) {
        return models.list().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private String routesVersion() {
        return store.settings().meta(RoutingState.VERSION_KEY).orElse("");
    }

    @Test
    void discover_unknownId_appearsDisabledWithConservativeDefaults_andCanBeEnabled(FakeUpstream up) {
        up.setDefault(Script.models("llama", "newbie"));
        start(provider("groq", up.url("/v1"), model("llama")));
        keys.add("groq", "main", "gsk_discovery_key_1", Optional.empty(), "admin");

        DiscoveryReport report = discovery.discover("groq");

        assertThat(report).isEqualTo(new DiscoveryReport.Listed("groq", 1, List.of("newbie"), List.of("newbie"), List.of()));
        assertThat(up.takeRequest().header("Authorization")).contains("Bearer gsk_discovery_key_1");
        Models.Entry e = entry("groq/newbie");
        assertThat(e.discovered()).isTrue();
        assertThat(e.servable()).isFalse();
        assertThat(e.vanishedSince()).isEmpty();
        assertThat(e.model()).isEqualTo(new ModelSpec("newbie", "newbie", 8192, 0, Set.of(), null, 1, 1, true, false, List.of()));
        assertThat(entry("groq/llama").discovered()).isFalse();
        assertThat(routing.table().chain()).extracting(Route::name).containsExactly("groq/llama");

        assertThat(models.setEnabled("groq/newbie", true)).isTrue();
        assertThat(routing.table().chain()).extracting(Route::name).containsExactly("groq/llama", "groq/newbie");
        assertThat(entry("groq/newbie").servable()).isTrue();
    }

    @Test
    void discover_catalogModelMissingFromTheList_isFlaggedButKeptAndStillServes(FakeUpstream up) {
        up.setDefault(Script.models("llama"));
        start(provider("groq", up.url("/v1"), model("llama"), model("qwen")));
        keys.add("groq", "main", "gsk_discovery_key_1", Optional.empty(), "admin");

        DiscoveryReport report = discovery.discover("groq");

        assertThat(report).isEqualTo(new DiscoveryReport.Listed("groq", 1, List.of(), List.of(), List.of("qwen")));
        Models.Entry qwen = entry("groq/qwen");
        assertThat(qwen.vanishedSince()).contains(clock.instant());
        assertThat(qwen.discovered()).isFalse();
        assertThat(qwen.servable()).isTrue();
        assertThat(store.discovered().listFor("groq")).containsExactly(
                new DiscoveredModel("groq", "llama", clock.instant(), Optional.of(clock.instant()), Optional.empty()),
                new DiscoveredModel("groq", "qwen", clock.instant(), Optional.empty(), Optional.of(clock.instant())));
    }

    @Test
    void discover_discoveredModelThatLeavesTheList_isFlaggedNotRemoved_andClearedWhenItReturns(FakeUpstream up) {
        start(provider("groq", up.url("/v1"), model("llama")));
        keys.add("groq", "main", "gsk_discovery_key_1", Optional.empty(), "admin");
        Instant first = clock.instant();
        up.enqueue(Script.models("llama", "newbie"));
        discovery.discover("groq");

        clock.advance(Duration.ofDays(1));
        up.enqueue(Script.models("llama"));
        assertThat(discovery.discover("groq")).isEqualTo(new DiscoveryReport.Listed("groq", 1, List.of(), List.of(), List.of("newbie")));
        assertThat(entry("groq/newbie").vanishedSince()).contains(clock.instant());
        assertThat(entry("groq/newbie").discovered()).isTrue();

        clock.advance(Duration.ofDays(1));
        up.enqueue(Script.models("llama", "newbie"));
        assertThat(discovery.discover("groq")).isEqualTo(new DiscoveryReport.Listed("groq", 1, List.of("newbie"), List.of(), List.of()));
        assertThat(entry("groq/newbie").vanishedSince()).isEmpty();
        assertThat(store.discovered().listFor("groq")).filteredOn(d -> d.model().equals("newbie"))
                .extracting(DiscoveredModel::firstSeen).containsExactly(first);
    }

    @Test
    void discover_failedOrEmptyList_flagsNothing(FakeUpstream up) {
        start(provider("groq", up.url("/v1"), model("llama"), model("qwen")));
        keys.add("groq", "main", "gsk_discovery_key_1", Optional.empty(), "admin");
        up.enqueue(Script.models("llama", "qwen"));
        discovery.discover("groq");
        List<DiscoveredModel> before = store.discovered().list();
        String version = routesVersion();
        clock.advance(Duration.ofDays(1));

        up.enqueue(Script.error(401, "Invalid API Key gsk_discovery_key_1", "invalid_request_error", "invalid_api_key"));
        DiscoveryReport unauthorized = discovery.discover("groq");
        up.enqueue(Script.error(503, "overloaded", "server_error", "overloaded"));
        DiscoveryReport unavailable = discovery.discover("groq");
        up.enqueue(Script.json(200, "{\"data\":[]}"));
        DiscoveryReport empty = discovery.discover("groq");
        up.enqueue(Script.reset());
        DiscoveryReport reset = discovery.discover("groq");

        assertThat(List.of(unauthorized, unavailable, empty, reset)).allMatch(r -> r instanceof DiscoveryReport.Failed);
        assertThat(((DiscoveryReport.Failed) unauthorized).reason()).contains("401").doesNotContain("gsk_discovery_key_1");
        assertThat(((DiscoveryReport.Failed) empty).reason()).contains("no models");
        assertThat(store.discovered().list()).isEqualTo(before);
        assertThat(routesVersion()).isEqualTo(version);
        assertThat(entry("groq/qwen").vanishedSince()).isEmpty();
    }

    @Test
    void discover_unchangedList_doesNotBumpTheRoutesVersion(FakeUpstream up) {
        up.setDefault(Script.models("llama", "newbie"));
        start(provider("groq", up.url("/v1"), model("llama")));
        keys.add("groq", "main", "gsk_discovery_key_1", Optional.empty(), "admin");
        discovery.discover("groq");
        String version = routesVersion();

        clock.advance(Duration.ofDays(1));
        discovery.discover("groq");

        assertThat(routesVersion()).isEqualTo(version);
        assertThat(store.discovered().listFor("groq")).allMatch(d -> d.lastSeen().equals(Optional.of(clock.instant())));
    }

    @Test
    void discover_keylessProviderWithoutKeys_listsAnonymously_andBareArraysAreRead(FakeUpstream up) {
        up.setDefault(Script.json(200, "[{\"id\":\"open-1\"},{\"id\":\"open-2\"}]"));
        start(keyless("llm7", up.url("/v1"), model("open-1")));

        assertThat(discovery.discover("llm7")).isEqualTo(new DiscoveryReport.Listed("llm7", 1, List.of("open-2"), List.of("open-2"), List.of()));
        assertThat(up.takeRequest().header("Authorization")).isEmpty();
    }

    @Test
    void discoverAll_readsKeyedAndKeylessProviders_andSkipsTheRest(FakeUpstream up) {
        up.setDefault(Script.models("m"));
        start(provider("groq", up.url("/v1"), model("m")), provider("cerebras", up.url("/v1"), model("m")),
                keyless("ovh", up.url("/v1"), model("m")));
        keys.add("groq", "main", "gsk_discovery_key_1", Optional.empty(), "admin");

        assertThat(discovery.discoverAll()).extracting(DiscoveryReport::provider).containsExactly("groq", "ovh");
        assertThat(discovery.discover("cerebras")).isEqualTo(new DiscoveryReport.Skipped("cerebras", "no enabled key"));
        assertThatThrownBy(() -> discovery.discover("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown provider");
    }

    @Test
    void discover_freeFlag_followsTheSuffixOnMixedProviders_andTheCatalogElsewhere(FakeUpstream up) {
        ModelSpec paid = new ModelSpec("paid", "paid", 8192, 0, Set.of(), null, 50, 50, false, true, List.of());
        start(keyless("openrouter", up.url("/v1"), model("a:free")), keyless("mixed", up.url("/v1"), model("x"), paid),
                keyless("allfree", up.url("/v1"), model("y")));
        up.setDefault(Script.models("a:free", "b:free", "c", "x", "paid", "y", "z"));

        discovery.discoverAll();

        assertThat(entry("openrouter/b:free").model().free()).isTrue();
        assertThat(entry("openrouter/c").model().free()).isFalse();
        assertThat(entry("mixed/z").model().free()).isFalse();
        assertThat(entry("allfree/z").model().free()).isTrue();
        assertThat(models.list()).filteredOn(Models.Entry::discovered).allMatch(e -> !e.model().enabled());
    }

    @Test
    void setChain_acceptsADiscoveredModel(FakeUpstream up) {
        up.setDefault(Script.models("llama", "newbie"));
        start(provider("groq", up.url("/v1"), disabled(model("llama"))));
        keys.add("groq", "main", "gsk_discovery_key_1", Optional.empty(), "admin");
        discovery.discover("groq");

        models.setChain(List.of("groq/newbie"));
        models.setEnabled("groq/newbie", true);

        assertThat(routing.table().chain()).extracting(Route::name).containsExactly("groq/newbie");
    }
}
