package dev.verdict.jobstatus;

import dev.verdict.http.Routes;

/** Routes of the Job Status API on the public listeners. */
public final class JobStatusRoutes {
    /** Bodies above this are refused with 413 / 2303 before parsing. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private JobStatusRoutes() {}

    public static void register(Routes routes, JobStatusService service) {
        routes.post("/v1/job_status", request -> service.answer(request.body(MAX_BODY_BYTES)));
        // Python with a trailing slash in its base URL sends //job_status
        routes.post("/v1//job_status", request -> service.answer(request.body(MAX_BODY_BYTES)));
    }
}
