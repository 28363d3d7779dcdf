package dev.verdict.admin;

import dev.verdict.callbacks.CallbackService;
import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.http.Reply;
import dev.verdict.http.Routes;
import dev.verdict.jobs.JobService;

/** Callback operations of the internal API: send DEAD deliveries again, replay a job's callbacks. */
final class DeliveryAdminRoutes {
    private DeliveryAdminRoutes() {}

    static void register(Routes routes, CallbackService callbacks, JobService jobs) {
        routes.post("/internal/v1/deliveries/{delivery_id}/redrive", request -> {
            var id = request.pathParam("delivery_id");
            if (!id.matches("\\d{1,18}") || !callbacks.redrive(Long.parseLong(id))) {
                throw new ApiException(ErrorCode.NOT_FOUND, "No DEAD delivery with this id", "delivery_id");
            }
            return Reply.json(200, Reply.Json.write(g -> g.writeNumberField("redriven", 1)));
        });
        routes.post("/internal/v1/deliveries/redrive-dead", request -> {
            var count = callbacks.redriveAllDead();
            return Reply.json(200, Reply.Json.write(g -> g.writeNumberField("redriven", count)));
        });
        routes.post("/internal/v1/jobs/{smile_job_id}/callbacks/replay", request -> {
            var smileJobId = request.pathParam("smile_job_id");
            if (jobs.find(smileJobId).isEmpty()) {
                throw new ApiException(ErrorCode.NOT_FOUND, "No such job", "smile_job_id");
            }
            var count = callbacks.replay(smileJobId);
            return Reply.json(200, Reply.Json.write(g -> g.writeNumberField("replayed", count)));
        });
    }
}
