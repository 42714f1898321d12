package exchange.recovery.cache;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;

import org.postgresql.copy.CopyOut;

/**
 * One row of PostgreSQL's COPY text format, parsed in place: fields are separated by tabs, the line
 * ends with a newline, {@code \N} is NULL and a backslash escapes the characters COPY escapes. Field
 * bytes are only copied (and unescaped) when asked for, so that streaming millions of rows allocates
 * little more than the row buffers pgjdbc hands over.
 */
final class CopyRow {

    private static final byte[] EMPTY = new byte[0];

    /**
     * Stops a COPY that a failure interrupted, so the connection can be used or closed; an error of
     * the cancel itself is attached to {@code cause} rather than hiding it.
     */
    static void cancel(CopyOut copy, Exception cause) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private byte[] line;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int count;

    /** Points this row at {@code data} (one COPY row as pgjdbc returns it) and finds its fields. */
    CopyRow reset(byte[] data) {
        line = data;
        int length = data.length;
        if (length > 0 && data[length - 1] == '\n') {
            length--;
        }
        count = 0;
        int start = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || data[i] == '\t') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                starts[count] = start;
                ends[count] = i;
                count++;
                start = i + 1;
            }
        }
        return this;
    }

    int fieldCount() {
        return count;
    }

    boolean isNull(int field) {
        return ends[field] - starts[field] == 2 && line[starts[field]] == '\\' && line[starts[field] + 1] == 'N';
    }

    /** The field's value as bytes (NULL as empty), unescaped. */
    byte[] bytes(int field) {
        if (isNull(field)) {
            return EMPTY;
        }
        int start = starts[field];
        int end = ends[field];
        for (int i = start; i < end; i++) {
            if (line[i] == '\\') {
                return unescape(start, end);
            }
        }
        return Arrays.copyOfRange(line, start, end);
    }

    /** Length of {@link #bytes(int)} without copying (exact when the field holds no escapes). */
    int length(int field) {
        return isNull(field) ? 0 : ends[field] - starts[field];
    }

    boolean hasEscapes(int field) {
        for (int i = starts[field]; i < ends[field]; i++) {
            if (line[i] == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Copies an escape-free field into {@code target} at {@code offset}; returns the offset after it. */
    int copyTo(int field, byte[] target, int offset) {
        int length = ends[field] - starts[field];
        System.arraycopy(line, starts[field], target, offset, length);
        return offset + length;
    }

    String text(int field) {
        return isNull(field) ? null : new String(bytes(field), StandardCharsets.UTF_8);
    }

    private byte[] unescape(int start, int end) {
        byte[] out = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            byte b = line[i];
            if (b != '\\' || i + 1 == end) {
                out[n++] = b;
                continue;
            }
            byte next = line[++i];
            switch (next) {
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 'n' -> out[n++] = '\n';
                case 'r' -> out[n++] = '\r';
                case 't' -> out[n++] = '\t';
                case 'v' -> out[n++] = 0x0b;
                default -> {
                    if (next >= '0' && next <= '7') {
                        int value = next - '0';
                        int digits = 1;
                        while (digits < 3 && i + 1 < end && line[i + 1] >= '0' && line[i + 1] <= '7') {
                            value = value * 8 + (line[++i] - '0');
                            digits++;
                        }
                        out[n++] = (byte) value;
                    } else {
                        out[n++] = next;
                    }
                }
            }
        }
        return Arrays.copyOf(out, n);
    }
}
