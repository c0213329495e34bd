-- Four eyes compare callers by their stable id (token#<id>, jwt:<subject>, bootstrap), not by a
-- name that two tokens could share or an identity provider could change. Empty for rows written
-- before: those compare by name, as they did.
ALTER TABLE deployment ADD COLUMN requested_by_id VARCHAR(256);
ALTER TABLE release ADD COLUMN requested_by_id VARCHAR(256);
