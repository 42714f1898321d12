package exchange.recovery.local.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import exchange.recovery.core.Json;
import exchange.recovery.local.LocalRuntimeException;
import exchange.recovery.report.HtmlReport;
import exchange.recovery.report.MarkdownReport;
import exchange.recovery.report.RecoveryReport;

/** Writes a drill's files: the recovery report in three forms, the drill's summary, and the emulator's log. */
final class ReportFiles {

    static final String MARKDOWN = "recovery-report.md";
    static final String HTML = "recovery-report.html";
    static final String JSON = "recovery-report.json";
    static final String SUMMARY = "drill.md";
    static final String HANDLER_LOG = "handlers.log";
    static final String EMULATOR_LOG = "emulator.log";

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
}
