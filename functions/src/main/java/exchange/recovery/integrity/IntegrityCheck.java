package exchange.recovery.integrity;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One named, set-based check of the exchange's data. It runs inside the gate's read-only transaction, on a
 * snapshot shared with the other checks, and reports a violation as a failed {@link CheckResult}, never as
 * an exception; a {@link SQLException} means the check could not run.
 */
public interface IntegrityCheck {

    /** The name that plans and operators select the check by, e.g. {@code ledger-balanced}. */
    String name();

    CheckResult run(Connection connection) throws SQLException;
}
