package exchange.recovery.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs the emulator launcher's own suite (pytest), which proves each moto patch against a live
 * server, so that the build fails when a patch stops working (for example after a moto upgrade).
 */
class MotoLauncherPatchesTest {

    @Test
    void everyEmulatorPatch_passesItsPytestSuite() throws Exception {
        Process pytest = new ProcessBuilder("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "src/test/python")
                .redirectErrorStream(true).start();
        pytest.getOutputStream().close();
        String output = new String(pytest.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(pytest.waitFor(5, TimeUnit.MINUTES)).as("pytest finished").isTrue();

        assertThat(pytest.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("\\d+ passed");
    }
}
