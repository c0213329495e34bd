-- The audit log names what was acted on, not only the path asked for: the action (run.retry),
-- its canonical target (the run id as a number) and the caller's stable id beside their name.
ALTER TABLE audit_event ADD COLUMN action VARCHAR(64) NOT NULL DEFAULT 'other';
ALTER TABLE audit_event ADD COLUMN target VARCHAR(256);
ALTER TABLE audit_event ADD COLUMN actor_id VARCHAR(256);
UPDATE audit_event SET actor_id = actor;
-- The retention purge deletes by age.
CREATE INDEX ix_audit_event_at ON audit_event (at);
CREATE INDEX ix_audit_event_actor_id ON audit_event (actor_id, id);

-- A token's name names one token for good: two tokens never share one, revoked ones included.
-- Names that were shared before keep the oldest token's; the others get their id appended.
UPDATE api_token SET name = SUBSTRING(name, 1, 80) || '-' || CAST(id AS VARCHAR(20))
WHERE id NOT IN (SELECT MIN(id) FROM api_token GROUP BY name);
ALTER TABLE api_token ADD CONSTRAINT uq_api_token_name UNIQUE (name);
