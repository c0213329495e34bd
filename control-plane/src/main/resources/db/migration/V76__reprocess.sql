-- Reprocessing: a run made again over recorded files says of what selection (NULL: an ordinary
-- batch), and which earlier run's output of each of its files it supersedes. The batch engine
-- removes that earlier output when the new run publishes, never before; the rows stay after
-- that as the record of what was replaced.
ALTER TABLE run ADD COLUMN reprocess_of VARCHAR(4000);

CREATE TABLE run_supersedes (
    run_id            BIGINT        NOT NULL REFERENCES run (id),
    file_id           BIGINT        NOT NULL,
    object_key        VARCHAR(1024) NOT NULL,
    superseded_run_id BIGINT        NOT NULL REFERENCES run (id),
    -- The ingest_date partition the superseded run wrote to (its creation day, UTC): where its
    -- part-<run>-*.parquet files are, without listing every partition.
    superseded_ingest_date VARCHAR(10) NOT NULL,
    PRIMARY KEY (run_id, file_id)
);
CREATE INDEX ix_run_supersedes_superseded ON run_supersedes (superseded_run_id);
