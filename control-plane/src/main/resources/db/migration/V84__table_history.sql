-- What each finished run of a pipeline did to its table, from the run's report: the columns it
-- added or wrote in a wider type, or why the table refused it. Recorded once per run (the key),
-- after the run's outcome is stored.
CREATE TABLE table_run (
    run_id        BIGINT PRIMARY KEY,
    pipeline      VARCHAR(100)             NOT NULL,
    status        VARCHAR(30)              NOT NULL,
    outcome       VARCHAR(20)              NOT NULL, -- PUBLISHED, REFUSED, NOTHING (no report, no rows)
    table_created BOOLEAN                  NOT NULL,
    refusal       TEXT,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX table_run_by_pipeline ON table_run (pipeline, run_id);

-- One column a run changed: ADDED (new in the table), WIDENED (its values written in the table's
-- wider type) or CONFLICT (refused: other_type is the batch's type, type the table's).
CREATE TABLE table_run_column (
    run_id      BIGINT       NOT NULL REFERENCES table_run (run_id),
    kind        VARCHAR(10)  NOT NULL,
    position    INT          NOT NULL,
    column_name VARCHAR(300) NOT NULL,
    header      TEXT,
    type        VARCHAR(100) NOT NULL,
    other_type  VARCHAR(100),
    PRIMARY KEY (run_id, kind, column_name)
);

-- The table's columns as the pipeline's runs left them, in the order they arrived, with the
-- nulls the runs wrote into them (from the null counts in each Parquet file's footer).
CREATE TABLE table_column (
    pipeline    VARCHAR(100) NOT NULL,
    column_name VARCHAR(300) NOT NULL,
    position    INT          NOT NULL,
    type        VARCHAR(100) NOT NULL,
    header      TEXT         NOT NULL,
    added_by    BIGINT       NOT NULL,
    nulls       BIGINT       NOT NULL,
    PRIMARY KEY (pipeline, column_name)
);
