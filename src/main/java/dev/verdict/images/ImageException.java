package dev.verdict.images;

/** Image bytes that cannot be accepted; the message says why. */
public final class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }
}
