-- The S3 version id of each arrival on its own: version_tag stays the identity of the version
-- (version id, or else the ETag), and the job reads exactly the version recorded here.
-- NULL: the bucket is not versioned (or the arrival predates this column); the ETag pins it then.
ALTER TABLE file_arrival ADD COLUMN version_id VARCHAR(1024);
