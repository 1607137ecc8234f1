-- Quota ledger snapshots (docs/quota.md). One row per provider key and model, or per key
-- account-wide (model = ''), holding only what is worth keeping across a restart; the ledger
-- writes changed rows in batches and reads them all once at start. Times are epoch milliseconds.
-- minute_*: usage in the rolling minute as of saved_at. utc_day ('YYYY-MM-DD') keys day_*, so a
-- restart on a later day starts that day at zero. learned_*: limits the provider reported (0 = none).
-- denied_until/denied_reason: a 429 or a budget reported spent keeps the scope closed until then.
CREATE TABLE quota_state (
    provider        TEXT   NOT NULL,
    key_slot        TEXT   NOT NULL,
    model           TEXT   NOT NULL,
    saved_at        BIGINT NOT NULL,
    minute_requests BIGINT NOT NULL,
    minute_tokens   BIGINT NOT NULL,
    utc_day         TEXT   NOT NULL,
    day_requests    BIGINT NOT NULL,
    day_tokens      BIGINT NOT NULL,
    learned_rpm     BIGINT NOT NULL,
    learned_rpd     BIGINT NOT NULL,
    learned_tpm     BIGINT NOT NULL,
    learned_tpd     BIGINT NOT NULL,
    denied_until    BIGINT,
    denied_reason   TEXT   NOT NULL,
    PRIMARY KEY (provider, key_slot, model)
);
