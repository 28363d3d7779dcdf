package dev.verdict.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.secrets.MasterKey;
import dev.verdict.secrets.Secrets;
import dev.verdict.testing.Images;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageCipherTest {
    private static final byte[] KEY = new byte[32];
    private final ImageCipher cipher = new ImageCipher(KEY);
    private final byte[] image = Images.png(40, 30);

    @Test
    void aSealedImageOpensUnderItsIdOnly() {
        var sealed = cipher.seal("image-id-0000000001", image);
        assertThat(sealed).hasSize(image.length + ImageCipher.OVERHEAD);
        assertThat(ImageCipher.isSealed(sealed)).isTrue();
        assertThat(ImageCipher.isSealed(image)).isFalse();
        assertThat(cipher.open("image-id-0000000001", sealed)).isEqualTo(image);
        assertThatThrownBy(() -> cipher.open("image-id-0000000002", sealed))
                .isInstanceOf(ImageCipher.UnreadableImageException.class);
    }

    @Test
    void eachSealingHasItsOwnDataKeyAndNonces() {
        var first = cipher.seal("image-id-0000000001", image);
        var second = cipher.seal("image-id-0000000001", image);
        // wrap nonce, wrapped key, data nonce and ciphertext all differ
        assertThat(Arrays.copyOfRange(first, 5, 17)).isNotEqualTo(Arrays.copyOfRange(second, 5, 17));
        assertThat(Arrays.copyOfRange(first, 17, 65)).isNotEqualTo(Arrays.copyOfRange(second, 17, 65));
        assertThat(Arrays.copyOfRange(first, 65, 77)).isNotEqualTo(Arrays.copyOfRange(second, 65, 77));
        assertThat(Arrays.copyOfRange(first, 77, first.length)).isNotEqualTo(Arrays.copyOfRange(second, 77, second.length));
    }

    @Test
    void anyAlteredByteOrAnotherKeyFailsWithoutReturningBytes() {
        var sealed = cipher.seal("image-id-0000000001", image);
        for (var at : new int[] {5, 20, 70, 80, sealed.length - 1}) {
            var altered = sealed.clone();
            altered[at] ^= 1;
            assertThatThrownBy(() -> cipher.open("image-id-0000000001", altered)).as("byte " + at)
                    .isInstanceOf(ImageCipher.UnreadableImageException.class)
                    .hasMessageContaining("image-id-0000000001");
        }
        var other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new ImageCipher(other).open("image-id-0000000001", sealed))
                .isInstanceOf(ImageCipher.UnreadableImageException.class);
        assertThatThrownBy(() -> cipher.open("image-id-0000000001", image))
                .isInstanceOf(ImageCipher.UnreadableImageException.class);
        assertThatThrownBy(() -> cipher.open("image-id-0000000001", Arrays.copyOf(sealed, 40)))
                .isInstanceOf(ImageCipher.UnreadableImageException.class);
    }

    @Test
    void theWrappingKeyIsDerivedUnderItsOwnLabel() {
        var master = MasterKey.of(new byte[32]);
        var secrets = new Secrets(master);
        assertThat(secrets.imageKeyWrappingKey()).hasSize(32)
                .isEqualTo(Secrets.derive(master, "image-key-wrapping"))
                .isNotEqualTo(Secrets.derive(master, "api-key-encryption"))
                .isNotEqualTo(secrets.imageLinkSecret());
    }
}
