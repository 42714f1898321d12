package exchange.recovery.cache;

import java.sql.SQLException;

import exchange.recovery.core.RecoveryException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** Maps driver errors to the package's named errors, saying which phase failed. */
final class Failures {

    private Failures() {
    }

    static RecoveryException fromRedis(String phase, RedisEndpoint endpoint, JedisException e) {
        String where = "Redis at " + endpoint.host() + ":" + endpoint.port() + " during " + phase;
        if (e instanceof JedisConnectionException) {
            return new CacheUnavailable(where + " became unreachable: " + e.getMessage(), e);
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof JedisDataException && (message.startsWith("READONLY") || message.startsWith("LOADING")
                || message.startsWith("MASTERDOWN") || message.startsWith("BUSY") || message.startsWith("TRYAGAIN"))) {
            return new CacheUnavailable(where + " is not ready for writes: " + message, e);
        }
        return new CacheWriteRejected(where + " rejected a command: " + message);
    }

    static RecoveryException fromSource(String phase, SourceDatabase source, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = "PostgreSQL at " + source.describe() + " during " + phase + ": " + e.getMessage() + " (SQLSTATE " + state + ")";
        // 08 connection, 40 rollback/serialization, 53 resources, 57 operator intervention (shutdown, cancel).
        if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57")) {
            return new SourceUnavailable(message, e);
        }
        return new SourceReadFailed(message, e);
    }
}
