package exchange.recovery.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CopyRowTest {

    private static CopyRow row(String line) {
        return new CopyRow().reset(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reset_splitsTabSeparatedFieldsAndDropsTheNewline() {
        CopyRow row = row("1001\tBTC\t0.5\n");
        assertThat(row.fieldCount()).isEqualTo(3);
        assertThat(row.text(0)).isEqualTo("1001");
        assertThat(row.text(2)).isEqualTo("0.5");
    }

    @Test
    void text_readsNullAndEmptyFieldsApart() {
        CopyRow row = row("\\N\t\tx\n");
        assertThat(row.isNull(0)).isTrue();
        assertThat(row.text(0)).isNull();
        assertThat(row.text(1)).isEmpty();
        assertThat(row.bytes(0)).isEmpty();
    }

    @Test
    void bytes_undoesCopyEscapes() {
        CopyRow row = row("a\\tb\\\\c\\nd\\101\n");
        assertThat(row.text(0)).isEqualTo("a\tb\\c\ndA");
        assertThat(row.hasEscapes(0)).isTrue();
    }

    @Test
    void key_joinsTheIdColumnsBehindThePrefix() {
        byte[] key = RowKeyspace.key("v7:bal:".getBytes(StandardCharsets.UTF_8), row("1001\tUSDT\t5\n"), 2);
        assertThat(new String(key, StandardCharsets.UTF_8)).isEqualTo("v7:bal:1001:USDT");
        byte[] escaped = RowKeyspace.key("v7:ins:".getBytes(StandardCharsets.UTF_8), row("A\\tB\t5\n"), 1);
        assertThat(new String(escaped, StandardCharsets.UTF_8)).isEqualTo("v7:ins:A\tB");
    }
}
