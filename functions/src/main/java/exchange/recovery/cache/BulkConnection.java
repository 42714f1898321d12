package exchange.recovery.cache;

import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/** A Jedis connection whose buffered commands can be pushed to the socket without reading replies. */
final class BulkConnection extends Connection {

    BulkConnection(HostAndPort endpoint, JedisClientConfig config) {
        super(endpoint, config);
    }

    void flushNow() {
        flush();
    }
}
