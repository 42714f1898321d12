package exchange.recovery.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.core.Tier;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Turns execution histories into steps: one per state entered, with its task, attempts, result or
 * error, and status. Works on a running execution's history as well (open steps are RUNNING, or
 * WAITING when they wait for a callback), which is how the drill draws its live timeline.
 */
public final class StepTimeline {

    private StepTimeline() {
    }

    /** The steps of the execution and of every nested execution, in the order they started. */
    public static List<StepTrace> of(ExecutionTrace trace) {
        List<StepTrace> steps = new ArrayList<>(of(trace.name(), trace.machineName(), trace.status(), trace.events()));
        for (ExecutionTrace child : trace.children()) {
            steps.addAll(of(child));
        }
        steps.sort(Comparator.comparing(StepTrace::startedAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return steps;
    }

    /** The steps of one execution's history. */
    public static List<StepTrace> of(String execution, String machine, String executionStatus, List<HistoryEvent> events) {
        List<Builder> steps = new ArrayList<>();
        Map<Long, Builder> byEvent = new HashMap<>();
        String executionTier = null;
        for (HistoryEvent event : events) {
            String type = event.typeAsString();
            if (type == null) {
                continue;
            }
            if (event.type() == HistoryEventType.EXECUTION_STARTED && event.executionStartedEventDetails() != null) {
                // a tier's own execution (the plan runs one per tier) says which tier in its input
                executionTier = TierAttribution.ofInput(parse(event.executionStartedEventDetails().input()))
                        .map(Tier::id).orElse(null);
                continue;
            }
            if (type.endsWith("StateEntered")) {
                Builder step = new Builder(execution, machine, event.stateEnteredEventDetails().name(),
                        type.substring(0, type.length() - "StateEntered".length()), event.timestamp(), executionTier);
                steps.add(step);
                byEvent.put(event.id(), step);
                continue;
            }
            if (type.endsWith("StateExited")) {
                String name = event.stateExitedEventDetails().name();
                Builder step = lastOpen(steps, name);
                if (step != null) {
                    step.exit(event.timestamp(), event.stateExitedEventDetails().output());
                    byEvent.put(event.id(), step);
                }
                continue;
            }
            Builder step = byEvent.get(event.previousEventId());
            if (step == null) {
                step = lastOpen(steps, null);
            }
            if (step == null) {
                continue;
            }
            byEvent.put(event.id(), step);
            apply(step, event);
        }
        List<StepTrace> traces = new ArrayList<>(steps.size());
        for (Builder step : steps) {
            traces.add(step.build(executionStatus));
        }
        return traces;
    }

    private static void apply(Builder step, HistoryEvent event) {
        switch (event.type()) {
            case TASK_SCHEDULED -> step.scheduled(event.taskScheduledEventDetails().resourceType(),
                    event.taskScheduledEventDetails().resource(), event.taskScheduledEventDetails().parameters());
            case LAMBDA_FUNCTION_SCHEDULED -> step.scheduled("lambda", "invoke", event.lambdaFunctionScheduledEventDetails().input());
            case TASK_STARTED, LAMBDA_FUNCTION_STARTED -> step.started = true;
            case TASK_SUBMITTED -> step.output = parse(event.taskSubmittedEventDetails().output());
            case TASK_SUCCEEDED -> step.succeeded(event.taskSucceededEventDetails().output());
            case LAMBDA_FUNCTION_SUCCEEDED -> step.succeeded(event.lambdaFunctionSucceededEventDetails().output());
            case TASK_FAILED -> step.failed(event.taskFailedEventDetails().error(), event.taskFailedEventDetails().cause());
            case TASK_TIMED_OUT -> step.failed(event.taskTimedOutEventDetails().error(), event.taskTimedOutEventDetails().cause());
            case TASK_START_FAILED -> step.failed(event.taskStartFailedEventDetails().error(), event.taskStartFailedEventDetails().cause());
            case TASK_SUBMIT_FAILED -> step.failed(event.taskSubmitFailedEventDetails().error(), event.taskSubmitFailedEventDetails().cause());
            case LAMBDA_FUNCTION_FAILED -> step.failed(event.lambdaFunctionFailedEventDetails().error(),
                    event.lambdaFunctionFailedEventDetails().cause());
            case LAMBDA_FUNCTION_TIMED_OUT -> step.failed(event.lambdaFunctionTimedOutEventDetails().error(),
                    event.lambdaFunctionTimedOutEventDetails().cause());
            case LAMBDA_FUNCTION_START_FAILED -> step.failed(event.lambdaFunctionStartFailedEventDetails().error(),
                    event.lambdaFunctionStartFailedEventDetails().cause());
            case LAMBDA_FUNCTION_SCHEDULE_FAILED -> step.failed(event.lambdaFunctionScheduleFailedEventDetails().error(),
                    event.lambdaFunctionScheduleFailedEventDetails().cause());
            case EXECUTION_FAILED -> step.failed(event.executionFailedEventDetails().error(), event.executionFailedEventDetails().cause());
            case EXECUTION_TIMED_OUT -> step.failed(event.executionTimedOutEventDetails().error(), event.executionTimedOutEventDetails().cause());
            default -> {
                // map runs, iterations, branches: their states carry the detail
            }
        }
    }

    private static Builder lastOpen(List<Builder> steps, String name) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            Builder step = steps.get(i);
            if (step.endedAt == null && (name == null || step.state.equals(name))) {
                return step;
            }
        }
        return null;
    }

    static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return Json.read(json);
        } catch (RuntimeException notJson) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }

    private static final class Builder {
        private final String execution;
        private final String machine;
        private final String state;
        private final String stateType;
        private final Instant startedAt;
        private final String executionTier;
        private Instant endedAt;
        private String resourceType;
        private String resource;
        private JsonNode parameters;
        private JsonNode output;
        private String error;
        private String cause;
        private boolean succeeded;
        private boolean started;
        private int attempts;

        Builder(String execution, String machine, String state, String stateType, Instant startedAt, String executionTier) {
            this.execution = execution;
            this.machine = machine;
            this.state = state;
            this.stateType = stateType;
            this.startedAt = startedAt;
            this.executionTier = executionTier;
        }

        void scheduled(String type, String name, String json) {
            resourceType = type;
            resource = name;
            parameters = parse(json);
            attempts++;
            started = false;
        }

        void succeeded(String json) {
            output = parse(json);
            succeeded = true;
            error = null;
            cause = null;
        }

        void failed(String errorName, String errorCause) {
            succeeded = false;
            error = errorName == null ? "States.TaskFailed" : errorName;
            cause = errorCause;
        }

        void exit(Instant at, String stateOutput) {
            endedAt = at;
            if (output == null && !"Task".equals(stateType)) {
                output = parse(stateOutput);
            }
        }

        StepTrace build(String executionStatus) {
            StepKind kind = StepKind.classify(stateType, state, resourceType, resource);
            String tier = TierAttribution.of(parameters, executionTier, machine, state).map(Tier::id).orElse(null);
            return new StepTrace(execution, machine, state, stateType, kind, tier, status(executionStatus, kind),
                    startedAt, endedAt, attempts, resourceType, resource, parameters, output, error, cause);
        }

        private String status(String executionStatus, StepKind kind) {
            if (kind == StepKind.FAIL) {
                return "FAILED";
            }
            if (endedAt != null) {
                return error != null && !succeeded ? "CAUGHT" : "SUCCEEDED";
            }
            if (error != null) {
                return "FAILED";
            }
            if (executionStatus != null && !"RUNNING".equals(executionStatus)) {
                return "SUCCEEDED".equals(executionStatus) ? "SUCCEEDED" : executionStatus;
            }
            boolean callback = resource != null && resource.endsWith("waitForTaskToken");
            return callback && started ? "WAITING" : "RUNNING";
        }
    }
}
