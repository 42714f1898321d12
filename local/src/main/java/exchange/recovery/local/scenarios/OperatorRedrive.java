package exchange.recovery.local.scenarios;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an operator does once a plan halts, when a scenario rehearses it: fixes the cause (or the input),
 * starts the plan again with the redrive input the halted plan gave, and what the resumed plan must show.
 */
public interface OperatorRedrive {

    /** What the operator does, in one line, for the timeline and the drill's summary. */
    String action();

    /**
     * The input the operator starts the plan with.
     *
     * @param given the halted plan's redrive input (a copy: change it and return it)
     * @param faultStartedAt the moment before the fault's first write, as an investigation would establish it
     */
    ObjectNode input(ObjectNode given, Instant faultStartedAt);

    /** What the resumed plan's recovery report must show. */
    List<Expectation> expectations();
}
