package exchange.recovery.incident;

import exchange.recovery.core.RecoveryException;

/** A step named an incident that was never opened. */
public class IncidentNotFound extends RecoveryException {

    public IncidentNotFound(String incidentId) {
        super("No incident " + incidentId + " has been opened");
    }
}
