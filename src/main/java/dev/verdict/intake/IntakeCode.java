package dev.verdict.intake;

/**
 * Codes of the upload (22xx) and ID API (24xx) families (PROTOCOL.md §6), with HTTP status and text.
 * The one place these codes are defined.
 */
public enum IntakeCode {
    UPLOAD_READY("2202", 200, "Upload URL issued"),
    SYSTEM_ERROR("2201", 500, "System Error"),
    INVALID_JSON("2203", 400, "Invalid JSON"),
    WRONG_TYPE("2204", 400, "A parameter is of the wrong data type"),
    NOT_AUTHORIZED("2205", 400, "You are not authorized to do that"),
    USER_DISABLED("2207", 400, "Enrolled User is disabled"),
    ALREADY_ENROLLED("2209", 400, "Wrong user id. This user is already enrolled"),
    NO_ENROLLED_USER("2210", 400, "No enrolled user found."),
    INVALID_JOB_TYPE("2212", 400, "Invalid job type."),
    MISSING_PARAMETER("2213", 400, "A required parameter is missing"),
    JOB_EXISTS("2215", 400, "Job already exists. Did you mean to set the retry flag to true?"),
    NO_PHOTO_ON_FILE("2216", 400, "Enrolled user does not have a photo on file"),
    ID_SYSTEM_ERROR("2401", 500, "System Error"),
    ID_NOT_AUTHORIZED("2405", 400, "You are not authorized to do that"),
    ID_MISSING_PARAMETER("2413", 400, "A required parameter is missing");

    private final String code;
    private final int httpStatus;
    private final String text;

    IntakeCode(String code, int httpStatus, String text) {
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
