package exchange.recovery.local.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import exchange.recovery.core.Json;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.local.scenarios.ObjectRestoreReport;
import exchange.recovery.report.HtmlReport;
import exchange.recovery.report.MarkdownReport;
import exchange.recovery.report.RecoveryReport;
import exchange.recovery.report.ReportStep;

/**
 * Writes a drill's files: the followed plan's report in three forms (the recovery report, or an object restore's),
 * the drill's summary, and the emulator's log.
 */
final class ReportFiles {

    static final String MARKDOWN = "recovery-report.md";
    static final String HTML = "recovery-report.html";
    static final String JSON = "recovery-report.json";
    static final String SUMMARY = "drill.md";
    static final String HANDLER_LOG = "handlers.log";
    static final String EMULATOR_LOG = "emulator.log";
    static final String OBJECT_RESTORE_MARKDOWN = "object-restore-report.md";
    static final String OBJECT_RESTORE_HTML = "object-restore-report.html";
    static final String OBJECT_RESTORE_JSON = "object-restore-report.json";

    private ReportFiles() {
    }

    static List<Path> write(Path directory, RecoveryReport report, String summary, Path emulatorLog) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            if (report != null) {
                files.add(Files.writeString(directory.resolve(MARKDOWN), MarkdownReport.render(report)));
                files.add(Files.writeString(directory.resolve(HTML), HtmlReport.render(report)));
                files.add(Files.writeString(directory.resolve(JSON),
                        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report)));
            }
            files.add(Files.writeString(directory.resolve(SUMMARY), summary));
            if (emulatorLog != null && Files.exists(emulatorLog)) {
                files.add(Files.copy(emulatorLog, directory.resolve(EMULATOR_LOG), StandardCopyOption.REPLACE_EXISTING));
            }
            Path handlers = directory.resolve(HANDLER_LOG);
            if (Files.exists(handlers)) {
                files.add(handlers);
            }
            return files;
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot write the drill's files to " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The object restore's report (counts, versions read back, listed keys) beside the recovery report. */
    static List<Path> writeObjectRestore(Path directory, ObjectRestoreReport report, List<ReportStep> steps) {
        try {
            Files.createDirectories(directory);
            java.util.Map<String, Object> counts = new java.util.LinkedHashMap<>();
            counts.put("restoreId", report.restoreId());
            counts.put("execution", report.executionArn());
            counts.put("status", report.status());
            counts.put("trigger", report.trigger());
            counts.put("bucket", report.bucket());
            counts.put("prefix", report.prefix());
            counts.put("restoreTime", report.restoreTime().toString());
            counts.put("keys", report.keys());
            counts.put("restored", report.restored());
            counts.put("unchanged", report.unchanged());
            counts.put("skipped", report.skipped());
            counts.put("failed", report.failed());
            counts.put("verified", report.verified());
            counts.put("listed", report.listed());
            counts.put("reportLocation", report.reportLocation());
            return List.of(
                    Files.writeString(directory.resolve(OBJECT_RESTORE_MARKDOWN), ObjectRestoreReports.markdown(report, steps)),
                    Files.writeString(directory.resolve(OBJECT_RESTORE_HTML), ObjectRestoreReports.html(report, steps)),
                    Files.writeString(directory.resolve(OBJECT_RESTORE_JSON),
                            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(counts)));
        } catch (IOException e) {
            throw new LocalRuntimeException("Cannot write the object restore's report to " + directory + ": " + e.getMessage(), e);
        }
    }
}
