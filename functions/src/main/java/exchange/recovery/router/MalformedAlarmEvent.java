package exchange.recovery.router;

import exchange.recovery.core.InvalidInput;

/** The router was given something that is not a CloudWatch alarm state change event: nothing is started. */
public class MalformedAlarmEvent extends InvalidInput {

    public MalformedAlarmEvent(String message) {
        super(message);
    }
}
