package exchange.recovery.rds;

import java.util.Optional;

import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * The tags recovery writes on instances: they identify what an earlier run did (tags follow an instance
 * through renames), and tell people looking at the console why an instance exists.
 */
public final class RecoveryTags {

    public static final String PREFIX = "recovery:";
    public static final String INCIDENT = PREFIX + "incident-id";
    public static final String ROLE = PREFIX + "role";
    public static final String ROLE_RESTORED = "restored";
    public static final String ROLE_RETAINED = "retained";
    public static final String RESTORED_FROM = PREFIX + "restored-from";
    public static final String RESTORE_TIME = PREFIX + "restore-time";
    public static final String CORRUPTION_TIME = PREFIX + "corruption-time";
    public static final String RPO_REFERENCE_TIME = PREFIX + "rpo-reference-time";
    public static final String RETAINED_FOR = PREFIX + "retained-for";
    public static final String FORENSICS = "forensics";
    public static final String REPLACED_BY = PREFIX + "replaced-by";
    public static final String FAILOVER_INCIDENT = PREFIX + "failover-incident";
    public static final String FAILOVER_REQUESTED_AT = PREFIX + "failover-requested-at";

    private static final int MAX_VALUE_LENGTH = 256;

    private RecoveryTags() {
    }

    public static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value(value)).build();
    }

    /** A value as RDS accepts it: letters, digits, spaces and {@code _ . : / = + - @}; at most 256 characters. */
    public static String value(String text) {
        String cleaned = text.replaceAll("[^\\p{L}\\p{N}\\s_.:/=+\\-@]", "_");
        return cleaned.length() > MAX_VALUE_LENGTH ? cleaned.substring(0, MAX_VALUE_LENGTH) : cleaned;
    }

    public static Optional<String> find(DBInstance instance, String key) {
        if (instance == null || !instance.hasTagList()) {
            return Optional.empty();
        }
        return instance.tagList().stream().filter(tag -> key.equals(tag.key())).map(Tag::value).findFirst();
    }

    public static boolean has(DBInstance instance, String key, String value) {
        return find(instance, key).filter(value(value)::equals).isPresent();
    }

    /** True when this instance is the copy restored for {@code incidentId}, whatever its current name. */
    public static boolean restoredFor(DBInstance instance, String incidentId) {
        return has(instance, INCIDENT, incidentId) && has(instance, ROLE, ROLE_RESTORED);
    }
}
