package exchange.recovery.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates ASL files with the npm {@code asl-validator} (installed by {@code scripts/setup.sh} through
 * {@code npm ci}): JSON schema of every state type, and the graph (a {@code Next} to no state, no terminal
 * state, unreachable states). Path expressions are checked; Resource ARNs are not, since ours are
 * {@code ${Substitution}} placeholders.
 */
public final class AslValidator {

    /** asl-validator prints one {@code CODE: message} line per problem, e.g. {@code MISSING_TRANSITION_TARGET: ...}. */
    private static final Pattern PROBLEM = Pattern.compile("^\\s*([A-Z][A-Z_]+): (.*)$", Pattern.MULTILINE);

    private final Project project;
    private final Path executable;

    /** Uses the validator installed in {@code toolRoot/node_modules}. */
    public AslValidator(Project project, Path toolRoot) {
        this.project = project;
        this.executable = toolRoot.toAbsolutePath().resolve("node_modules/.bin/asl-validator").normalize();
    }

    public List<Finding> check() {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("asl-validator is not installed (" + executable + " is missing): "
                    + "run scripts/setup.sh, which runs npm ci");
        }
        List<Finding> findings = new ArrayList<>();
        for (Path file : project.aslFiles()) {
            findings.addAll(validate(file));
        }
        return findings;
    }

    private List<Finding> validate(Path file) {
        ExternalCommand.Result result = ExternalCommand.run(
                List.of(executable.toString(), "--no-arn-check", "--json-path", file.toAbsolutePath().toString()),
                project.root(), Duration.ofMinutes(1), "asl-validator needs Node.js: run scripts/setup.sh");
        if (result.exitCode() == 0) {
            return List.of();
        }
        String subject = project.relative(file);
        List<Finding> findings = new ArrayList<>();
        Matcher problem = PROBLEM.matcher(result.output());
        while (problem.find()) {
            findings.add(new Finding("asl.invalid", subject, problem.group(1) + ": " + problem.group(2).strip()));
        }
        if (findings.isEmpty()) {
            String firstLines = String.join("\n", result.output().lines().limit(3).toList());
            findings.add(new Finding("asl.invalid", subject, "asl-validator exited with " + result.exitCode()
                    + ": " + firstLines));
        }
        return findings;
    }
}
