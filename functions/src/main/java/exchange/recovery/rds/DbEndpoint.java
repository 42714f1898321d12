package exchange.recovery.rds;

import java.util.Objects;

/**
 * Where a database instance answers: identifier, DNS address, port and (when the instance was created
 * with one) the initial database name. {@link #database()} is the target string the integrity checks
 * accept: {@code host:port[/database]}.
 */
public record DbEndpoint(String instanceId, String address, int port, String databaseName) {

    public DbEndpoint {
        Objects.requireNonNull(instanceId, "instanceId");
    }

    public String database() {
        String hostPort = address + ":" + port;
        return databaseName == null || databaseName.isBlank() ? hostPort : hostPort + "/" + databaseName;
    }
}
