package dev.sluice.controlplane.insights;

/** A parameter of an insights request that cannot be answered; the message names it. */
final class BadInsightRequest extends RuntimeException {
    BadInsightRequest(String message) {
        super(message);
    }
}
