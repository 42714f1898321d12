package exchange.recovery.local.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import exchange.recovery.cache.KeyWriter;

/** Writes the HSETs of a keyspace as raw RESP, the input {@code redis-cli --pipe} expects. */
final class RespFileWriter implements KeyWriter, AutoCloseable {

    private final OutputStream out;
    private long commands;
    private long keys;

    RespFileWriter(Path file) throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
    }

    @Override
    public void hset(byte[] key, byte[][] fieldsAndValues, int length) {
        try {
            header('*', 2 + length);
            bulk("HSET".getBytes(StandardCharsets.US_ASCII));
            bulk(key);
            for (int i = 0; i < length; i++) {
                bulk(fieldsAndValues[i]);
            }
            commands++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void keyDone() {
        keys++;
    }

    private void header(char type, int number) throws IOException {
        out.write(type);
        out.write(Integer.toString(number).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    private void bulk(byte[] value) throws IOException {
        header('$', value.length);
        out.write(value);
        out.write('\r');
        out.write('\n');
    }

    long commands() {
        return commands;
    }

    long keys() {
        return keys;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
