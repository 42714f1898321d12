package exchange.recovery.plan;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.JsonHandler;

/**
 * First state of the platform recovery plan: returns the start input with its defaults applied, or
 * fails with {@link InvalidPlanInput} listing every problem, so a bad console input starts nothing.
 */
public class ValidatePlanInputHandler extends JsonHandler<JsonNode, PlanInput> {

    private final PlanInputValidator validator;

    public ValidatePlanInputHandler() {
        this(new PlanInputValidator(Clock.systemUTC()));
    }

    public ValidatePlanInputHandler(PlanInputValidator validator) {
        super(JsonNode.class);
        this.validator = validator;
    }

    @Override
    protected PlanInput handle(JsonNode input, Context context) {
        return validator.normalise(input);
    }
}
