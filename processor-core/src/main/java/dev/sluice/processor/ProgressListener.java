package dev.sluice.processor;

/** Told now and then how far a conversion has read; called on the converting thread. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param phase {@code "infer"} (the typing pass) or {@code "write"}
     * @param bytesDone input bytes read in this phase so far
     * @param bytesTotal the input file's size
     */
    void progress(String phase, long bytesDone, long bytesTotal);
}
