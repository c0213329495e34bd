package dev.sluice.controlplane.storage;

/** What the store knows of one object version. */
public record StoredObject(Location location, long size, String etag, String uri) {}
