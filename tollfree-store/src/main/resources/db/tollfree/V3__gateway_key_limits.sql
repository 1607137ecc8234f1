-- Caller limits per gateway key (requests and tokens per minute and per UTC day); 0 = no limit.
ALTER TABLE gateway_keys ADD COLUMN limit_rpm BIGINT NOT NULL DEFAULT 0;
ALTER TABLE gateway_keys ADD COLUMN limit_rpd BIGINT NOT NULL DEFAULT 0;
ALTER TABLE gateway_keys ADD COLUMN limit_tpm BIGINT NOT NULL DEFAULT 0;
ALTER TABLE gateway_keys ADD COLUMN limit_tpd BIGINT NOT NULL DEFAULT 0;
