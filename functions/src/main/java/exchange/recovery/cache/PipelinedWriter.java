package exchange.recovery.cache;

import java.util.List;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Writes HSETs through one connection in pipelined batches, keeping one batch in flight: the replies
 * of batch n are read only after batch n+1 has been sent, so Redis always has work queued while this
 * side reads the source. Memory is one batch of commands in the socket buffers, whatever the row
 * count. Every reply is checked: an error reply is thrown (the rebuild names it), and a reply that added fewer fields
 * than sent (the key already existed) is counted, so verification can report it.
 */
final class PipelinedWriter implements KeyWriter {

    /** Called after every batch, with the running totals; the rebuild logs progress and renews its lease. */
    interface BatchListener {
        void batchSent(long keys);
    }

    private final BulkConnection connection;
    private final int batchSize;
    private final BatchListener listener;

    private int pending;
    private long pendingFields;
    private int inFlight;
    private long inFlightFields;
    private long keys;
    private long commands;
    private long fieldsAdded;
    private long fieldsNotAdded;

    PipelinedWriter(BulkConnection connection, int batchSize, BatchListener listener) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.connection = connection;
        this.batchSize = batchSize;
        this.listener = listener;
    }

    @Override
    public void hset(byte[] key, byte[][] fieldsAndValues, int length) {
        CommandArguments arguments = new CommandArguments(Protocol.Command.HSET).add(key);
        for (int i = 0; i < length; i++) {
            arguments.add(fieldsAndValues[i]);
        }
        connection.sendCommand(arguments);
        commands++;
        pending++;
        pendingFields += length / 2;
        if (pending >= batchSize) {
            endBatch();
        }
    }

    @Override
    public void keyDone() {
        keys++;
    }

    /** Sends what is buffered and reads every outstanding reply. */
    void finish() {
        endBatch();
        if (inFlight > 0) {
            check(connection.getMany(inFlight), inFlightFields);
            inFlight = 0;
            inFlightFields = 0;
        }
    }

    private void endBatch() {
        connection.flushNow();
        if (inFlight > 0) {
            check(connection.getMany(inFlight), inFlightFields);
        }
        inFlight = pending;
        inFlightFields = pendingFields;
        pending = 0;
        pendingFields = 0;
        listener.batchSent(keys);
    }

    private void check(List<Object> replies, long expectedFields) {
        long added = 0;
        for (Object reply : replies) {
            if (reply instanceof JedisDataException error) {
                throw error;
            }
            added += (Long) reply;
        }
        fieldsAdded += added;
        fieldsNotAdded += expectedFields - added;
    }

    long keys() {
        return keys;
    }

    long commands() {
        return commands;
    }

    long fieldsAdded() {
        return fieldsAdded;
    }

    /** Fields that were sent but already existed: nonzero means two source rows mapped to one key. */
    long fieldsNotAdded() {
        return fieldsNotAdded;
    }
}
