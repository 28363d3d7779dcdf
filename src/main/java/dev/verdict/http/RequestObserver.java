package dev.verdict.http;

/**
 * Told of every answer {@link WebServerHost} sends from a route (metrics). Called once per request on the
 * request's thread, after the answer was written: it must be cheap and must not throw.
 */
@FunctionalInterface
public interface RequestObserver {
    /** The route label of a request that matched no route (404, 405): one value, whatever the path. */
    String UNMATCHED = "unmatched";

    RequestObserver NONE = (listener, route, method, status, code, nanos) -> {};

    /**
     * @param listener the listener's name ({@code http}, {@code https}, {@code admin})
     * @param route    the route's path pattern (e.g. {@code /internal/v1/jobs/{smile_job_id}}), or {@link #UNMATCHED}
     * @param code     the code the answer's body carries, or {@code null}
     * @param nanos    from the start of routing to the end of writing the answer
     */
    void answered(String listener, String route, String method, int status, String code, long nanos);
}
