package dev.tollfree.core.quota;

import dev.tollfree.core.catalog.Limits;

/** The four counted budgets, named as {@link Limits} names them. */
public enum QuotaMetric {
    /** Requests in the rolling minute. */
    RPM(QuotaWindow.MINUTE, false),
    /** Requests in the UTC day. */
    RPD(QuotaWindow.DAY, false),
    /** Tokens (prompt plus completion) in the rolling minute. */
    TPM(QuotaWindow.MINUTE, true),
    /** Tokens in the UTC day. */
    TPD(QuotaWindow.DAY, true);

    private final QuotaWindow window;
    private final boolean tokens;

    QuotaMetric(QuotaWindow window, boolean tokens) {
        this.window = window;
        this.tokens = tokens;
    }

    public QuotaWindow window() {
        return window;
    }

    /** True for token budgets, false for request budgets. */
    public boolean tokens() {
        return tokens;
    }

    /** The metric that counts requests (or tokens) in {@code window}. */
    public static QuotaMetric of(QuotaWindow window, boolean tokens) {
        return switch (window) {
            case MINUTE -> tokens ? TPM : RPM;
            case DAY -> tokens ? TPD : RPD;
        };
    }

    /** This metric's value in {@code limits}; 0 means no known limit. */
    public long of(Limits limits) {
        return switch (this) {
            case RPM -> limits.rpm();
            case RPD -> limits.rpd();
            case TPM -> limits.tpm();
            case TPD -> limits.tpd();
        };
    }

    /** {@code requests per minute}, for messages. */
    public String describe() {
        return (tokens ? "tokens" : "requests") + " per " + (window == QuotaWindow.MINUTE ? "minute" : "day");
    }
}
