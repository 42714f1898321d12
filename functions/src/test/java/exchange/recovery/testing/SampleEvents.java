package exchange.recovery.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.Json;

/** The sample events of the repository's events/ folder (the same files feed sam local invoke). */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static ObjectNode load(String file) {
        try (InputStream in = SampleEvents.class.getResourceAsStream("/events/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("No sample event events/" + file);
            }
            JsonNode node = Json.MAPPER.readTree(in);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String file) {
        return Json.write(load(file));
    }
}
