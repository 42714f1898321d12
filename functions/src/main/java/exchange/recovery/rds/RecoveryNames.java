package exchange.recovery.rds;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import exchange.recovery.core.Digests;
import exchange.recovery.core.InvalidInput;

/**
 * Deterministic instance identifiers derived from the production identifier and the incident, so that
 * every re-run of a step finds what an earlier run created, and IAM can scope recovery to
 * {@code <source>-pitr-*} and {@code <source>-old-*}.
 *
 * <ul>
 *   <li>restored copy: {@code <source>-pitr-<incident>} (takes the production name at cut-over), or
 *       {@code <source>-pitr-<incident>-at-<time>} when an operator names the restore time: a redrive with
 *       another time gets a fresh copy instead of the one a gate already refused;</li>
 *   <li>retained original: {@code <source>-old-<incident>} (kept for forensics, never deleted).</li>
 * </ul>
 * RDS identifiers are 1–63 lowercase letters, digits and hyphens, start with a letter, and have no
 * double hyphen and no trailing hyphen; an incident id that does not fit is shortened and suffixed with
 * a hash of the full id, so distinct incidents keep distinct names.
 */
public final class RecoveryNames {

    public static final String RESTORED_INFIX = "-pitr-";
    public static final String RETAINED_INFIX = "-old-";
    static final int MAX_LENGTH = 63;
    private static final int MIN_SLUG = 8;
    private static final int HASH_LENGTH = 6;
    private static final DateTimeFormatter RESTORE_TIME_IN_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RecoveryNames() {
    }

    public static String restored(String sourceInstanceId, String incidentId) {
        return derive(sourceInstanceId, RESTORED_INFIX, incidentId);
    }

    /** The copy restored to a time the request names; without one, {@link #restored(String, String)}. */
    public static String restored(String sourceInstanceId, String incidentId, Instant requestedRestoreTime) {
        if (requestedRestoreTime == null) {
            return restored(sourceInstanceId, incidentId);
        }
        if (incidentId == null || incidentId.isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        return derive(sourceInstanceId, RESTORED_INFIX, incidentId.trim() + "-at-"
                + RESTORE_TIME_IN_NAME.format(requestedRestoreTime));
    }

    /** Whether {@code instanceId} is named as a copy restored from {@code sourceInstanceId}. */
    public static boolean isRestoredCopyOf(String instanceId, String sourceInstanceId) {
        return instanceId != null && sourceInstanceId != null && instanceId.startsWith(sourceInstanceId + RESTORED_INFIX);
    }

    public static String retained(String sourceInstanceId, String incidentId) {
        return derive(sourceInstanceId, RETAINED_INFIX, incidentId);
    }

    /** An identifier as RDS stores it (lowercase), after checking it is one RDS accepts. */
    public static String instanceId(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidInput(field + " is required");
        }
        String id = text.trim().toLowerCase(Locale.ROOT);
        if (!id.matches("[a-z](?:[a-z0-9]|-(?!-))*") || id.endsWith("-") || id.length() > MAX_LENGTH) {
            throw new InvalidInput(field + " is not a DB instance identifier: " + text);
        }
        return id;
    }

    private static String derive(String sourceInstanceId, String infix, String incidentId) {
        String source = instanceId(sourceInstanceId, "source instance identifier");
        if (incidentId == null || incidentId.isBlank()) {
            throw new InvalidInput("incidentId is required");
        }
        int room = MAX_LENGTH - source.length() - infix.length();
        if (room < MIN_SLUG) {
            throw new InvalidInput("instance identifier " + source + " is too long to derive recovery names from it"
                    + " (at most " + (MAX_LENGTH - infix.length() - MIN_SLUG) + " characters)");
        }
        String slug = incidentId.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.isEmpty() || slug.length() > room) {
            String hash = hash(incidentId.trim());
            int keep = Math.min(slug.length(), room - HASH_LENGTH - 1);
            String head = slug.substring(0, keep).replaceAll("-+$", "");
            slug = head.isEmpty() ? hash : head + "-" + hash;
        }
        return source + infix + slug;
    }

    private static String hash(String text) {
        return Digests.sha256Hex(text).substring(0, HASH_LENGTH);
    }
}
