package dev.verdict.jobstatus;

/**
 * The job_status family of codes (seed document, DESIGN §3.2), each with its HTTP status and text.
 * The one place these codes are defined.
 */
public enum StatusCode {
    SYSTEM_ERROR("2301", 500, "System error"),
    SUCCESS("2302", 200, "Success"),
    INVALID_JSON("2303", 400, "Invalid JSON"),
    JOB_NOT_FOUND("2304", 400, "Job not found"),
    INVALID_SEC_KEY("2305", 400, "Invalid sec_key"),
    USER_DISABLED("2307", 400, "Enrolled user is disabled"),
    NO_ENROLLED_USER("2310", 400, "No enrolled user found"),
    MISSING_PARAMETERS("2313", 400, "Missing required parameters"),
    NO_ZIP_RECEIVED("2314", 200, "No zip file received");

    private final String code;
    private final int httpStatus;
    private final String text;

    StatusCode(String code, int httpStatus, String text) {
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

    public String text() {
        return text;
    }
}
