package exchange.recovery.conformance;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.TransientFailure;
import exchange.recovery.local.template.SamFunction;

/**
 * Every transient error a Lambda Task's function can throw is retried by that Task, by its exact name.
 * Lambda reports the thrown class's own name ({@code exchange.recovery.rds.RdsThrottled}) and Step
 * Functions matches {@code ErrorEquals} exactly: a Retry on {@code exchange.recovery.core.TransientFailure}
 * catches nothing thrown as a subclass. What a function can throw is derived from the code: the concrete
 * {@link TransientFailure} classes (itself included) that its handler class reaches in the compiled classes.
 */
final class TransientRetries {

    /** ErrorEquals names that retry any error a function throws. */
    private static final Set<String> CATCH_ALL = Set.of("States.ALL", "States.TaskFailed");

    private final PlanWiring wiring;
    private final ClassReferences references;
    private final ClassLoader loader;

    TransientRetries(PlanWiring wiring, ClassLoader loader) {
        this.wiring = wiring;
        this.loader = loader;
        this.references = new ClassReferences(loader);
    }

    List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        for (PlanWiring.Machine machine : wiring.machines().values()) {
            AslConformance.forEachState(machine.definition().path("States"), "States", (path, state) -> {
                if (!"Task".equals(state.path("Type").asText())) {
                    return;
                }
                wiring.invokedFunction(machine, state).ifPresent(function -> {
                    Set<String> retried = retried(state);
                    for (String error : transientErrors(function)) {
                        if (!retried.contains(error) && retried.stream().noneMatch(CATCH_ALL::contains)) {
                            findings.add(new Finding("asl.transient-not-retried", machine.file() + " " + path,
                                    function + " can throw " + error + " (a TransientFailure) and no Retry names it"));
                        }
                    }
                });
            });
        }
        return findings;
    }

    /** The transient error names (class names, as Lambda reports them) a function's handler can throw. */
    Set<String> transientErrors(String functionLogicalId) {
        SamFunction function = wiring.template().functions().get(functionLogicalId);
        Set<String> errors = new TreeSet<>();
        for (String name : references.reachableFrom(function.handlerClass())) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            if (TransientFailure.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                errors.add(type.getName());
            }
        }
        return errors;
    }

    private static Set<String> retried(JsonNode task) {
        Set<String> retried = new LinkedHashSet<>();
        for (JsonNode retrier : task.path("Retry")) {
            if (retrier.path("MaxAttempts").asInt(3) > 0) {
                retrier.path("ErrorEquals").forEach(error -> retried.add(error.asText()));
            }
        }
        return retried;
    }

    static Map<String, Set<String>> byFunction(TransientRetries rule, Set<String> functions) {
        Map<String, Set<String>> errors = new java.util.TreeMap<>();
        functions.forEach(function -> errors.put(function, rule.transientErrors(function)));
        return errors;
    }
}
