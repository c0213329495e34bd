-- Deployments and release stages are saved as whole values over the version they were read as
-- (compare-and-set), so that a writer holding a stale copy loses instead of overwriting newer fields.
ALTER TABLE deployment ADD COLUMN row_version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE release_stage ADD COLUMN row_version BIGINT DEFAULT 0 NOT NULL;
