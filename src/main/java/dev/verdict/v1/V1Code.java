package dev.verdict.v1;

/**
 * Every code of the v1 API families Verdict answers with (PROTOCOL.md §6, the seed document): 22xx
 * the upload (and the web token), 23xx job_status, 24xx the ID API — each with its HTTP status and text. The one place
 * these codes are defined; docs/api.md lists them per endpoint.
 */
public enum V1Code {
    UPLOAD_READY("2202", 200, "Upload URL issued"),
    UPLOAD_SYSTEM_ERROR("2201", 500, "System Error"),
    UPLOAD_INVALID_JSON("2203", 400, "Invalid JSON"),
    UPLOAD_WRONG_TYPE("2204", 400, "A parameter is of the wrong data type"),
    UPLOAD_NOT_AUTHORIZED("2205", 400, "You are not authorized to do that"),
    UPLOAD_USER_DISABLED("2207", 400, "Enrolled User is disabled"),
    UPLOAD_ALREADY_ENROLLED("2209", 400, "Wrong user id. This user is already enrolled"),
    UPLOAD_NO_ENROLLED_USER("2210", 400, "No enrolled user found."),
    UPLOAD_INVALID_JOB_TYPE("2212", 400, "Invalid job type."),
    UPLOAD_MISSING_PARAMETER("2213", 400, "A required parameter is missing"),
    UPLOAD_JOB_EXISTS("2215", 400, "Job already exists. Did you mean to set the retry flag to true?"),
    TOKEN_INVALID_PRODUCT("2217", 400, "Invalid product."),
    ID_SYSTEM_ERROR("2401", 500, "System Error"),
    ID_NOT_AUTHORIZED("2405", 400, "You are not authorized to do that"),
    ID_MISSING_PARAMETER("2413", 400, "A required parameter is missing"),
    STATUS_SYSTEM_ERROR("2301", 500, "System error"),
    STATUS_SUCCESS("2302", 200, "Success"),
    STATUS_INVALID_JSON("2303", 400, "Invalid JSON"),
    STATUS_JOB_NOT_FOUND("2304", 400, "Job not found"),
    STATUS_INVALID_SEC_KEY("2305", 400, "Invalid sec_key"),
    STATUS_USER_DISABLED("2307", 400, "Enrolled user is disabled"),
    STATUS_NO_ENROLLED_USER("2310", 400, "No enrolled user found"),
    STATUS_MISSING_PARAMETERS("2313", 400, "Missing required parameters"),
    STATUS_NO_ZIP_RECEIVED("2314", 200, "No zip file received");

    private final String code;
    private final int httpStatus;
    private final String text;

    V1Code(String code, int httpStatus, String text) {
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
