package exchange.recovery.local.drill;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.local.scenarios.ObjectRestoreReport;
import exchange.recovery.report.ReportStep;
import exchange.recovery.local.stack.DrillHarness;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * Reads an object restore back as an operator would: the execution's output (the plan: bucket, prefix, T,
 * trigger), the verification's report.json from the manifest bucket (every listed key, not only the first 50
 * the output carries), and every version under the prefix from ListObjectVersions.
 */
final class ObjectRestoreReports {

    private ObjectRestoreReports() {
    }

    /** The restore's report, or null when the execution ended without a verification (then nothing was verified). */
    static ObjectRestoreReport read(DrillHarness harness, String executionArn) {
        DescribeExecutionResponse execution = harness.aws().clients().stepFunctions()
                .describeExecution(b -> b.executionArn(executionArn));
        if (execution.output() == null) {
            return null;
        }
        JsonNode output = Json.read(execution.output());
        JsonNode plan = output.at("/planned/plan");
        JsonNode verification = output.at("/verification/report");
        if (plan.isMissingNode() || verification.isMissingNode()) {
            return null;
        }
        S3Client s3 = harness.aws().clients().s3();
        JsonNode report = fullReport(s3, verification);
        List<ObjectRestoreReport.Listed> listed = new ArrayList<>();
        report.path("listed").forEach(entry -> listed.add(new ObjectRestoreReport.Listed(entry.path("key").asText(),
                entry.path("outcome").asText(), entry.path("reason").asText())));
        String bucket = plan.path("bucket").asText();
        String prefix = plan.path("prefix").asText();
        return new ObjectRestoreReport(executionArn, execution.statusAsString(), plan.path("restoreId").asText(),
                plan.path("trigger").asText(), bucket, prefix, Instant.parse(plan.path("restoreTime").asText()),
                report.path("keys").asLong(), report.path("restored").asLong(), report.path("unchanged").asLong(),
                report.path("skipped").asLong(), report.path("failed").asLong(), report.path("verified").asBoolean(),
                listed, report.path("reportLocation").asText(), histories(s3, bucket, prefix));
    }

    /** report.json at the report's location; the output's shortened copy when it cannot be read. */
    private static JsonNode fullReport(S3Client s3, JsonNode shortened) {
        String location = shortened.path("reportLocation").asText("");
        if (!location.startsWith("s3://")) {
            return shortened;
        }
        String path = location.substring("s3://".length());
        String bucket = path.substring(0, path.indexOf('/'));
        String key = path.substring(path.indexOf('/') + 1);
        return Json.read(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8));
    }

    /** Every key under the prefix with its versions and delete markers, oldest first (as S3 orders them, reversed). */
    private static Map<String, List<ObjectRestoreReport.Version>> histories(S3Client s3, String bucket, String prefix) {
        Map<String, List<ObjectRestoreReport.Version>> newestFirst = new TreeMap<>();
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            String key = keyMarker;
            String version = versionMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).prefix(prefix)
                    .keyMarker(key).versionIdMarker(version));
            for (ObjectVersion v : page.versions()) {
                newestFirst.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(new ObjectRestoreReport.Version(v.versionId(),
                        v.lastModified(), v.eTag(), false, Boolean.TRUE.equals(v.isLatest())));
            }
            for (DeleteMarkerEntry m : page.deleteMarkers()) {
                newestFirst.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(new ObjectRestoreReport.Version(m.versionId(),
                        m.lastModified(), null, true, Boolean.TRUE.equals(m.isLatest())));
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        Map<String, List<ObjectRestoreReport.Version>> histories = new TreeMap<>();
        newestFirst.forEach((key, versions) -> histories.put(key, versions.stream()
                .sorted(java.util.Comparator.comparing(ObjectRestoreReport.Version::lastModified).reversed()).toList().reversed()));
        return histories;
    }

    /** The restore's report as Markdown: what was restored to when, the counts, the versions, the listed keys. */
    static String markdown(ObjectRestoreReport report, List<ReportStep> steps) {
        StringBuilder md = new StringBuilder();
        md.append("# Object restore — ").append(report.restoreId()).append("\n\n");
        md.append("- Restored: `s3://").append(report.bucket()).append('/').append(report.prefix()).append("` as at ")
                .append(report.restoreTime()).append('\n');
        md.append("- Started by: ").append(report.trigger()).append('\n');
        md.append("- Execution: `").append(report.executionArn()).append("` — ").append(report.status()).append('\n');
        md.append("- **Verification: ").append(report.verified() ? "passed" : "FAILED").append("**\n");
        md.append("- Report: ").append(report.reportLocation()).append("\n\n");
        md.append("| keys | restored | unchanged | skipped | failed |\n|---:|---:|---:|---:|---:|\n");
        md.append("| ").append(report.keys()).append(" | ").append(report.restored()).append(" | ").append(report.unchanged())
                .append(" | ").append(report.skipped()).append(" | ").append(report.failed()).append(" |\n\n");
        Map<Long, Long> byCopies = new TreeMap<>();
        report.histories().keySet().forEach(key -> byCopies.merge(report.copiesForward(key), 1L, Long::sum));
        md.append("Read back with ListObjectVersions: ").append(report.histories().size()).append(" keys under the prefix; ")
                .append("keys by copies forward of their version at T: ").append(byCopies).append(".\n");
        if (!steps.isEmpty()) {
            Instant start = steps.get(0).startedAt();
            md.append("\n## Steps\n\n| step | kind | status | at | took | detail |\n|---|---|---|---:|---:|---|\n");
            for (ReportStep step : steps) {
                md.append("| ").append(step.state()).append(" | ").append(step.kind().label()).append(" | ").append(step.status())
                        .append(" | +").append(seconds(start, step.startedAt())).append(" s | ")
                        .append(step.endedAt() == null ? "—" : seconds(step.startedAt(), step.endedAt()) + " s").append(" | ")
                        .append(step.detail() == null ? "" : step.detail().replace('|', '/').replace('\n', ' ')).append(" |\n");
            }
        }
        if (!report.listed().isEmpty()) {
            md.append("\n## Listed keys (").append(report.listed().size()).append(")\n\n| key | outcome | reason |\n|---|---|---|\n");
            report.listed().stream().limit(100).forEach(entry -> md.append("| `").append(entry.key()).append("` | ")
                    .append(entry.outcome()).append(" | ").append(entry.reason()).append(" |\n"));
            if (report.listed().size() > 100) {
                md.append("\n… and ").append(report.listed().size() - 100).append(" more in report.json.\n");
            }
        }
        return md.toString();
    }

    /** The same, as a self-contained HTML page. */
    static String html(ObjectRestoreReport report, List<ReportStep> steps) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Object restore ")
                .append(escape(report.restoreId())).append("</title></head><body><pre>");
        html.append(escape(markdown(report, steps)));
        return html.append("</pre></body></html>\n").toString();
    }

    private static String seconds(Instant from, Instant to) {
        return String.valueOf(java.time.Duration.between(from, to).toMillis() / 100 / 10.0);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
