package exchange.recovery.approval;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.spec.SecretKeySpec;

import exchange.recovery.core.Digests;

/**
 * HMAC-SHA256 signatures over the values the approval flow hands out: links, anti-CSRF form tokens
 * and the browser's actor cookie. Each use has its own purpose prefix, so a value signed for one can
 * never be replayed as another; parts are joined with '|', which no request id or approver id contains.
 */
public final class ApprovalSigner {

    static final String LINK = "link";
    static final String CSRF = "csrf";
    static final String ACTOR = "actor";

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MINIMUM_KEY_BYTES = 32;

    private final SecretKeySpec key;

    public ApprovalSigner(byte[] keyMaterial) {
        if (keyMaterial == null || keyMaterial.length < MINIMUM_KEY_BYTES) {
            throw new IllegalArgumentException("The approval signing key must hold at least " + MINIMUM_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(keyMaterial.clone(), ALGORITHM);
    }

    public String signLink(String requestId, String approver, long expiresAtEpochSecond) {
        return sign(LINK, requestId, approver, Long.toString(expiresAtEpochSecond));
    }

    public boolean verifyLink(String requestId, String approver, long expiresAtEpochSecond, String signature) {
        return matches(signLink(requestId, approver, expiresAtEpochSecond), signature);
    }

    public String csrfToken(String requestId, String approver, String nonce) {
        return sign(CSRF, requestId, approver, nonce);
    }

    public boolean verifyCsrfToken(String requestId, String approver, String nonce, String token) {
        return matches(csrfToken(requestId, approver, nonce), token);
    }

    public String actorMark(String requestId, String approver) {
        return sign(ACTOR, requestId, approver);
    }

    public boolean verifyActorMark(String requestId, String approver, String mark) {
        return matches(actorMark(requestId, approver), mark);
    }

    String sign(String purpose, String... parts) {
        StringBuilder text = new StringBuilder(purpose);
        for (String part : parts) {
            text.append('|').append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Digests.hmacSha256(key, text.toString()));
    }

    /** Constant-time comparison: the time taken says nothing about how much of a forgery was right. */
    private static boolean matches(String expected, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }
}
