-- Who asked for an attempt by hand (a manual retry); empty for the first attempt and automatic retries.
ALTER TABLE run_attempt ADD COLUMN requested_by VARCHAR(256);
