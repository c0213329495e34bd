-- What a reader of a file's run should know of how the file was converted, from the run's report:
-- why a file above the pipeline's split size was converted as one task after all.
ALTER TABLE file_arrival ADD COLUMN conversion_note VARCHAR(1000);
