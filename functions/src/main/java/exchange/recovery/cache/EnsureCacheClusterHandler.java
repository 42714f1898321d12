package exchange.recovery.cache;

import java.time.Clock;
import java.time.Duration;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Invocation;
import exchange.recovery.core.JsonHandler;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Control-plane step before a cache rebuild: makes sure the ElastiCache replication group exists and
 * its primary serves (create, promote a replica, or replace), waiting a bounded time. Raises
 * {@link CacheClusterNotReady} (retryable) when the group needs longer than one invocation.
 */
public class EnsureCacheClusterHandler extends JsonHandler<EnsureCacheClusterRequest, ClusterState> {

    private static final Logger LOG = LogManager.getLogger(EnsureCacheClusterHandler.class);

    private final CacheClusterControl control;

    public EnsureCacheClusterHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private EnsureCacheClusterHandler(Env env, AwsClients clients) {
        this(new CacheClusterControl(clients.elastiCache(), CacheClusterSpec.from(env),
                new CacheClusterControl.Waiting(Duration.ofSeconds(env.getInt("CACHE_MAX_WAIT_SECONDS", 600)),
                        Duration.ofSeconds(5), Duration.ofSeconds(30)),
                Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis())));
    }

    public EnsureCacheClusterHandler(CacheClusterControl control) {
        super(EnsureCacheClusterRequest.class);
        this.control = control;
    }

    @Override
    protected ClusterState handle(EnsureCacheClusterRequest request, Context context) {
        if (request.incidentId() == null || request.incidentId().isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        ClusterState state = control.ensure(request.incidentId().trim());
        Invocation.metrics().addMetric("CacheClusterActions", "NONE".equals(state.action()) ? 0 : 1, MetricUnit.COUNT);
        LOG.info("Cache cluster {} serves ({}, action {}, waited {} ms)", state.replicationGroupId(), state.status(),
                state.action(), state.waitedMillis());
        return state;
    }
}
