package exchange.recovery.router;

import java.util.List;

import exchange.recovery.core.RecoveryException;

/** The routing table breaks its rules: the router refuses to start rather than route wrongly. */
public class InvalidRoutingTable extends RecoveryException {

    public InvalidRoutingTable(List<String> problems) {
        super("Invalid routing table: " + String.join("; ", problems));
    }
}
