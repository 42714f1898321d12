package exchange.recovery.wallet;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a connection to the wallet database; the caller closes it. */
@FunctionalInterface
public interface ConnectionSource {

    Connection open() throws SQLException;
}
