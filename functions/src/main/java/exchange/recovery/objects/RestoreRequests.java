package exchange.recovery.objects;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a console input or an alarm event into a {@link RestoreSpec}, collecting every problem in one
 * {@link InvalidObjectRestoreInput}. The restore id is derived from what is restored (bucket, prefix,
 * time, option), so starting the same restore again resumes it instead of starting over.
 */
public final class RestoreRequests {

    private static final Pattern INCIDENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern RESTORE_ID = Pattern.compile("(undo-)?os-[0-9a-f]{16}");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private final ObjectRestoreSettings settings;
    private final Clock clock;

    public RestoreRequests(ObjectRestoreSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public RestoreSpec normalise(ObjectRestoreRequest request) {
        if (request.fromAlarm()) {
            return fromAlarm(request);
        }
        List<String> problems = new ArrayList<>();
        String incidentId = request.incidentId();
        if (incidentId == null || !INCIDENT.matcher(incidentId).matches()) {
            problems.add("incidentId is required (letters, digits, '.', '_', '-')");
        }
        if (request.undo() != null) {
            if (!RESTORE_ID.matcher(request.undo()).matches() || request.undo().startsWith("undo-")) {
                problems.add("undo \"" + request.undo() + "\" is not the id of a restore (os-<16 hex digits>)");
            }
            fail(problems);
            return new RestoreSpec("undo-" + request.undo(), incidentId, null, null, null, NewObjects.KEEP,
                    Boolean.TRUE.equals(request.dryRun()), request.undo(), request.requestedBy() == null ? "console" : request.requestedBy());
        }
        String bucket = request.bucket();
        if (bucket == null || bucket.isBlank()) {
            problems.add("bucket is required");
        } else if (!settings.buckets().contains(bucket)) {
            problems.add("bucket " + bucket + " is not one this restore may touch " + settings.buckets().stream().sorted().toList());
        }
        Instant restoreTime = null;
        Instant now = clock.instant();
        if (request.restoreTime() != null) {
            restoreTime = time("restoreTime", request.restoreTime(), problems);
        } else if (request.damageStartedAt() != null) {
            Instant damage = time("damageStartedAt", request.damageStartedAt(), problems);
            restoreTime = damage == null ? null : justBefore(damage);
        } else {
            problems.add("restoreTime or damageStartedAt is required");
        }
        if (restoreTime != null && restoreTime.isAfter(now)) {
            problems.add("restore time " + restoreTime + " is in the future (now " + now + ")");
        }
        NewObjects newObjects = newObjects(request.newObjects(), problems);
        fail(problems);
        String prefix = request.prefix() == null ? "" : request.prefix();
        return spec(incidentId, bucket, prefix, restoreTime, newObjects, Boolean.TRUE.equals(request.dryRun()),
                request.requestedBy() == null ? "console" : request.requestedBy());
    }

    private RestoreSpec fromAlarm(ObjectRestoreRequest event) {
        String alarmName = event.detail() == null ? "" : event.detail().path("alarmName").asText("");
        ObjectRestoreSettings.Watch watch = settings.watchFor(alarmName).orElseThrow(() -> new InvalidObjectRestoreInput(
                "Alarm '" + alarmName + "' watches no bucket: add it to OBJECT_RESTORE_WATCHES"));
        if (!"ALARM".equals(event.detail().path("state").path("value").asText())) {
            throw new InvalidObjectRestoreInput("Alarm '" + alarmName + "' is not in ALARM: nothing to restore");
        }
        List<String> problems = new ArrayList<>();
        Instant alarmTime = time("time", event.time(), problems);
        fail(problems);
        // The alarm fires after its evaluation window: the damage began up to that long before it.
        Instant restoreTime = alarmTime.minus(settings.alarmLookback()).truncatedTo(ChronoUnit.SECONDS);
        String incidentId = "S3-" + alarmName.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + MINUTE.format(alarmTime);
        return spec(incidentId.length() > 64 ? incidentId.substring(0, 64) : incidentId, watch.bucket(), watch.prefix(),
                restoreTime, NewObjects.KEEP, false, "alarm " + alarmName);
    }

    private static RestoreSpec spec(String incidentId, String bucket, String prefix, Instant restoreTime,
                                    NewObjects newObjects, boolean dryRun, String trigger) {
        String identity = bucket + "\n" + prefix + "\n" + restoreTime + "\n" + newObjects;
        return new RestoreSpec("os-" + sha256(identity).substring(0, 16), incidentId, bucket, prefix, restoreTime,
                newObjects, dryRun, null, trigger);
    }

    /** S3 keeps modification times to the second: "just before" is the last whole second before the damage. */
    static Instant justBefore(Instant damage) {
        Instant second = damage.truncatedTo(ChronoUnit.SECONDS);
        return second.equals(damage) ? second.minus(Duration.ofSeconds(1)) : second;
    }

    private static Instant time(String field, String value, List<String> problems) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            problems.add(field + " \"" + value + "\" is not an ISO-8601 time such as 2026-12-08T01:00:00Z");
            return null;
        }
    }

    private static NewObjects newObjects(String value, List<String> problems) {
        if (value == null) {
            return NewObjects.KEEP;
        }
        try {
            return NewObjects.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            problems.add("newObjects \"" + value + "\" is not one of [keep, delete-marker]");
            return null;
        }
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidObjectRestoreInput("Invalid object restore input (" + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems));
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
