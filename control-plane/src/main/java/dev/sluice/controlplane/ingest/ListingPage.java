package dev.sluice.controlplane.ingest;

import java.util.List;
import java.util.Optional;

/** One page of a listing and the token of the next; no token when the listing is complete. */
record ListingPage(List<ListedObject> objects, Optional<String> next) {}
