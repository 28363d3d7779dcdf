package dev.verdict.images;

import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;

/** Image bytes that cannot be accepted; the message says why (answered 400 invalid_field, field body). */
public final class ImageException extends ApiException {
    public ImageException(String message) {
        super(ErrorCode.INVALID_FIELD, message, "body");
    }
}
