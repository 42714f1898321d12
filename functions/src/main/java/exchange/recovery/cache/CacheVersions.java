package exchange.recovery.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;

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
     * One step of a single pass over one version's keys (SCAN MATCH {@code v<n>:*}): counts the keys of
     * each wanted tag and, for tags flagged '1', their fields too (HLEN). Only numbers travel back.
     * ARGV: cursor, pattern, count, then tag and flag pairs. Returns cursor, then keys and fields per tag.
     */
    private static final String COUNT_STEP = """
            local page = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
            local index, withFields, result = {}, {}, {page[1]}
            for i = 4, #ARGV, 2 do
              local slot = #result + 1
              index[ARGV[i]] = slot
              withFields[ARGV[i]] = ARGV[i + 1] == '1'
              result[slot] = 0
              result[slot + 1] = 0
            end
            for _, key in ipairs(page[2]) do
              local tag = string.match(key, '^v%d+:([^:]+):')
              local slot = tag and index[tag]
              if slot then
                result[slot] = result[slot] + 1
                if withFields[tag] then
                  result[slot + 1] = result[slot + 1] + redis.call('HLEN', key)
                end
              end
            end
            return result
            """;

    /**
     * One step of dropping some keyspaces of one version on the server: SCAN MATCH {@code v<n>:*},
     * UNLINK the keys whose tag is wanted (memory is freed in the background). ARGV: cursor, pattern,
     * count, then the tags. Returns cursor and the number of keys unlinked.
     */
    private static final String DROP_STEP = """
            local page = redis.call('SCAN', ARGV[1], 'MATCH', ARGV[2], 'COUNT', ARGV[3])
            local wanted = {}
            for i = 4, #ARGV do
              wanted[ARGV[i]] = true
            end
            local doomed = {}
            for _, key in ipairs(page[2]) do
              local tag = string.match(key, '^v%d+:([^:]+):')
              if tag and wanted[tag] then
                doomed[#doomed + 1] = key
              end
            end
            local unlinked = 0
            for i = 1, #doomed, 500 do
              unlinked = unlinked + redis.call('UNLINK', unpack(doomed, i, math.min(i + 499, #doomed)))
            end
            return {page[1], unlinked}
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

    /** Registered versions that are not live, with their keyspaces: what failed or abandoned builds left behind. */
    Map<Long, List<Keyspace>> abandoned() {
        Set<String> registered = redis.smembers(CacheKeys.VERSIONS);
        Map<Keyspace, Long> live = live(Keyspaces.ALL);
        Map<Long, List<Keyspace>> abandoned = new TreeMap<>();
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
                abandoned.computeIfAbsent(version, ignored -> new ArrayList<>()).add(keyspace);
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

    /** Keys (and, for variable hashes, fields) of one keyspace of one version, counted on the server. */
    record Count(long keys, long fields) {
    }

    /** Counts the keys of several keyspaces of one version in one pass over the key space. */
    Map<Keyspace, Count> count(long version, List<Keyspace> keyspaces) {
        List<String> arguments = new ArrayList<>(List.of(ScanParams.SCAN_POINTER_START, "v" + version + ":*",
                Integer.toString(scanCount)));
        for (Keyspace keyspace : keyspaces) {
            arguments.add(keyspace.tag());
            arguments.add(keyspace.variableFields() ? "1" : "0");
        }
        long[] totals = new long[keyspaces.size() * 2];
        do {
            List<?> step = (List<?>) redis.eval(COUNT_STEP, List.of(), arguments);
            arguments.set(0, cursor(step.get(0)));
            for (int i = 0; i < totals.length; i++) {
                totals[i] += (Long) step.get(i + 1);
            }
        } while (!ScanParams.SCAN_POINTER_START.equals(arguments.get(0)));
        Map<Keyspace, Count> counts = new LinkedHashMap<>();
        for (int i = 0; i < keyspaces.size(); i++) {
            counts.put(keyspaces.get(i), new Count(totals[2 * i], totals[2 * i + 1]));
        }
        return counts;
    }

    /**
     * Removes every key of some keyspaces of one version in one pass (SCAN and UNLINK on the server,
     * a few thousand keys per step, so the server is never blocked for long), then forgets the
     * version of those keyspaces. Returns the number of keys removed.
     */
    long drop(long version, List<Keyspace> keyspaces) {
        if (keyspaces.isEmpty()) {
            return 0;
        }
        List<String> arguments = new ArrayList<>(List.of(ScanParams.SCAN_POINTER_START, "v" + version + ":*",
                Integer.toString(scanCount)));
        keyspaces.forEach(keyspace -> arguments.add(keyspace.tag()));
        long dropped = 0;
        do {
            List<?> step = (List<?>) redis.eval(DROP_STEP, List.of(), arguments);
            arguments.set(0, cursor(step.get(0)));
            dropped += (Long) step.get(1);
        } while (!ScanParams.SCAN_POINTER_START.equals(arguments.get(0)));
        redis.srem(CacheKeys.VERSIONS, keyspaces.stream()
                .map(keyspace -> CacheKeys.registryMember(keyspace, version)).toArray(String[]::new));
        return dropped;
    }

    private static String cursor(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.US_ASCII) : reply.toString();
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
