package exchange.recovery.objects;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.ConfigurationMissing;
import exchange.recovery.core.Env;
import exchange.recovery.core.Json;

/**
 * Configuration of the object restore, read once at init: the buckets it may touch (the same list
 * scopes its IAM policy), where its manifests go, and which alarm watches which bucket and prefix.
 */
public record ObjectRestoreSettings(String manifestBucket, Set<String> buckets, List<Watch> watches,
                                    int batchSize, int copyParallelism, Duration alarmLookback) {

    /** An alarm name glob ({@code *} any run of characters) and the bucket and prefix it watches. */
    public record Watch(String alarm, String bucket, String prefix) {

        boolean matches(String alarmName) {
            String regex = Arrays.stream(alarm.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
            return alarmName.matches(regex);
        }
    }

    public ObjectRestoreSettings {
        buckets = Set.copyOf(buckets);
        watches = List.copyOf(watches);
        if (batchSize < 1 || copyParallelism < 1) {
            throw new ConfigurationMissing("OBJECT_RESTORE_BATCH_SIZE and OBJECT_RESTORE_COPY_PARALLELISM must be positive");
        }
        for (Watch watch : watches) {
            if (!buckets.contains(watch.bucket())) {
                throw new ConfigurationMissing("OBJECT_RESTORE_WATCHES names bucket " + watch.bucket()
                        + ", which is not in OBJECT_RESTORE_BUCKETS");
            }
        }
    }

    public static ObjectRestoreSettings from(Env env) {
        Set<String> buckets = Arrays.stream(env.require("OBJECT_RESTORE_BUCKETS").split(","))
                .map(String::trim).filter(name -> !name.isEmpty()).collect(Collectors.toSet());
        List<Watch> watches = new ArrayList<>();
        JsonNode table = Json.read(env.get("OBJECT_RESTORE_WATCHES", "[]"));
        for (JsonNode watch : table) {
            if (!watch.hasNonNull("alarm") || !watch.hasNonNull("bucket")) {
                throw new ConfigurationMissing("OBJECT_RESTORE_WATCHES entries need alarm and bucket: " + watch);
            }
            watches.add(new Watch(watch.get("alarm").asText(), watch.get("bucket").asText(), watch.path("prefix").asText("")));
        }
        return new ObjectRestoreSettings(env.require("OBJECT_RESTORE_MANIFEST_BUCKET"), buckets, watches,
                env.getInt("OBJECT_RESTORE_BATCH_SIZE", 500), env.getInt("OBJECT_RESTORE_COPY_PARALLELISM", 8),
                Duration.ofSeconds(env.getInt("OBJECT_RESTORE_ALARM_LOOKBACK_SECONDS", 600)));
    }

    public java.util.Optional<Watch> watchFor(String alarmName) {
        return watches.stream().filter(watch -> watch.matches(alarmName)).findFirst();
    }
}
