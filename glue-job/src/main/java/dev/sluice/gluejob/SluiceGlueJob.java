package dev.sluice.gluejob;

/**
 * Entry point that AWS Glue starts (job language Scala/Java, {@code --class dev.sluice.gluejob.SluiceGlueJob}).
 */
public final class SluiceGlueJob {

    private SluiceGlueJob() {}

    public static void main(String[] args) {
        throw new UnsupportedOperationException("the Glue job is not built yet");
    }
}
