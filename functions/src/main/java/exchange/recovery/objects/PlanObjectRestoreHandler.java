package exchange.recovery.objects;

import java.time.Clock;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;

/**
 * First step of the object restore: validates the console input (or resolves an alarm to its watched
 * bucket and prefix), lists the versions and writes the manifest the Distributed Map reads. A dry run
 * only returns the plan: counts per action and a sample of keys.
 */
public class PlanObjectRestoreHandler extends JsonHandler<ObjectRestoreRequest, RestorePlan> {

    private static final Logger LOG = LogManager.getLogger(PlanObjectRestoreHandler.class);

    private final RestoreRequests requests;
    private final RestorePlanner planner;

    public PlanObjectRestoreHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private PlanObjectRestoreHandler(Env env, AwsClients clients) {
        this(ObjectRestoreSettings.from(env), new ObjectStore(clients.s3()), Clock.systemUTC());
    }

    private PlanObjectRestoreHandler(ObjectRestoreSettings settings, ObjectStore store, Clock clock) {
        this(new RestoreRequests(settings, clock),
                new RestorePlanner(store, new Manifests(store, settings.manifestBucket()), settings.batchSize(),
                        settings.buckets(), clock));
    }

    public PlanObjectRestoreHandler(RestoreRequests requests, RestorePlanner planner) {
        super(ObjectRestoreRequest.class);
        this.requests = requests;
        this.planner = planner;
    }

    @Override
    protected RestorePlan handle(ObjectRestoreRequest request, Context context) {
        RestoreSpec spec = requests.normalise(request);
        RestorePlan plan = planner.plan(spec);
        plan.readiness().stream().filter(bucket -> !bucket.ready()).forEach(bucket ->
                LOG.warn("Bucket {} is not ready for a point-in-time restore: {}", bucket.bucket(), bucket.problem()));
        LOG.info("Object restore {} of s3://{}/{} to {}: {} keys in {} batches, actions {}{}", plan.restoreId(),
                plan.bucket(), plan.prefix(), plan.restoreTime(), plan.keys(), plan.batches(), plan.actions(),
                plan.dryRun() ? " (dry run: nothing changed)" : "");
        return plan;
    }
}
