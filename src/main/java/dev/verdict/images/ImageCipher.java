package dev.verdict.images;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of image bytes at rest, the one place images are sealed and opened. Each image
 * gets a fresh random 256-bit data key; the bytes are sealed with AES-256-GCM under it, and the data key
 * is wrapped (AES-256-GCM) under the image key-wrapping key, which is derived from the master key with
 * its own label. Both carry the image id as associated data, so a sealed image or its wrapped key
 * copied to another image does not open. Nonces are random, 96 bits.
 *
 * <p>Layout of a sealed image (93 bytes more than the image):
 * <pre>
 *   "VRDI" | version 1 | wrap nonce (12) | wrapped data key (32 + 16 tag) | data nonce (12) | ciphertext + tag (16)
 * </pre>
 * Clear images from before encryption start with a JPEG or PNG signature, never with {@code VRDI}.
 */
public final class ImageCipher {
    private static final byte[] MAGIC = {'V', 'R', 'D', 'I', 1};
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final int KEY_BYTES = 32;
    private static final int WRAPPED_KEY_BYTES = NONCE_BYTES + KEY_BYTES + TAG_BYTES;
    private static final int DATA_NONCE_AT = MAGIC.length + WRAPPED_KEY_BYTES;
    private static final int CIPHERTEXT_AT = DATA_NONCE_AT + NONCE_BYTES;
    /** Bytes a sealed image takes beyond the image itself. */
    public static final int OVERHEAD = CIPHERTEXT_AT + TAG_BYTES;

    private final SecretKeySpec wrappingKey;
    private final SecureRandom random = new SecureRandom();

    /** @param wrappingKey 32 bytes derived from the master key for wrapping image data keys */
    public ImageCipher(byte[] wrappingKey) {
        if (wrappingKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("the image key-wrapping key must be 32 bytes");
        }
        this.wrappingKey = new SecretKeySpec(wrappingKey, "AES");
    }

    /** True when the bytes are a sealed image (whether or not they open). */
    public static boolean isSealed(byte[] stored) {
        return stored.length >= MAGIC.length && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Seals an image's bytes for storage under its id: one output array, no other copy of the image. */
    public byte[] seal(String imageId, byte[] content) {
        var dataKey = new byte[KEY_BYTES];
        random.nextBytes(dataKey);
        try {
            var out = new byte[OVERHEAD + content.length];
            System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
            nonceInto(out, MAGIC.length);
            var wrap = Cipher.getInstance("AES/GCM/NoPadding");
            wrap.init(Cipher.ENCRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG_BYTES * 8, out, MAGIC.length, NONCE_BYTES));
            wrap.updateAAD(wrapAad(imageId));
            wrap.doFinal(dataKey, 0, KEY_BYTES, out, MAGIC.length + NONCE_BYTES);

            nonceInto(out, DATA_NONCE_AT);
            var data = Cipher.getInstance("AES/GCM/NoPadding");
            data.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, out, DATA_NONCE_AT, NONCE_BYTES));
            data.updateAAD(dataAad(imageId));
            data.doFinal(content, 0, content.length, out, CIPHERTEXT_AT);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The image sealed under this id.
     *
     * @throws UnreadableImageException when the bytes are not a sealed image, were sealed under another
     *     master key or another image id, or were altered: nothing of them is returned
     */
    public byte[] open(String imageId, byte[] sealed) {
        if (!isSealed(sealed) || sealed.length < OVERHEAD) {
            throw new UnreadableImageException(imageId, "not a sealed image");
        }
        var dataKey = new byte[KEY_BYTES];
        try {
            var unwrap = Cipher.getInstance("AES/GCM/NoPadding");
            unwrap.init(Cipher.DECRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG_BYTES * 8, sealed, MAGIC.length, NONCE_BYTES));
            unwrap.updateAAD(wrapAad(imageId));
            unwrap.doFinal(sealed, MAGIC.length + NONCE_BYTES, KEY_BYTES + TAG_BYTES, dataKey, 0);

            var data = Cipher.getInstance("AES/GCM/NoPadding");
            data.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, sealed, DATA_NONCE_AT, NONCE_BYTES));
            data.updateAAD(dataAad(imageId));
            var out = new byte[sealed.length - OVERHEAD];
            data.doFinal(sealed, CIPHERTEXT_AT, sealed.length - CIPHERTEXT_AT, out, 0);
            return out;
        } catch (AEADBadTagException e) {
            throw new UnreadableImageException(imageId, "authentication tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private void nonceInto(byte[] out, int at) {
        var nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, at, NONCE_BYTES);
    }

    private static byte[] wrapAad(String imageId) {
        return ("verdict/image-key/v1/" + imageId).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] dataAad(String imageId) {
        return ("verdict/image/v1/" + imageId).getBytes(StandardCharsets.US_ASCII);
    }

    /** Stored bytes that do not open: altered, or sealed under another key or image. */
    public static final class UnreadableImageException extends RuntimeException {
        private final String imageId;

        UnreadableImageException(String imageId, String reason) {
            super("image " + imageId + " cannot be opened: " + reason);
            this.imageId = imageId;
        }

        public String imageId() {
            return imageId;
        }
    }
}
