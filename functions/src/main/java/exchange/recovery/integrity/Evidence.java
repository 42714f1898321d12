package exchange.recovery.integrity;

import java.util.LinkedHashMap;
import java.util.Map;

/** Evidence maps keep the order their fields were given in, so that reports read the same every time. */
final class Evidence {

    private Evidence() {
    }

    static Map<String, Object> of(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must pair up");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
