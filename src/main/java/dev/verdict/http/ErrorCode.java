package dev.verdict.http;

/**
 * Every code of Verdict's own errors ({@code {"error", "code"[, "field"]}}): those of the internal API,
 * the image links, the upload URL, the framework and the rate limits. The v1 families have theirs in
 * {@link dev.verdict.v1.V1Code}. The one place these codes are defined; docs/api.md lists them
 * ("Verdict's own error codes") and ErrorCodeTest holds the two together.
 */
public enum ErrorCode {
    BAD_REQUEST("bad_request", 400, "Malformed request body"),
    INVALID_JSON("invalid_json", 400, "Invalid JSON"),
    INVALID_FIELD("invalid_field", 400, "A field is not valid"),
    NOT_A_ZIP("not_a_zip", 400, "The upload is not a zip archive"),
    UNAUTHORIZED("unauthorized", 401, "A valid admin bearer token is required"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    OPERATOR_NOT_ACTIVE("operator_not_active", 403, "No active operator has this name"),
    LINK_EXPIRED("link_expired", 403, "This image link has expired"),
    LINK_INVALID("link_invalid", 403, "This image link is not valid"),
    UPLOAD_URL_EXPIRED("upload_url_expired", 403, "This upload URL has expired; request a new one"),
    UPLOAD_URL_INVALID("upload_url_invalid", 403, "This upload URL is not valid"),
    UPLOAD_URL_SUPERSEDED("upload_url_superseded", 403, "This upload URL was replaced by a retry"),
    NOT_FOUND("not_found", 404, "No such endpoint"),
    METHOD_NOT_ALLOWED("method_not_allowed", 405, "Method not allowed"),
    CONFLICT("conflict", 409, "The request conflicts with the current state"),
    JOB_IN_FLIGHT("job_in_flight", 409, "A job of this user is being processed; erase again once it has a result"),
    PAYLOAD_TOO_LARGE("payload_too_large", 413, "Request body too large"),
    RATE_LIMITED("rate_limited", 429, "Too many requests"),
    INTERNAL_ERROR("internal_error", 500, "System error"),
    NOT_SUPPORTED("not_supported", 501, "Verdict does not offer this endpoint"),
    IMAGE_UNREADABLE("image_unreadable", 500, "The stored image failed its integrity check and was not served");

    private final String code;
    private final int httpStatus;
    private final String text;

    ErrorCode(String code, int httpStatus, String text) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.text = text;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The default {@code error} text; most answers say more exactly what was wrong. */
    public String text() {
        return text;
    }
}
