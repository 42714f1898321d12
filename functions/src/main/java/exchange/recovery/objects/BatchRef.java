package exchange.recovery.objects;

/** One item of the Distributed Map: a batch of a restore's keys. */
public record BatchRef(String restoreId, int batch, int keys) {
}
