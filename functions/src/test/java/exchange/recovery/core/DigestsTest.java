package exchange.recovery.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    void sha256Hex_matchesTheFips180Vector() {
        assertThat(Digests.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void sha256_hashesTheTextAsUtf8() {
        assertThat(HexFormat.of().formatHex(Digests.sha256("\u00e9")))
                .isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
    }

    @Test
    void hmacSha256_matchesRfc4231TestCase2() {
        byte[] mac = Digests.hmacSha256(new SecretKeySpec("Jefe".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"),
                "what do ya want for nothing?");

        assertThat(HexFormat.of().formatHex(mac))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
