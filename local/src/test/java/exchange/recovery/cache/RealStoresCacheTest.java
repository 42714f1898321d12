package exchange.recovery.cache;

import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.local.exchange.LocalRedis;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * Cache tests on real stores: the sample exchange in PostgreSQL for the class, a fresh Redis for each test,
 * and the clients the tests read it through.
 */
abstract class RealStoresCacheTest {

    static CacheFixture fixture;

    LocalRedis redis;
    RedisEndpoint endpoint;
    RedisClient client;
    Jedis jedis;
    CacheReader reader;
    ExchangeDatabase database;

    @BeforeAll
    static void loadSampleExchange() throws SQLException {
        fixture = new CacheFixture();
    }

    @AfterAll
    static void stopPostgres() {
        fixture.close();
    }

    @BeforeEach
    void startRedis() {
        redis = LocalRedis.start();
        endpoint = RedisEndpoint.of(redis.host(), redis.port());
        client = endpoint.pooledClient("test-reader");
        jedis = new Jedis(redis.host(), redis.port());
        reader = new CacheReader(client);
        database = fixture.newDatabase();
    }

    @AfterEach
    void stopRedis() {
        jedis.close();
        client.close();
        redis.close();
    }
}
