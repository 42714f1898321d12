package exchange.recovery.rds;

import java.time.Instant;
import java.util.List;

/**
 * The restored copy and what it recovered. {@code instanceId}, {@code address}, {@code port} and
 * {@code database} ({@code host:port[/name]}) are what the integrity checks need to target the copy;
 * the address is RDS's once published, predicted from the source's endpoint before that.
 *
 * @param status RDS's status of the copy ({@code creating} right after the request)
 * @param reused true when an earlier run for this incident had already requested the copy
 * @param restoredTo the time the copy holds the data of
 * @param rpoReference the corruption time when known, otherwise the moment the restore was requested
 * @param rpoSeconds achieved RPO: {@code rpoReference − restoredTo}, in seconds (millisecond precision)
 * @param carriedSettings the source settings the restore request set explicitly
 */
public record RestoreResult(String incidentId, String sourceInstanceId, String instanceId, String status, boolean reused,
                            Instant restoredTo, Instant corruptionTime, Instant rpoReference, double rpoSeconds, String rpo,
                            String address, int port, String database, List<String> carriedSettings) {
}
