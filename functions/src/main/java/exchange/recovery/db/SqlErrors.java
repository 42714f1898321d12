package exchange.recovery.db;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;

import exchange.recovery.core.RecoveryException;
import exchange.recovery.core.TransientFailure;

/** Reads PostgreSQL SQLSTATE codes: which failures are worth retrying, which mean access is refused. */
public final class SqlErrors {

    /** query_canceled: raised when statement_timeout (or lock_timeout) stops a statement. */
    public static final String QUERY_CANCELED = "57014";

    /** sqlserver_rejected_establishment_of_sqlconnection: pgjdbc's code for SSL or authentication methods refused. */
    private static final String CONNECTION_REJECTED = "08004";

    private static final Set<String> TRANSIENT_STATES = Set.of(
            QUERY_CANCELED,
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "55P03", // lock_not_available
            "57P01", // admin_shutdown (failover, restart)
            "57P02", // crash_shutdown
            "57P03"); // cannot_connect_now (starting up, recovering)

    private SqlErrors() {
    }

    /**
     * Connection exceptions (class 08, except a rejected connection: 08004), lack of resources (class 53),
     * shutdowns, timeouts, lock conflicts.
     */
    public static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return e.getCause() instanceof IOException;
        }
        return (state.startsWith("08") && !CONNECTION_REJECTED.equals(state)) || state.startsWith("53") || TRANSIENT_STATES.contains(state);
    }

    /** Class 28: invalid authorization specification (wrong password, unknown user, pg_hba rejection). */
    public static boolean isAuthenticationFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("28");
    }

    /**
     * Refusals that no retry fixes: authentication, a connection the server rejects as configured (08004:
     * SSL or authentication method not supported), unknown database (3D000), insufficient privilege.
     */
    public static boolean isAccessDenied(SQLException e) {
        String state = e.getSQLState();
        return isAuthenticationFailure(e) || CONNECTION_REJECTED.equals(state) || "3D000".equals(state) || "42501".equals(state);
    }

    /**
     * The named error for a failed database call: {@link TransientFailure} when a retry may succeed,
     * {@link DatabaseAccessDenied} when the server refuses us, {@link DatabaseError} otherwise.
     *
     * @param what what was being done, for the message ("Cannot connect to host:5432/exchange")
     */
    public static RecoveryException translate(String what, SQLException e) {
        String message = what + ": " + describe(e);
        if (isTransient(e)) {
            return new TransientFailure(message, e);
        }
        if (isAccessDenied(e)) {
            return new DatabaseAccessDenied(message, e);
        }
        return new DatabaseError(message, e);
    }

    /** A short description for messages and logs: SQLSTATE and the server's first line, nothing else. */
    public static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return (e.getSQLState() == null ? "" : "[" + e.getSQLState() + "] ") + message;
    }
}
