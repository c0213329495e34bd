package dev.sluice.controlplane.ingest;

import java.time.Instant;
import java.util.Optional;

/** An object as a listing of the input shows it; the ETag is empty where listing cannot give it cheaply. */
record ListedObject(String key, long size, Instant lastModified, Optional<String> etag) {}
