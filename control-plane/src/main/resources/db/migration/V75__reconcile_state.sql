-- Where each pipeline's reconciliation sweep stands. The continuation token carries a pass across
-- ticks and restarts; the lease lets one replica at a time sweep a pipeline without holding a
-- transaction open across S3 calls.
CREATE TABLE reconcile_state (
    pipeline           VARCHAR(100) PRIMARY KEY,
    continuation_token VARCHAR(2048),
    pass_found         INT          NOT NULL,
    last_pass_found    INT,
    passes_finding     INT          NOT NULL,
    last_pass_at       TIMESTAMP WITH TIME ZONE,
    lease_owner        VARCHAR(100),
    lease_until        TIMESTAMP WITH TIME ZONE
);
