package exchange.recovery.local.plans;

import exchange.recovery.local.LocalRuntimeException;

/** {@code drill plan} was given a name that no file in statemachines/ has, or a file that is not valid ASL. */
public class UnknownPlan extends LocalRuntimeException {

    public UnknownPlan(String message) {
        super(message);
    }
}
