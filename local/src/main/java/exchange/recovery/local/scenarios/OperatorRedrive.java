package exchange.recovery.local.scenarios;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an operator does once a plan halts, when a scenario rehearses it: fixes the cause (or the input),
 * starts the plan again with the redrive input the halted plan gave, and what the resumed plan must show.
 *
 * @param action what the operator does, in one line, for the timeline and the drill's summary
 * @param changeInput the input the operator starts the plan with, from the halted plan's redrive input (a copy:
 *                    change it and return it) and the moment before the fault's first write, as an investigation
 *                    would establish it
 * @param expectations what the resumed plan's recovery report must show
 */
public record OperatorRedrive(String action, BiFunction<ObjectNode, Instant, ObjectNode> changeInput,
                              List<Expectation> expectations) {

    public OperatorRedrive {
        expectations = List.copyOf(expectations);
    }

    public ObjectNode input(ObjectNode given, Instant faultStartedAt) {
        return changeInput.apply(given, faultStartedAt);
    }
}
