package dev.tollfree.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Catalog files are read strictly: every mistake fails loudly and says where. */
class CatalogLoaderStrictnessTest {

    private static final String MODEL = """
                  - id: m1
                    context_window: 8192
                    intelligence: 40
                    speed: 50
            """;

    private static Catalog load(String yaml) {
        return CatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    /** A valid one-provider catalog with {@code providerExtra} and {@code modelExtra} lines spliced in. */
    private static String catalog(String providerExtra, String modelExtra) {
        return """
            providers:
              - id: acme
                name: Acme
                base_url: https://api.acme.test/v1
                auth: bearer
                format: openai
            %s    models:
            %s%s""".formatted(indent(providerExtra, 4), MODEL, indent(modelExtra, 8));
    }

    private static String indent(String lines, int spaces) {
        return lines.isEmpty() ? "" : lines.indent(spaces);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(String yaml) {
        return assertThatThrownBy(() -> load(yaml)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("test.yaml");
    }

    @Test
    void minimalCatalog_loads_withDefaultsForOptionalKeys() {
        Catalog c = load(catalog("", ""));
        ProviderSpec p = c.provider("acme").orElseThrow();
        assertThat(p.keyless()).isFalse();
        assertThat(p.accountLimits()).isEqualTo(Limits.NONE);
        assertThat(p.custom()).isFalse();
        ModelSpec m = p.model("m1").orElseThrow();
        assertThat(m.canonical()).isEqualTo("m1");
        assertThat(m.maxOutput()).isZero();
        assertThat(m.limits()).isEqualTo(Limits.NONE);
        assertThat(m.capabilities()).isEmpty();
        assertThat(m.free()).isTrue();
        assertThat(m.enabled()).isTrue();
    }

    @Test
    void fullModelEntry_mapsEveryKey() {
        Catalog c = load(catalog("account_limits: { rpd: 50, uncertain: true }", """
                canonical: shared-name
                max_output: 1024
                capabilities: [tools, json_mode]
                limits: { rpm: 30, rpd: 1000, tpm: 12000, tpd: 100000 }
                free: true
                enabled: false
                aliases: [m-one]
                """));
        ProviderSpec p = c.provider("acme").orElseThrow();
        assertThat(p.accountLimits()).isEqualTo(new Limits(0, 50, 0, 0, true));
        ModelSpec m = p.models().getFirst();
        assertThat(m.canonical()).isEqualTo("shared-name");
        assertThat(m.maxOutput()).isEqualTo(1024);
        assertThat(m.capabilities()).containsExactlyInAnyOrder(Capability.TOOLS, Capability.JSON_MODE);
        assertThat(m.limits()).isEqualTo(new Limits(30, 1000, 12000, 100000, false));
        assertThat(m.enabled()).isFalse();
        assertThat(m.aliases()).containsExactly("m-one");
    }

    @Test
    void unknownProviderKey_isRejected_namingProviderKeyAndLine() {
        assertFails(catalog("homepage: https://acme.test", ""))
                .hasMessageContaining("provider 'acme'")
                .hasMessageContaining("unknown key 'homepage'")
                .hasMessageContaining("test.yaml:7:");
    }

    @Test
    void unknownModelKey_isRejected_namingProviderModelAndKey() {
        assertFails(catalog("", "context: 4096"))
                .hasMessageContaining("provider 'acme', model 'm1'")
                .hasMessageContaining("unknown key 'context'")
                .hasMessageContaining("context_window");
    }

    @Test
    void unknownLimitsKey_isRejected_namingTheKey() {
        assertFails(catalog("", "limits: { rph: 100 }"))
                .hasMessageContaining("model 'm1', limits")
                .hasMessageContaining("unknown key 'rph'");
    }

    @Test
    void unknownTopLevelKey_isRejected() {
        assertFails("version: 2\nproviders: []\n").hasMessageContaining("unknown key 'version'");
    }

    @Test
    void wrongType_stringForInteger_isRejected_namingTheKey() {
        assertFails(catalog("", "max_output: lots"))
                .hasMessageContaining("model 'm1'")
                .hasMessageContaining("key 'max_output' must be an integer, got string 'lots'");
    }

    @Test
    void wrongType_stringForBoolean_isRejected_namingTheKey() {
        assertFails(catalog("keyless: \"yes\"", ""))
                .hasMessageContaining("provider 'acme'")
                .hasMessageContaining("key 'keyless' must be true or false");
    }

    @Test
    void wrongType_numberForString_isRejected_namingTheKey() {
        assertFails(catalog("", "canonical: 42"))
                .hasMessageContaining("key 'canonical' must be a string, got integer '42'");
    }

    @Test
    void wrongType_scalarForList_isRejected_namingTheKey() {
        assertFails(catalog("", "capabilities: tools"))
                .hasMessageContaining("key 'capabilities' must be a list");
    }

    @Test
    void wrongType_listForMapping_isRejected() {
        assertFails(catalog("account_limits: [1, 2]", ""))
                .hasMessageContaining("provider 'acme', account_limits")
                .hasMessageContaining("expected a mapping");
    }

    @Test
    void missingProviderId_isRejected_namingTheKey() {
        assertFails(catalog("", "").replace("  - id: acme\n    name:", "  - name:"))
                .hasMessageContaining("provider #1")
                .hasMessageContaining("missing required key 'id'");
    }

    @Test
    void missingModelId_isRejected_namingProviderAndKey() {
        assertFails(catalog("", "").replace("- id: m1\n        context_window", "- context_window"))
                .hasMessageContaining("provider 'acme', model #1")
                .hasMessageContaining("missing required key 'id'");
    }

    @Test
    void missingContextWindow_isRejected_namingTheKey() {
        assertFails(catalog("", "").replace("        context_window: 8192\n", ""))
                .hasMessageContaining("model 'm1'")
                .hasMessageContaining("missing required key 'context_window'");
    }

    @Test
    void intelligenceOutOfRange_isRejected() {
        assertFails(catalog("", "").replace("intelligence: 40", "intelligence: 101"))
                .hasMessageContaining("key 'intelligence' must be between 1 and 100, got 101");
    }

    @Test
    void negativeLimit_isRejected() {
        assertFails(catalog("", "limits: { rpm: -1 }")).hasMessageContaining("key 'rpm' must be between 0");
    }

    @Test
    void unknownCapability_isRejected_listingTheValidOnes() {
        assertFails(catalog("", "capabilities: [tools, telepathy]"))
                .hasMessageContaining("key 'capabilities'")
                .hasMessageContaining("telepathy")
                .hasMessageContaining("web_search");
    }

    @Test
    void unknownAuthStyle_isRejected_listingTheValidOnes() {
        assertFails(catalog("", "").replace("auth: bearer", "auth: basic"))
                .hasMessageContaining("key 'auth' has unknown value 'basic'")
                .hasMessageContaining("bearer_with_account");
    }

    @Test
    void unknownFormat_isRejected() {
        assertFails(catalog("", "").replace("format: openai", "format: grpc"))
                .hasMessageContaining("key 'format' has unknown value 'grpc'");
    }

    @Test
    void headerAuth_withoutAuthHeader_isRejected() {
        assertFails(catalog("", "").replace("auth: bearer", "auth: header"))
                .hasMessageContaining("missing required key 'auth_header'");
    }

    @Test
    void authHeader_withBearerAuth_isRejected() {
        assertFails(catalog("auth_header: x-api-key", ""))
                .hasMessageContaining("'auth_header' is only allowed with 'auth: header'");
    }

    @Test
    void headerAuth_withAuthHeader_loads() {
        ProviderSpec p = load(catalog("auth_header: x-goog-api-key", "").replace("auth: bearer", "auth: header"))
                .provider("acme").orElseThrow();
        assertThat(p.auth()).isEqualTo(AuthStyle.HEADER);
        assertThat(p.authHeader()).isEqualTo("x-goog-api-key");
    }

    @Test
    void duplicateKey_isRejected() {
        assertFails(catalog("name: Acme again", "")).hasMessageContaining("name");
    }

    @Test
    void duplicateModelId_isRejected() {
        assertFails(catalog("", "") + MODEL)
                .hasMessageContaining("model 'm1' is listed twice");
    }

    @Test
    void duplicateProviderId_isRejected() {
        String one = catalog("", "");
        String twice = one + one.substring(one.indexOf("  - id: acme"));
        assertFails(twice).hasMessageContaining("provider 'acme' is defined twice");
    }

    @Test
    void invalidProviderId_isRejected_withTheRecordsReason() {
        assertFails(catalog("", "").replace("id: acme", "id: Acme Corp"))
                .hasMessageContaining("must be lower-case");
    }

    @Test
    void malformedYaml_isRejected_namingTheSource() {
        assertFails("providers:\n  - id: [unclosed\n").hasMessageContaining("invalid YAML");
    }

    @Test
    void emptyDocument_isRejected() {
        assertFails("# nothing here\n").hasMessageContaining("empty catalog");
    }

    @Test
    void missingResource_isRejected() {
        assertThatThrownBy(() -> CatalogLoader.loadResource("no-such-catalog.yaml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev/tollfree/core/catalog/no-such-catalog.yaml");
    }
}
