package exchange.recovery.cache;

import java.sql.SQLException;

import exchange.recovery.core.RecoveryException;
import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.db.SqlErrors;
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

    /** A transient failure, access denied or a database error, as the shared classification says. */
    static RecoveryException fromSource(String phase, ExchangeDatabase source, SQLException e) {
        return SqlErrors.translate("PostgreSQL at " + source.primary().describe() + " during " + phase, e);
    }
}
