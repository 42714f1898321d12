package exchange.recovery.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The control keys of the cache on one Redis connection: the version pointer, the version counter,
 * the registry of versions that may hold keys, the rebuild lease, and the server-side counting and
 * dropping of a version's keys.
 */
final class CacheVersions {

    /** Moves the pointer of every keyspace at once, only if each still shows the version the build started from and the lease is still ours. */
    private static final String SWITCH = """
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then
              return {-1}
            end
            for i = 2, #ARGV, 3 do
              local current = redis.call('HGET', KEYS[1], ARGV[i])
              if not current then current = '' end
              if current ~= ARGV[i + 1] then
                return {0, ARGV[i], current}
              end
            end
            for i = 2, #ARGV, 3 do
              redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
            end
            return {1}
            """;

    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """;

    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    /**
     * One step of counting a version's keys on the server: SCAN with MATCH, and for hashes with a
     * variable number of fields, HLEN of each match. Only numbers come back over the network.
     */
    private static final String COUNT_STEP = """
            local page = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
            local keys = page[2]
            local fields = 0
            if ARGV[4] == '1' then
              for i = 1, #keys do
                fields = fields + redis.call('HLEN', keys[i])
              end
            end
            return {page[1], #keys, fields}
            """;

    private final Jedis redis;
    private final int scanCount;

    CacheVersions(Jedis redis, int scanCount) {
        this.redis = redis;
        this.scanCount = scanCount;
    }

    Jedis redis() {
        return redis;
    }

    /** Live version of each keyspace; keyspaces that were never built are absent. */
    Map<Keyspace, Long> live(List<Keyspace> keyspaces) {
        List<String> values = redis.hmget(CacheKeys.LIVE, keyspaces.stream().map(Keyspace::name).toArray(String[]::new));
        Map<Keyspace, Long> live = new LinkedHashMap<>();
        for (int i = 0; i < keyspaces.size(); i++) {
            if (values.get(i) != null) {
                live.put(keyspaces.get(i), Long.parseLong(values.get(i)));
            }
        }
        return live;
    }

    /** A new version number, registered for each keyspace before any of its keys is written. */
    long allocate(List<Keyspace> keyspaces) {
        long version = redis.incr(CacheKeys.SEQUENCE);
        redis.sadd(CacheKeys.VERSIONS, keyspaces.stream()
                .map(keyspace -> CacheKeys.registryMember(keyspace, version)).toArray(String[]::new));
        return version;
    }

    /** Registered versions that are not live: what failed or abandoned builds left behind. */
    Map<Keyspace, List<Long>> abandoned() {
        Set<String> registered = redis.smembers(CacheKeys.VERSIONS);
        Map<Keyspace, Long> live = live(Keyspaces.ALL);
        Map<Keyspace, List<Long>> abandoned = new HashMap<>();
        for (String member : registered) {
            int colon = member.lastIndexOf(':');
            Keyspace keyspace = Keyspaces.ALL.stream().filter(candidate -> candidate.name().equals(member.substring(0, colon)))
                    .findFirst().orElse(null);
            if (keyspace == null) {
                redis.srem(CacheKeys.VERSIONS, member);
                continue;
            }
            long version = Long.parseLong(member.substring(colon + 1));
            if (!Long.valueOf(version).equals(live.get(keyspace))) {
                abandoned.computeIfAbsent(keyspace, ignored -> new ArrayList<>()).add(version);
            }
        }
        return abandoned;
    }

    Lease acquire(String owner, Duration ttl) {
        String reply = redis.set(CacheKeys.LEASE, owner, SetParams.setParams().nx().px(ttl.toMillis()));
        if (!"OK".equals(reply)) {
            String holder = redis.get(CacheKeys.LEASE);
            long remaining = redis.pttl(CacheKeys.LEASE);
            throw new RebuildInProgress("Another cache rebuild holds the lease (" + holder + ", "
                    + Math.max(remaining, 0) + " ms left)");
        }
        return new Lease(owner, ttl);
    }

    /** Outcome of a switch attempt. */
    record SwitchOutcome(boolean switched, boolean leaseLost, String keyspace, String found) {
    }

    SwitchOutcome switchTo(Lease lease, Map<Keyspace, Long> expected, long version, List<Keyspace> keyspaces) {
        List<String> arguments = new ArrayList<>();
        arguments.add(lease.owner);
        for (Keyspace keyspace : keyspaces) {
            Long previous = expected.get(keyspace);
            arguments.add(keyspace.name());
            arguments.add(previous == null ? "" : previous.toString());
            arguments.add(Long.toString(version));
        }
        List<?> reply = (List<?>) redis.eval(SWITCH, List.of(CacheKeys.LIVE, CacheKeys.LEASE), arguments);
        long code = (Long) reply.get(0);
        if (code == 1) {
            return new SwitchOutcome(true, false, null, null);
        }
        if (code == -1) {
            return new SwitchOutcome(false, true, null, null);
        }
        return new SwitchOutcome(false, false, (String) reply.get(1), (String) reply.get(2));
    }

    /** Keys (and, for variable hashes, fields) of one version of one keyspace, counted on the server. */
    record Count(long keys, long fields) {
    }

    Count count(Keyspace keyspace, long version) {
        String cursor = ScanParams.SCAN_POINTER_START;
        String pattern = CacheKeys.prefix(version, keyspace) + "*";
        String withFields = keyspace.variableFields() ? "1" : "0";
        long keys = 0;
        long fields = 0;
        do {
            List<?> step = (List<?>) redis.eval(COUNT_STEP, List.of(),
                    List.of(cursor, pattern, Integer.toString(scanCount), withFields));
            cursor = step.get(0) instanceof byte[] bytes ? new String(bytes) : step.get(0).toString();
            keys += (Long) step.get(1);
            fields += (Long) step.get(2);
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return new Count(keys, fields);
    }

    /**
     * Removes every key of one version with SCAN and UNLINK (freed in the background, never blocking
     * the server on a big version), then forgets the version. Returns the number of keys removed.
     */
    long drop(Keyspace keyspace, long version) {
        ScanParams params = new ScanParams().match(CacheKeys.prefix(version, keyspace) + "*").count(scanCount);
        String cursor = ScanParams.SCAN_POINTER_START;
        long dropped = 0;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            cursor = page.getCursor();
            List<String> keys = page.getResult();
            if (!keys.isEmpty()) {
                dropped += redis.unlink(keys.toArray(String[]::new));
            }
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        redis.srem(CacheKeys.VERSIONS, CacheKeys.registryMember(keyspace, version));
        return dropped;
    }

    /** The one-rebuild-at-a-time lease, renewed while the build makes progress. */
    final class Lease {

        private final String owner;
        private final Duration ttl;

        private Lease(String owner, Duration ttl) {
            this.owner = owner;
            this.ttl = ttl;
        }

        String owner() {
            return owner;
        }

        Duration ttl() {
            return ttl;
        }

        void renew() {
            Object renewed = redis.eval(RENEW, List.of(CacheKeys.LEASE), List.of(owner, Long.toString(ttl.toMillis())));
            if (!Long.valueOf(1).equals(renewed)) {
                throw new RebuildLeaseLost("The rebuild lease of " + owner + " expired or was taken over; nothing was switched");
            }
        }

        void release() {
            redis.eval(RELEASE, List.of(CacheKeys.LEASE), List.of(owner));
        }
    }
}
