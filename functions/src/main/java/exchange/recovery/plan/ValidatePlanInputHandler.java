package exchange.recovery.plan;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import org.crac.Resource;

import exchange.recovery.core.JsonHandler;

/**
 * First state of the platform recovery plan: returns the start input with its defaults applied, or
 * fails with {@link InvalidPlanInput} listing every problem, so a bad console input starts nothing.
 */
public class ValidatePlanInputHandler extends JsonHandler<JsonNode, PlanInput> {

    private final PlanInputValidator validator;
    /** Primes the validator before a SnapStart snapshot; held here because CRaC holds it weakly. */
    private final Resource priming;

    public ValidatePlanInputHandler() {
        this(new PlanInputValidator(Clock.systemUTC()));
    }

    public ValidatePlanInputHandler(PlanInputValidator validator) {
        super(JsonNode.class);
        this.validator = validator;
        this.priming = validator.primingResource();
    }

    @Override
    protected PlanInput handle(JsonNode input, Context context) {
        return validator.normalise(input);
    }
}
