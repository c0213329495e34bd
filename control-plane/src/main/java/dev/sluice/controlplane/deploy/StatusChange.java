package dev.sluice.controlplane.deploy;

/**
 * A deployment's next status and the fields that change with it; fields left null keep their
 * stored value.
 */
final class StatusChange {

    final DeploymentStatus status;
    String approvedBy;
    String changeSetName;
    String changeSetId;
    String changeSetType;
    String assetKey;
    String eventsAfter;
    String stackStatus;
    String failedResource;
    String failureReason;
    String remedy;
    String warning;
    boolean planned;
    boolean clearRemedy;

    private StatusChange(DeploymentStatus status) {
        this.status = status;
    }

    static StatusChange to(DeploymentStatus status) {
        return new StatusChange(status);
    }

    StatusChange approvedBy(String who) {
        this.approvedBy = who;
        return this;
    }

    StatusChange changeSet(String name, String id, String type) {
        this.changeSetName = name;
        this.changeSetId = id;
        this.changeSetType = type;
        return this;
    }

    StatusChange assetKey(String key) {
        this.assetKey = key;
        return this;
    }

    StatusChange eventsAfter(String eventId) {
        this.eventsAfter = eventId;
        return this;
    }

    StatusChange stackStatus(String value) {
        this.stackStatus = value;
        return this;
    }

    StatusChange failure(String resource, String reason) {
        this.failedResource = resource;
        this.failureReason = reason;
        return this;
    }

    StatusChange remedy(String value) {
        this.remedy = value;
        this.clearRemedy = value == null && clearRemedy;
        return this;
    }

    StatusChange warning(String value) {
        this.warning = value;
        return this;
    }

    /** The problem the remedy was for is gone. */
    StatusChange withoutRemedy() {
        this.clearRemedy = true;
        return this;
    }

    /** The change list is complete (planning ended). */
    StatusChange planned() {
        this.planned = true;
        return this;
    }
}
