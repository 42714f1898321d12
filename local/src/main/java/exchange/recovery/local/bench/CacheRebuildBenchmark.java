package exchange.recovery.local.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import exchange.recovery.cache.CacheKeys;
import exchange.recovery.cache.CacheRebuilder;
import exchange.recovery.cache.Keyspace;
import exchange.recovery.cache.Keyspaces;
import exchange.recovery.cache.RebuildOptions;
import exchange.recovery.cache.RebuildListener;
import exchange.recovery.cache.RebuildReport;
import exchange.recovery.cache.RebuildRequest;
import exchange.recovery.cache.RedisEndpoint;
import exchange.recovery.db.CredentialSource;
import exchange.recovery.db.DatabaseCredentials;
import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.db.JdbcEndpoint;
import exchange.recovery.local.exchange.LocalPostgres;
import exchange.recovery.local.exchange.LocalRedis;
import exchange.recovery.local.LocalRuntimeException;
import redis.clients.jedis.Jedis;

/**
 * Benchmark of the cache rebuild (run through {@code scripts/bench-cache-rebuild}, in a JVM limited to
 * 256 MB of heap): loads the sample exchange into a throw-away PostgreSQL, rebuilds the cache into a
 * fresh Redis, then loads the very same keys into a second fresh Redis with {@code redis-cli --pipe}
 * from a RESP file generated from the same rows, and prints both rates, their ratio and our peak heap.
 *
 * <p>Arguments: {@code [customers]} (default 1,700,000: three balances per customer plus open orders,
 * about 5.3 million keys).
 */
public final class CacheRebuildBenchmark {

    private static final long MB = 1024 * 1024;

    private CacheRebuildBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_700_000;
        HeapWatch heap = new HeapWatch();
        Path work = Files.createTempDirectory(Path.of("/tmp"), "cache-rebuild-bench-");
        try (LocalPostgres postgres = LocalPostgres.start()) {
            say("Loading the sample exchange with %,d customers into PostgreSQL ...", customers);
            long loadStarted = System.nanoTime();
            try (Connection connection = postgres.connect()) {
                BenchData.load(connection, customers);
            }
            say("  loaded in %.1f s", seconds(loadStarted));
            ExchangeDatabase source = new ExchangeDatabase(JdbcEndpoint.parse(postgres.jdbcUrl()),
                    CredentialSource.fixed(new DatabaseCredentials(postgres.user(), "")), ExchangeDatabase.Options.defaults());

            RebuildReport report;
            long ourKeys;
            double ourRedisCpuLoad;
            double ourRedisCpuTotal;
            long ourTotalMillis;
            try (LocalRedis redis = LocalRedis.start()) {
                say("Rebuilding the cache into a fresh Redis (port %d) ...", redis.port());
                heap.reset();
                double cpuBefore = redisCpuSeconds(redis);
                double[] cpuAtLoaded = new double[1];
                long started = System.nanoTime();
                report = new CacheRebuilder(source, RedisEndpoint.of(redis.host(), redis.port()), RebuildOptions.defaults(),
                        new RebuildListener() {
                            @Override
                            public void loaded(long version) {
                                cpuAtLoaded[0] = redisCpuSeconds(redis);
                            }
                        }).rebuild(RebuildRequest.all("BENCH"));
                ourTotalMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                ourRedisCpuLoad = cpuAtLoaded[0] - cpuBefore;
                ourRedisCpuTotal = redisCpuSeconds(redis) - cpuBefore;
                ourKeys = dataKeys(redis);
            }
            long peak = heap.peakUsed();
            long poolPeaks = heap.poolPeaksSum();
            long collections = heap.collections();

            Path resp = work.resolve("keys.resp");
            say("Writing the same keys as a RESP file for redis-cli --pipe ...");
            long commands = writeResp(source, resp);
            long pipeKeys;
            long pipeMillis;
            double pipeRedisCpu;
            try (LocalRedis redis = LocalRedis.start()) {
                say("Loading them into a second fresh Redis (port %d) with redis-cli --pipe ...", redis.port());
                double cpuBefore = redisCpuSeconds(redis);
                long started = System.nanoTime();
                String output = pipe(redis, resp);
                pipeMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                pipeRedisCpu = redisCpuSeconds(redis) - cpuBefore;
                pipeKeys = dataKeys(redis);
                say("  redis-cli: %s", output.strip().replace('\n', ' '));
            }

            long ourLoadRate = report.keysPerSecond();
            long ourTotalRate = ourKeys * 1000 / Math.max(1, ourTotalMillis);
            long pipeRate = pipeKeys * 1000 / Math.max(1, pipeMillis);
            say("");
            say("Cache rebuild benchmark (%,d customers, %,d HSET commands in the RESP file)", customers, commands);
            say("  keys                          ours %,d   redis-cli --pipe %,d", ourKeys, pipeKeys);
            say("  redis-cli --pipe              %,d keys/s (%,d ms)", pipeRate, pipeMillis);
            say("  ours, load phase              %,d keys/s (%,d ms: stream from PostgreSQL + pipelined HSET)",
                    ourLoadRate, report.durationsMillis().load());
            say("  ours, whole rebuild           %,d keys/s (%,d ms: + verify %,d ms, switch %,d ms, lease and cleanup)",
                    ourTotalRate, ourTotalMillis, report.durationsMillis().verify(), report.durationsMillis().switchOver());
            say("  ratio load / redis-cli        %.2f", (double) ourLoadRate / pipeRate);
            say("  ratio whole / redis-cli       %.2f", (double) ourTotalRate / pipeRate);
            say("  redis-server CPU              redis-cli --pipe %.1f s; ours %.1f s for the load, %.1f s in all",
                    pipeRedisCpu, ourRedisCpuLoad, ourRedisCpuTotal);
            say("  peak heap used (before GC)    %d MB of %d MB max (%d collections; sum of pool peaks %d MB)",
                    peak / MB, HeapWatch.maxHeap() / MB, collections, poolPeaks / MB);
            say("  verification                  %s", report.verification().summary());
            if (ourKeys != pipeKeys) {
                throw new IllegalStateException("Key counts differ: ours " + ourKeys + ", redis-cli " + pipeKeys);
            }
        } finally {
            try (var files = Files.list(work)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    /** Keys of the cache keyspaces (the control keys under {@code cache:} left out). */
    private static long dataKeys(LocalRedis redis) {
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            long controlKeys = List.of(CacheKeys.LIVE, CacheKeys.SEQUENCE, CacheKeys.VERSIONS, CacheKeys.LEASE).stream()
                    .filter(jedis::exists).count();
            return jedis.dbSize() - controlKeys;
        }
    }

    /** CPU time the server has used (user + system), from INFO cpu: a measure that other load on the machine barely moves. */
    private static double redisCpuSeconds(LocalRedis redis) {
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            double seconds = 0;
            for (String line : jedis.info("cpu").split("\r\n")) {
                if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                    seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1));
                }
            }
            return seconds;
        }
    }

    /** The same rows as the rebuild, from one snapshot, as version 1 keys. */
    private static long writeResp(ExchangeDatabase source, Path file) throws SQLException, IOException {
        try (Connection connection = source.connect(ExchangeDatabase.PRIMARY); RespFileWriter writer = new RespFileWriter(file)) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            for (Keyspace keyspace : Keyspaces.ALL) {
                keyspace.load(connection, CacheKeys.prefix(1, keyspace).getBytes(StandardCharsets.UTF_8), writer);
            }
            connection.commit();
            say("  %,d keys, %,d commands, %,d MB", writer.keys(), writer.commands(), Files.size(file) / MB);
            return writer.commands();
        }
    }

    private static String pipe(LocalRedis redis, Path resp) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("redis-cli", "-h", redis.host(), "-p", String.valueOf(redis.port()), "--pipe")
                .redirectInput(resp.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || !output.contains("errors: 0")) {
            throw new LocalRuntimeException("redis-cli --pipe failed: " + output);
        }
        return output;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void say(String format, Object... values) {
        System.out.printf(Locale.ROOT, format + "%n", values);
    }
}
