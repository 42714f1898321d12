package exchange.recovery.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import exchange.recovery.local.template.SamTemplate;

/**
 * The files the conformance checks read: the SAM template and the ASL files in {@code statemachines/}.
 * {@link #current()} is this repository; tests make broken copies elsewhere.
 */
public record Project(Path root, Path template) {

    public static final String ASL_SUFFIX = ".asl.json";

    public Project {
        root = root.toAbsolutePath().normalize();
        template = root.resolve(template).normalize();
    }

    /** The repository the tests run in (the build sets {@code project.root}; else the working directory). */
    public static Project current() {
        return new Project(Path.of(System.getProperty("project.root", ".")), Path.of("template.yaml"));
    }

    public Path stateMachines() {
        return root.resolve("statemachines");
    }

    public SamTemplate loadTemplate() {
        return SamTemplate.load(template);
    }

    /** Every {@code statemachines/*.asl.json}, sorted by name. */
    public List<Path> aslFiles() {
        if (!Files.isDirectory(stateMachines())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(stateMachines())) {
            return files.filter(file -> file.getFileName().toString().endsWith(ASL_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path as the project writes it (relative to the root, with forward slashes). */
    public String relative(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return (absolute.startsWith(root) ? root.relativize(absolute) : absolute).toString().replace('\\', '/');
    }
}
