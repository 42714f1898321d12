package exchange.recovery.local.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

class LocalRedisTest {

    @Test
    void start_servesOnALoopbackPortAndKeepsNothingAcrossAKill() {
        try (LocalRedis redis = LocalRedis.start()) {
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                jedis.set("k", "v");
            }

            redis.kill();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> {
                try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                    jedis.ping();
                }
            }).isInstanceOf(JedisConnectionException.class);

            redis.restart();
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                assertThat(jedis.get("k")).isNull();
            }
        }
    }

    @Test
    void startPersistent_bringsBackEveryAcknowledgedWriteAfterAKill() {
        try (LocalRedis redis = LocalRedis.startPersistent()) {
            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                for (int i = 0; i < 100; i++) {
                    jedis.hset("h:" + i, "f", Integer.toString(i));
                }
            }

            redis.kill();
            redis.restart();

            try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
                assertThat(jedis.dbSize()).isEqualTo(100);
                assertThat(jedis.hget("h:99", "f")).isEqualTo("99");
            }
        }
    }
}
