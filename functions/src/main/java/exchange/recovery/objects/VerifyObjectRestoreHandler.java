package exchange.recovery.objects;

import java.time.Clock;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.JsonHandler;

/** Last step of the object restore: compares the prefix now with the manifest as at T (see {@link RestoreVerifier}). */
public class VerifyObjectRestoreHandler extends JsonHandler<VerifyObjectRestoreRequest, RestoreReport> {

    private static final Logger LOG = LogManager.getLogger(VerifyObjectRestoreHandler.class);

    private final RestoreVerifier verifier;

    public VerifyObjectRestoreHandler() {
        this(ObjectRestoreSettings.from(Env.current()), AwsClients.fromEnvironment());
    }

    private VerifyObjectRestoreHandler(ObjectRestoreSettings settings, AwsClients clients) {
        this(new RestoreVerifier(new ObjectStore(clients.s3()),
                new Manifests(new ObjectStore(clients.s3()), settings.manifestBucket()), Clock.systemUTC()));
    }

    public VerifyObjectRestoreHandler(RestoreVerifier verifier) {
        super(VerifyObjectRestoreRequest.class);
        this.verifier = verifier;
    }

    @Override
    protected RestoreReport handle(VerifyObjectRestoreRequest request, Context context) {
        if (request.restoreId() == null || request.restoreId().isBlank()) {
            throw new InvalidInput("restoreId is required");
        }
        RestoreReport report = verifier.verify(request.restoreId());
        LOG.info("Object restore {} verified={}: {} keys, {} restored, {} unchanged, {} skipped, {} failed",
                report.restoreId(), report.verified(), report.keys(), report.restored(), report.unchanged(),
                report.skipped(), report.failed());
        return report;
    }
}
