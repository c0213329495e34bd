package dev.sluice.processor;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the values of one range showed about each column's type, in a form that travels between
 * processes: {@link RangePlan#combine} merges the ranges' evidence, in file order, into the schema
 * of every value, exactly as one reading of the whole file would type it. Opaque to callers.
 */
public final class TypeEvidence implements Serializable {

    private static final long serialVersionUID = 1L;

    private final byte[] bytes;

    public TypeEvidence(byte[] bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    public byte[] bytes() {
        return bytes.clone();
    }
}
