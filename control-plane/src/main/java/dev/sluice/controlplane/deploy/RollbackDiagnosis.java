package dev.sluice.controlplane.deploy;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the events of a stack operation that did not succeed: which resource failed first and
 * why, whether an export was in use by another stack, and what the operator does next.
 */
record RollbackDiagnosis(Optional<String> failedResource, String reason, Optional<String> remedy) {

    private static final List<Pattern> EXPORT_IN_USE = List.of(
            Pattern.compile("(?i)export\\s+'?([\\w:.-]+)'?\\s+cannot be (?:deleted|updated|modified)"
                    + "\\s+as it is in use by\\s+'?([\\w:/.-]+?)'?[.,;]?(?:\\s|$)"),
            Pattern.compile("(?i)cannot (?:delete|update|modify) export\\s+'?([\\w:.-]+)'?"
                    + "\\s+as it is in use by\\s+'?([\\w:/.-]+?)'?[.,;]?(?:\\s|$)"));

    /** Reasons CloudFormation gives to resources it stopped because another one failed. */
    private static final Pattern CONSEQUENTIAL = Pattern.compile("(?i)resource (creation|update) cancelled");

    /** One finding of CloudFormation's pre-deployment validation (DescribeEvents). */
    record ValidationFailure(String logicalId, String path, String reason) {}

    static RollbackDiagnosis of(String deploymentId, String stackStatus, List<StackEvent> chronological) {
        return of(deploymentId, stackStatus, chronological, List.of());
    }

    /**
     * @param validationFailures what pre-deployment validation found, when the operation failed there
     *     (the stack event then only says "Validation failed with N error(s)")
     */
    static RollbackDiagnosis of(
            String deploymentId,
            String stackStatus,
            List<StackEvent> chronological,
            List<ValidationFailure> validationFailures) {
        Optional<StackEvent> first = chronological.stream()
                .filter(e -> e.isFailure() && !e.isStackLevel())
                .filter(e ->
                        e.reason().map(r -> !CONSEQUENTIAL.matcher(r).find()).orElse(true))
                .findFirst();
        Optional<StackEvent> cause = first.or(() -> chronological.stream()
                .filter(e ->
                        e.isStackLevel() && e.reason().isPresent() && e.status().contains("ROLLBACK_IN_PROGRESS"))
                .findFirst());
        String reason = cause.flatMap(StackEvent::reason).orElse("the stack ended " + stackStatus);
        Optional<String> failedResource = first.map(StackEvent::logicalId);
        if (first.isEmpty() && !validationFailures.isEmpty()) {
            failedResource = Optional.of(validationFailures.get(0).logicalId());
            reason = "pre-deployment validation failed: "
                    + String.join(
                            "; ",
                            validationFailures.stream()
                                    .map(v -> v.logicalId() + ": " + v.reason())
                                    .toList());
        }

        Optional<String> remedy = exportInUse(reason)
                .map(use -> "Export " + use.export() + " is in use by stack " + use.importingStack() + ": deploy "
                        + use.importingStack() + " without that Fn::ImportValue first, then retry.");
        if (remedy.isEmpty() && reason.contains("already exists")) {
            remedy = Optional.of("A resource of that name exists outside the stack, often one kept (DeletionPolicy:"
                    + " Retain) by an earlier failed creation: delete it if it holds nothing, or import it into the"
                    + " stack, then deploy again.");
        }
        if ("UPDATE_ROLLBACK_FAILED".equals(stackStatus)) {
            List<String> stuck = resourcesThatFailedToRollBack(chronological);
            remedy = Optional.of("The stack is stuck in UPDATE_ROLLBACK_FAILED"
                    + (stuck.isEmpty()
                            ? ""
                            : ": " + String.join(", ", stuck) + " could not return to the previous state")
                    + ". Fix the cause, then continue the rollback: POST /api/v1/deployments/" + deploymentId
                    + "/continue-rollback, with {\"resourcesToSkip\": [" + quoted(stuck)
                    + "]} to skip resources that cannot be rolled back (they are then out of sync and must be"
                    + " repaired by hand). No other deployment of this stack can start until then.");
        }
        return new RollbackDiagnosis(failedResource, reason, remedy);
    }

    record ExportInUse(String export, String importingStack) {}

    static Optional<ExportInUse> exportInUse(String reason) {
        for (Pattern pattern : EXPORT_IN_USE) {
            Matcher m = pattern.matcher(reason);
            if (m.find()) {
                return Optional.of(new ExportInUse(m.group(1), m.group(2)));
            }
        }
        return Optional.empty();
    }

    /** The resources whose rollback failed: failures after the stack began rolling back. */
    static List<String> resourcesThatFailedToRollBack(List<StackEvent> chronological) {
        boolean rollingBack = false;
        var stuck = new java.util.LinkedHashSet<String>();
        for (StackEvent e : chronological) {
            if (e.isStackLevel() && e.status().equals("UPDATE_ROLLBACK_IN_PROGRESS")) {
                rollingBack = true;
            } else if (rollingBack && e.isFailure() && !e.isStackLevel()) {
                stuck.add(e.logicalId());
            }
        }
        return List.copyOf(stuck);
    }

    private static String quoted(List<String> ids) {
        return String.join(", ", ids.stream().map(id -> "\"" + id + "\"").toList());
    }
}
