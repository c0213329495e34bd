-- Where an arrival's bytes are kept, when not at its key: embedded mode keeps each arrival in a
-- place of its own, so that a second file of the same name never replaces the first. object_key
-- stays the file's name as the user gave it (lineage: the source_file of its rows).
-- NULL: kept at bucket/object_key (S3, and arrivals recorded before this column).
ALTER TABLE file_arrival ADD COLUMN stored_bucket VARCHAR(255);
ALTER TABLE file_arrival ADD COLUMN stored_key VARCHAR(1200);
