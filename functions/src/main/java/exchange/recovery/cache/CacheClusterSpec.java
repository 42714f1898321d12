package exchange.recovery.cache;

import java.util.Arrays;
import java.util.List;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;

/**
 * The ElastiCache replication group the cache lives in (cluster mode disabled: one shard, one primary
 * and its replicas), as configured: what {@link CacheClusterControl} checks and, when the group is gone,
 * creates again.
 */
public record CacheClusterSpec(String replicationGroupId, String description, String engine, String engineVersion,
                               String nodeType, int numCacheClusters, boolean automaticFailover, boolean multiAz,
                               String subnetGroupName, List<String> securityGroupIds, String parameterGroupName, int port,
                               boolean transitEncryption, boolean atRestEncryption) {

    public CacheClusterSpec {
        if (replicationGroupId == null || !replicationGroupId.matches("[a-z][a-z0-9-]{0,39}") || replicationGroupId.endsWith("-")
                || replicationGroupId.contains("--")) {
            throw new ConfigurationMissing("CACHE_REPLICATION_GROUP_ID (1-40 lower-case letters, digits and single hyphens, "
                    + "starting with a letter): " + replicationGroupId);
        }
        if (numCacheClusters < 1 || numCacheClusters > 6) {
            throw new ConfigurationMissing("CACHE_NUM_CACHE_CLUSTERS (1 to 6): " + numCacheClusters);
        }
        if (automaticFailover && numCacheClusters < 2) {
            throw new ConfigurationMissing("CACHE_NUM_CACHE_CLUSTERS (automatic failover needs a replica: at least 2)");
        }
        if (multiAz && !automaticFailover) {
            throw new ConfigurationMissing("CACHE_AUTOMATIC_FAILOVER (Multi-AZ needs automatic failover)");
        }
        securityGroupIds = List.copyOf(securityGroupIds);
    }

    public static CacheClusterSpec from(Env env) {
        return new CacheClusterSpec(
                env.require("CACHE_REPLICATION_GROUP_ID"),
                env.get("CACHE_DESCRIPTION", "Exchange caches (rebuilt from PostgreSQL by exchange-recovery)"),
                env.get("CACHE_ENGINE", "redis"),
                env.find("CACHE_ENGINE_VERSION").orElse(null),
                env.require("CACHE_NODE_TYPE"),
                env.getInt("CACHE_NUM_CACHE_CLUSTERS", 2),
                bool(env, "CACHE_AUTOMATIC_FAILOVER", true),
                bool(env, "CACHE_MULTI_AZ", true),
                env.find("CACHE_SUBNET_GROUP").orElse(null),
                Arrays.stream(env.get("CACHE_SECURITY_GROUP_IDS", "").split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList(),
                env.find("CACHE_PARAMETER_GROUP").orElse(null),
                env.getInt("CACHE_REDIS_PORT", 6379),
                bool(env, "CACHE_TRANSIT_ENCRYPTION", true),
                bool(env, "CACHE_AT_REST_ENCRYPTION", true));
    }

    private static boolean bool(Env env, String name, boolean fallback) {
        String value = env.get(name, Boolean.toString(fallback));
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new ConfigurationMissing(name + " (true or false): " + value);
        }
        return Boolean.parseBoolean(value);
    }
}
