package dev.tollfree.bench.quota;

import java.util.List;
import java.util.Map;

/**
 * What one scenario measured.
 *
 * @param phases per phase of the workload, then {@code total} over all of them
 * @param providers per fake provider, best rank first
 * @param meanRank mean intelligence rank of the provider that served each served request
 * @param oracleMeanRank the same for the requests the {@link Oracle} would have served
 * @param quotaStatus {@code GET /api/quota} at the end of the run (JSON as the gateway sent it)
 * @param runStart epoch ms when the first request was due
 * @param calls every answer of the gateway, in request order
 * @param seen every request each fake received, by provider id
 */
record ScenarioResult(QuotaScenario scenario, List<PhaseTally> phases, PhaseTally total, List<ProviderTally> providers,
                      double meanRank, double oracleMeanRank, String quotaStatus, long runMillis, long runStart,
                      List<OpenLoad.Call> calls, Map<String, List<FakeProvider.Seen>> seen) {

    /**
     * One phase (or the whole run).
     *
     * @param servable requests some provider had room for, by the providers' exact rolling minute
     * @param servableBuckets the same with Tollfree's one-second buckets (what it promises to reach)
     * @param gateway429 429 {@code all_routes_rate_limited} answers; {@code withRetryAfter} of them carried Retry-After
     * @param otherErrors every other answer that was not 200, by status and code
     * @param upstreamAttempts requests the fakes received while the phase ran; {@code upstream429} of them refused
     */
    record PhaseTally(String name, double perMinute, long lengthMillis, int offered, int served, int servable, int servableBuckets,
                      int gateway429, int withRetryAfter, Map<String, Integer> otherErrors, int upstreamAttempts, int upstream429) {
        double successOfServable() {
            return servable == 0 ? 1.0 : (double) served / servable;
        }

        double upstream429Share() {
            return upstreamAttempts == 0 ? 0.0 : (double) upstream429 / upstreamAttempts;
        }
    }

    /**
     * One fake provider.
     *
     * @param configured what the gateway's config said ({@code rpm}/{@code tpm}, 0 = unknown)
     * @param learnedRpm the request limit the gateway learned from the provider ({@code GET /api/quota} at the end), 0 = none
     * @param attempts requests it received; {@code limited} of them got a 429 ({@code limitedTokens} for the token minute)
     * @param attemptsUnknown, limitedUnknown the same while the gateway did not know the limit: configured wrong and not
     *     yet learned (attempts up to the first response or 429 that stated it; all of them if it was never learned)
     * @param served gateway answers it served ({@code X-Routed-Via}); {@code oracleServed}: what the oracle gives it
     */
    record ProviderTally(String id, String model, int rank, int rpm, long tpm, QuotaScenario.Configured configured, Dialect dialect,
                         long learnedRpm, int attempts, int limited, int limitedTokens, int attemptsUnknown, int limitedUnknown,
                         int served, int oracleServed) {
        boolean configuredRight() {
            return configured.rpm() == rpm && configured.tpm() == tpm;
        }
    }

    int attemptsKnown() {
        return providers.stream().mapToInt(p -> p.attempts() - p.attemptsUnknown()).sum();
    }

    int limitedKnown() {
        return providers.stream().mapToInt(p -> p.limited() - p.limitedUnknown()).sum();
    }

    int attemptsUnknown() {
        return providers.stream().mapToInt(ProviderTally::attemptsUnknown).sum();
    }

    int limitedUnknown() {
        return providers.stream().mapToInt(ProviderTally::limitedUnknown).sum();
    }

    /** The share of upstream attempts that got a 429, among those made while the gateway knew the provider's limit. */
    double share429Known() {
        int a = attemptsKnown();
        return a == 0 ? 0.0 : (double) limitedKnown() / a;
    }
}
