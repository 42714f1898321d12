package exchange.recovery.report;

import java.time.Clock;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Env;
import exchange.recovery.core.JsonHandler;
import exchange.recovery.incident.IncidentStore;

/**
 * The plan's last step: writes the incident's recovery report (Markdown and HTML) to S3, the same
 * report the local drill writes.
 *
 * <p>Input ({@link WriteRecoveryReportRequest}), e.g. from the plan's success and failure paths:
 * <pre>{@code
 * "Payload": {
 *   "incidentId.$": "$.incident.record.incidentId",
 *   "executionArn.$": "$$.Execution.Id",
 *   "status": "SUCCEEDED"                      // or "FAILED", with "error.$": "$.failure.Error", "cause.$": "$.failure.Cause"
 * }
 * }</pre>
 * Output ({@link WriteRecoveryReportResult}): bucket, the two keys, and the verdict.
 *
 * <p>Configuration: {@code INCIDENT_TABLE}, {@code REPORT_BUCKET}, {@code REPORT_PREFIX} (default {@code recovery-reports/}).
 * Errors: {@link exchange.recovery.incident.IncidentNotFound}, {@link ExecutionNotFound} and
 * {@link exchange.recovery.core.InvalidInput} are final; {@link exchange.recovery.core.TransientFailure} is worth retrying.
 */
public class WriteRecoveryReportHandler extends JsonHandler<WriteRecoveryReportRequest, WriteRecoveryReportResult> {

    private static final Logger LOG = LogManager.getLogger(WriteRecoveryReportHandler.class);

    private final RecoveryReportWriter writer;

    public WriteRecoveryReportHandler() {
        this(Env.current(), AwsClients.fromEnvironment());
    }

    private WriteRecoveryReportHandler(Env env, AwsClients clients) {
        this(new RecoveryReportWriter(new IncidentStore(clients.dynamoDb(), env.require("INCIDENT_TABLE")),
                new ExecutionTraces(clients.stepFunctions()), new S3ReportStore(clients.s3(), env.require("REPORT_BUCKET")),
                env.get("REPORT_PREFIX", "recovery-reports/"), Clock.systemUTC()));
    }

    public WriteRecoveryReportHandler(RecoveryReportWriter writer) {
        super(WriteRecoveryReportRequest.class);
        this.writer = writer;
    }

    @Override
    protected WriteRecoveryReportResult handle(WriteRecoveryReportRequest request, Context context) {
        WriteRecoveryReportResult result = writer.write(request);
        LOG.info("Recovery report of {} written to s3://{}/{} (verdict {})", result.incidentId(), result.bucket(),
                result.htmlKey(), result.verdict());
        return result;
    }
}
