package dev.sluice.controlplane.runs;

import java.util.UUID;
import org.springframework.stereotype.Component;

/** This replica's name in leases: host, process and a random part, unique across restarts. */
@Component
class ReplicaId {

    private final String value =
            ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);

    String value() {
        return value;
    }
}
