-- Tollfree schema, shared by SQLite and PostgreSQL.
-- Portable types only: TEXT, BIGINT, INTEGER. Booleans are INTEGER 0/1 (checked). Timestamps are
-- epoch milliseconds in BIGINT. The single dialect difference, an auto-increment 64-bit primary
-- key, is the ${id_pk} placeholder (see Dialect.migrationPlaceholders).

CREATE TABLE provider_keys (
    id                    ${id_pk},
    provider              TEXT    NOT NULL,
    label                 TEXT    NOT NULL,
    sealed_secret         TEXT    NOT NULL,
    hint                  TEXT    NOT NULL,
    enabled               INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    source                TEXT    NOT NULL,
    created_at            BIGINT  NOT NULL,
    last_check_at         BIGINT,
    last_check_status     TEXT,
    last_check_detail     TEXT,
    last_check_latency_ms BIGINT,
    CONSTRAINT provider_keys_provider_label_uq UNIQUE (provider, label)
);

CREATE TABLE gateway_keys (
    id         ${id_pk},
    name       TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    prefix     TEXT    NOT NULL,
    admin      INTEGER NOT NULL CHECK (admin IN (0, 1)),
    source     TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    revoked_at BIGINT,
    CONSTRAINT gateway_keys_hash_uq UNIQUE (hash)
);

-- Every override column is nullable: NULL means "keep the catalog or config value".
-- The four limits and limits_uncertain are all set or all NULL (one Optional<Limits>).
-- capabilities: comma-separated wire names ('' = explicitly none).
CREATE TABLE model_settings (
    provider         TEXT NOT NULL,
    model            TEXT NOT NULL,
    enabled          INTEGER CHECK (enabled IN (0, 1)),
    rpm              BIGINT,
    rpd              BIGINT,
    tpm              BIGINT,
    tpd              BIGINT,
    limits_uncertain INTEGER CHECK (limits_uncertain IN (0, 1)),
    context_window   INTEGER,
    capabilities     TEXT,
    intelligence     INTEGER,
    PRIMARY KEY (provider, model),
    CONSTRAINT model_settings_limits_whole CHECK (
        (rpm IS NULL AND rpd IS NULL AND tpm IS NULL AND tpd IS NULL AND limits_uncertain IS NULL)
        OR (rpm IS NOT NULL AND rpd IS NOT NULL AND tpm IS NOT NULL AND tpd IS NOT NULL AND limits_uncertain IS NOT NULL))
);

CREATE TABLE chain (
    position INTEGER NOT NULL PRIMARY KEY,
    entry    TEXT    NOT NULL
);

CREATE TABLE meta (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

-- request_id is the identity of a logged request (append ignores a repeat). id only orders rows
-- that arrived in the same millisecond.
CREATE TABLE request_log (
    id                ${id_pk},
    request_id        TEXT    NOT NULL,
    received_at       BIGINT  NOT NULL,
    gateway_key_id    BIGINT  NOT NULL,
    requested_model   TEXT    NOT NULL,
    stream            INTEGER NOT NULL CHECK (stream IN (0, 1)),
    status            INTEGER NOT NULL,
    outcome           TEXT    NOT NULL,
    error_code        TEXT    NOT NULL,
    provider          TEXT    NOT NULL,
    model             TEXT    NOT NULL,
    latency_ms        BIGINT  NOT NULL,
    ttfb_ms           BIGINT  NOT NULL,
    prompt_tokens     BIGINT  NOT NULL,
    completion_tokens BIGINT  NOT NULL,
    usage_estimated   INTEGER NOT NULL CHECK (usage_estimated IN (0, 1)),
    CONSTRAINT request_log_request_id_uq UNIQUE (request_id)
);

CREATE INDEX request_log_received_at_idx ON request_log (received_at, id);

-- One row per upstream attempt, in order (position = place in the record's list), so analytics
-- can group attempts by provider, model, key and failure class with plain SQL on both databases.
CREATE TABLE request_attempts (
    request_id    TEXT    NOT NULL REFERENCES request_log (request_id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    attempt_index INTEGER NOT NULL,
    provider      TEXT    NOT NULL,
    model         TEXT    NOT NULL,
    key_id        BIGINT  NOT NULL,
    status        INTEGER NOT NULL,
    failure_class TEXT    NOT NULL,
    detail        TEXT    NOT NULL,
    latency_ms    BIGINT  NOT NULL,
    ttfb_ms       BIGINT  NOT NULL,
    PRIMARY KEY (request_id, position)
);
