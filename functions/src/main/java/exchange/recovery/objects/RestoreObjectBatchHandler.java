package exchange.recovery.objects;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.JsonHandler;

/** Item processor of the Distributed Map: restores one batch of a plan (see {@link BatchRestorer}). */
public class RestoreObjectBatchHandler extends JsonHandler<BatchRef, BatchResult> {

    private static final Logger LOG = LogManager.getLogger(RestoreObjectBatchHandler.class);

    private final BatchRestorer restorer;

    public RestoreObjectBatchHandler() {
        this(ObjectRestoreSettings.from(Env.current()), AwsClients.fromEnvironment());
    }

    private RestoreObjectBatchHandler(ObjectRestoreSettings settings, AwsClients clients) {
        this(restorer(settings, new ObjectStore(clients.s3()), RestoreListener.NONE));
    }

    public RestoreObjectBatchHandler(BatchRestorer restorer) {
        super(BatchRef.class);
        this.restorer = restorer;
    }

    /** The restorer this handler runs, built from the function's settings; {@code listener} is the test seam. */
    public static BatchRestorer restorer(ObjectRestoreSettings settings, ObjectStore store, RestoreListener listener) {
        ExecutorService workers = Executors.newFixedThreadPool(settings.copyParallelism(), runnable -> {
            Thread thread = new Thread(runnable, "object-restore");
            thread.setDaemon(true);
            return thread;
        });
        return new BatchRestorer(store, new Manifests(store, settings.manifestBucket()), workers, listener,
                Clock.systemUTC());
    }

    @Override
    protected BatchResult handle(BatchRef batch, Context context) {
        if (batch.restoreId() == null || batch.batch() < 0) {
            throw new InvalidInput("A batch needs restoreId and a batch number: " + batch);
        }
        BatchResult result = restorer.restore(batch);
        LOG.info("Object restore {} batch {}: {} keys, {}, {} copied now{}", result.restoreId(), result.batch(),
                result.keys(), result.outcomes(), result.copiedNow(), result.resumed() ? " (done before, skipped)" : "");
        return result;
    }
}
