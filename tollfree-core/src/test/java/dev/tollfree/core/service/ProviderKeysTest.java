package dev.tollfree.core.service;

import static dev.tollfree.core.Fixtures.model;
import static dev.tollfree.core.Fixtures.provider;
import static dev.tollfree.core.Fixtures.withAuth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollfree.core.InMemoryStore;
import dev.tollfree.core.adapter.Credential;
import dev.tollfree.core.adapter.HttpTransport;
import dev.tollfree.core.adapter.OpenAiCompatAdapter;
import dev.tollfree.core.adapter.Watchdog;
import dev.tollfree.core.catalog.AuthStyle;
import dev.tollfree.core.catalog.Catalog;
import dev.tollfree.core.catalog.WireFormat;
import dev.tollfree.core.routing.Adapters;
import dev.tollfree.core.routing.KeyRef;
import dev.tollfree.core.routing.Route;
import dev.tollfree.core.secret.Masking;
import dev.tollfree.core.secret.SecretBox;
import dev.tollfree.core.store.ProviderKey;
import dev.tollfree.testkit.FakeUpstream;
import dev.tollfree.testkit.FakeUpstreamExtension;
import dev.tollfree.testkit.ManualClock;
import dev.tollfree.testkit.Script;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keys on their way in (sealed, masked, routable) and out (opened for one call). */
@ExtendWith(FakeUpstreamExtension.class)
@Timeout(20)
class ProviderKeysTest {
    private final ManualClock clock = ManualClock.at("2026-03-01T12:00:00Z");
    private final Watchdog watchdog = new Watchdog(System::nanoTime, Duration.ofMillis(10));
    private final HttpTransport transport = new HttpTransport(Duration.ofSeconds(2), watchdog);
    private final Adapters adapters = new Adapters(Map.of(WireFormat.OPENAI, new OpenAiCompatAdapter(transport, clock, System::nanoTime)));
    private final InMemoryStore store = new InMemoryStore();
    private final SecretBox box = new SecretBox(master(1));

    @AfterEach
    void close() {
        transport.close();
        watchdog.close();
    }

    private static byte[] master(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private ProviderKeys keys(Catalog catalog, SecretBox withBox) {
        RoutingState routing = new RoutingState(catalog, store, Set.of(WireFormat.OPENAI), List.of());
        return new ProviderKeys(store.providerKeys(), withBox, routing, adapters, clock);
    }

    private static Catalog catalog(String baseUrl) {
        return new Catalog(List.of(provider("groq", baseUrl, model("llama")), provider("cerebras", baseUrl, model("qwen")),
                withAuth(provider("cloudflare", baseUrl + "/accounts/{account_id}/ai/v1", model("llama-cf")), AuthStyle.BEARER_WITH_ACCOUNT, "")));
    }

    private static KeyRef ref(ProviderKey k) {
        return new KeyRef(k.id(), k.provider(), k.label(), k.sealedSecret());
    }

    @Test
    void add_sealsTheSecretStoresOnlyAHintAndMakesTheProviderRoutable() {
        RoutingState routing = new RoutingState(catalog("http://x.invalid"), store, Set.of(WireFormat.OPENAI), List.of());
        ProviderKeys keys = new ProviderKeys(store.providerKeys(), box, routing, adapters, clock);
        assertThat(routing.table().isEmpty()).isTrue();

        ProviderKey k = keys.add("groq", "main", "  gsk_abcdefghijklmnopqrstuvwxyz0123\n", Optional.empty(), "admin");

        assertThat(k.sealedSecret()).startsWith("v1:").doesNotContain("gsk_abcdefghijklmnopqrstuvwxyz0123");
        assertThat(k.hint()).isEqualTo(Masking.hint("gsk_abcdefghijklmnopqrstuvwxyz0123")).isEqualTo("gsk_…0123");
        assertThat(routing.table().chain()).extracting(Route::name).containsExactly("groq/llama");
        assertThat(keys.open(ref(k))).isEqualTo(new Credential(k.id(), "gsk_abcdefghijklmnopqrstuvwxyz0123", Optional.empty()));
    }

    @Test
    void add_unknownProviderOrEmptySecret_isRejected() {
        ProviderKeys keys = keys(catalog("http://x.invalid"), box);
        assertThatThrownBy(() -> keys.add("nope", "main", "k", Optional.empty(), "admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown provider 'nope'");
        assertThatThrownBy(() -> keys.add("groq", "main", "   ", Optional.empty(), "admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThat(store.providerKeys().list()).isEmpty();
    }

    @Test
    void add_accountProviderWithoutAccountId_isRejected() {
        ProviderKeys keys = keys(catalog("http://x.invalid"), box);
        assertThatThrownBy(() -> keys.add("cloudflare", "main", "cf-token", Optional.empty(), "admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account id");
    }

    @Test
    void open_accountProvider_splitsAccountIdAndToken() {
        ProviderKeys keys = keys(catalog("http://x.invalid"), box);
        ProviderKey k = keys.add("cloudflare", "main", "cf-token", Optional.of(" acc123 "), "admin");
        assertThat(keys.open(ref(k))).isEqualTo(new Credential(k.id(), "cf-token", Optional.of("acc123")));
    }

    @Test
    void open_anonymousKey_isTheAnonymousCredential() {
        assertThat(keys(catalog("http://x.invalid"), box).open(KeyRef.anonymous("ovh"))).isEqualTo(Credential.ANONYMOUS);
    }

    @Test
    void open_ciphertextMovedToAnotherProvidersRow_doesNotOpen() {
        ProviderKeys keys = keys(catalog("http://x.invalid"), box);
        ProviderKey groq = keys.add("groq", "main", "gsk_secret_value_123", Optional.empty(), "admin");
        KeyRef moved = new KeyRef(groq.id(), "cerebras", "main", groq.sealedSecret());
        assertThatThrownBy(() -> keys.open(moved)).isInstanceOf(SecretBox.WrongKeyException.class);
    }

    @Test
    void open_underAnotherMasterKey_isWrongKey() {
        ProviderKey k = keys(catalog("http://x.invalid"), box).add("groq", "main", "gsk_secret_value_123", Optional.empty(), "admin");
        ProviderKeys other = keys(catalog("http://x.invalid"), new SecretBox(master(2)));
        assertThatThrownBy(() -> other.open(ref(k))).isInstanceOf(SecretBox.WrongKeyException.class);
    }

    @Test
    void setEnabled_false_takesTheProviderOutOfTheRouteTable() {
        RoutingState routing = new RoutingState(catalog("http://x.invalid"), store, Set.of(WireFormat.OPENAI), List.of());
        ProviderKeys keys = new ProviderKeys(store.providerKeys(), box, routing, adapters, clock);
        ProviderKey k = keys.add("groq", "main", "gsk_secret_value_123", Optional.empty(), "admin");
        assertThat(keys.setEnabled(k.id(), false)).isTrue();
        assertThat(routing.table().isEmpty()).isTrue();
        assertThat(keys.setEnabled(999, false)).isFalse();
    }

    @Test
    void validate_recordsValidAndInvalidFromTheProvidersAnswer(FakeUpstream upstream) {
        upstream.handler(r -> r.header("Authorization").orElse("").equals("Bearer gsk_good_key_0001")
                ? Script.models("llama")
                : Script.error(401, "Invalid API Key", "invalid_request_error", "invalid_api_key"));
        ProviderKeys keys = keys(catalog(upstream.url("/v1")), box);
        ProviderKey good = keys.add("groq", "good", "gsk_good_key_0001", Optional.empty(), "admin");
        ProviderKey bad = keys.add("groq", "bad", "gsk_bad_key_00002", Optional.empty(), "admin");

        assertThat(keys.validate(good.id()).status()).isEqualTo("valid");
        assertThat(keys.validate(bad.id()).status()).isEqualTo("invalid");
        assertThat(store.providerKeys().find(bad.id()).orElseThrow().lastCheck().orElseThrow().status()).isEqualTo("invalid");
        assertThat(store.providerKeys().find(good.id()).orElseThrow().lastCheck().orElseThrow().at()).isEqualTo(clock.instant());
    }

    @Test
    void validate_providerEchoingTheKey_neverStoresOrReturnsIt(FakeUpstream upstream) {
        upstream.handler(r -> Script.error(401, "Incorrect API key provided: " + r.header("Authorization").orElse("").substring(7),
                "invalid_request_error", "invalid_api_key"));
        ProviderKeys keys = keys(catalog(upstream.url("/v1")), box);
        ProviderKey k = keys.add("groq", "echo", "gsk_echoed_secret_0003", Optional.empty(), "admin");

        var result = keys.validate(k.id());

        assertThat(result.status()).isEqualTo("invalid");
        assertThat(result.detail()).doesNotContain("gsk_echoed_secret_0003").contains("***");
        assertThat(store.providerKeys().find(k.id()).orElseThrow().lastCheck().orElseThrow().detail()).doesNotContain("gsk_echoed_secret_0003");
    }
}
