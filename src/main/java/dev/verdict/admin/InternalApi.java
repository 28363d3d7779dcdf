package dev.verdict.admin;

import dev.verdict.audit.AuditLog;
import dev.verdict.callbacks.CallbackService;
import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.http.Handler;
import dev.verdict.http.Request;
import dev.verdict.http.Routes;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.WorkClaims;
import dev.verdict.privacy.PrivacyService;
import dev.verdict.review.ReviewService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * The internal API for engines and operators (DESIGN §6), on the admin listener only: each feature's
 * route table, every route behind the bearer token. Without a configured token every call is refused.
 */
public final class InternalApi {
    private final Optional<byte[]> token;

    private InternalApi(Optional<String> token) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    public static void register(Routes routes, Optional<String> token, JobService jobs, WorkClaims claims,
            ImageService images,
            CallbackService callbacks, Duration defaultLease, ReviewService review, AuditLog audit,
            PrivacyService privacy, java.util.function.Predicate<String> activeAdmin) {
        var api = new InternalApi(token);
        var features = new Routes();
        DeliveryAdminRoutes.register(features, callbacks, jobs);
        JobAdminRoutes.register(features, jobs, claims, images, callbacks, defaultLease);
        ImageAdminRoutes.register(features, jobs, images);
        ReviewAdminRoutes.register(features, review);
        AuditAdminRoutes.register(features, audit);
        PrivacyAdminRoutes.register(features, privacy, activeAdmin);
        for (var route : features.all()) {
            routes.add(route.method(), route.path(), api.authorized(route.handler()));
        }
    }

    /**
     * {@code handler} behind the same bearer token as the internal API (used for {@code GET /metrics}:
     * a Prometheus scrape job sends it with {@code authorization: {credentials: ...}}).
     */
    public static Handler behindToken(Optional<String> token, Handler handler) {
        return new InternalApi(token).authorized(handler);
    }

    private Handler authorized(Handler handler) {
        return request -> {
            if (!tokenMatches(request)) {
                throw new ApiException(ErrorCode.UNAUTHORIZED);
            }
            return handler.handle(request);
        };
    }

    private boolean tokenMatches(Request request) {
        if (token.isEmpty()) {
            return false;
        }
        var header = request.header("Authorization").orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        var presented = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.get());
    }
}
