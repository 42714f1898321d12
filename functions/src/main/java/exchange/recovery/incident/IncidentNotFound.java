package exchange.recovery.incident;

import exchange.recovery.core.Published;
import exchange.recovery.core.RecoveryException;

/** A step named an incident that was never opened. */
@Published("What reading the incident record throws when there is none; the report writer names it.")
public class IncidentNotFound extends RecoveryException {

    public IncidentNotFound(String incidentId) {
        super("No incident " + incidentId + " has been opened");
    }
}
