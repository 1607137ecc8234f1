-- Model discovery (docs/catalog.md, "Discovered models"): one row per provider and model id that a
-- provider's model list named, or a catalog model the list left out. Rows are never deleted by
-- discovery. Times are epoch milliseconds. last_seen is NULL for a catalog model never listed;
-- vanished_since is NULL while the model is listed.
CREATE TABLE discovered_models (
    provider       TEXT   NOT NULL,
    model          TEXT   NOT NULL,
    first_seen     BIGINT NOT NULL,
    last_seen      BIGINT,
    vanished_since BIGINT,
    PRIMARY KEY (provider, model)
);
