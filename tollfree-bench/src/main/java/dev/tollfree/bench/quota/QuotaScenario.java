package dev.tollfree.bench.quota;

import java.util.List;
import java.util.Locale;

/**
 * What the gateway is told about the fakes' limits, and how many gateways share them. {@link #KNOWN}:
 * the catalog numbers, which the fakes enforce. {@link #LEARN}: four of them wrong, each revealing
 * its limit another way — OpenAI-style headers on every response, a Gemini 429 body with the quota,
 * GitHub's 429 headers and text, and SambaNova's 429 text. {@link #SHARED}: the limits known, and two
 * gateways behind a round-robin balancer sharing them through one Redis.
 */
enum QuotaScenario {
    KNOWN("limits known: every fake's catalog limits are in the config"),
    LEARN("limits to learn: fake-groq, fake-gemini and fake-github unknown (0), fake-sambanova configured 30 RPM but enforcing 20"),
    SHARED("limits known, two gateways sharing them through one Redis; requests alternate between the gateways");

    /** The limits in the gateway's config for one fake; 0 means unknown. */
    record Configured(int rpm, long tpm) {
        boolean matches(FakeSpec p) {
            return rpm == p.rpm() && tpm == p.tpm();
        }
    }

    private final String description;

    QuotaScenario(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How many gateway processes serve the workload. */
    int gateways() {
        return this == SHARED ? 2 : 1;
    }

    Configured configured(FakeSpec p) {
        return switch (this) {
            case KNOWN, SHARED -> new Configured(p.rpm(), p.tpm());
            case LEARN -> switch (p.id()) {
                case "fake-groq", "fake-gemini", "fake-github" -> new Configured(0, 0);
                case "fake-sambanova" -> new Configured(30, 0);
                default -> new Configured(p.rpm(), p.tpm());
            };
        };
    }

    static List<QuotaScenario> parseList(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(s -> {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown scenario '" + s + "'; expected known, learn or shared");
            }
        }).toList();
    }
}
