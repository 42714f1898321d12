package exchange.recovery.cache;

import java.time.Duration;
import java.util.Objects;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * Where the cache is: the primary endpoint of the replication group (cluster mode disabled), with TLS
 * when the group has in-transit encryption. Makes the three kinds of connection this package uses.
 */
public record RedisEndpoint(String host, int port, boolean tls, Duration timeout) {

    public RedisEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * The primary endpoint from configuration: {@code CACHE_REDIS_HOST}, {@code CACHE_REDIS_PORT} (6379),
     * {@code CACHE_REDIS_TLS} (true when the group encrypts in transit), {@code CACHE_REDIS_TIMEOUT_SECONDS} (10).
     */
    public static RedisEndpoint from(Env env) {
        String tls = env.get("CACHE_REDIS_TLS", "false");
        if (!tls.equalsIgnoreCase("true") && !tls.equalsIgnoreCase("false")) {
            throw new ConfigurationMissing("CACHE_REDIS_TLS (true or false): " + tls);
        }
        return new RedisEndpoint(env.require("CACHE_REDIS_HOST"), env.getInt("CACHE_REDIS_PORT", 6379),
                Boolean.parseBoolean(tls), Duration.ofSeconds(env.getInt("CACHE_REDIS_TIMEOUT_SECONDS", 10)));
    }

    public static RedisEndpoint of(String host, int port) {
        return new RedisEndpoint(host, port, false, Duration.ofSeconds(10));
    }

    JedisClientConfig config(String clientName) {
        int millis = (int) timeout.toMillis();
        return DefaultJedisClientConfig.builder()
                .ssl(tls)
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .clientName(clientName)
                .build();
    }

    /** One plain connection for control commands (lease, pointer, counting, dropping). */
    Jedis control() {
        return new Jedis(new HostAndPort(host, port), config("exchange-recovery-rebuild-control"));
    }

    /** One connection for the pipelined bulk writes of a build. */
    BulkConnection bulk() {
        return new BulkConnection(new HostAndPort(host, port), config("exchange-recovery-rebuild-bulk"));
    }

    /** A pooled, thread-safe client, the way a reader service connects. */
    public RedisClient pooledClient(String clientName) {
        return RedisClient.builder().hostAndPort(host, port).clientConfig(config(clientName)).build();
    }
}
