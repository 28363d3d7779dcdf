package dev.verdict.admin;

import dev.verdict.audit.AuditLog;
import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.http.Reply;
import dev.verdict.http.Routes;
import dev.verdict.images.ContentTypes;
import dev.verdict.images.ImageJson;
import dev.verdict.images.ImageKind;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.JobService;
import java.io.IOException;
import java.util.Map;

/** Images in the internal API: an engine reads a job's image bytes or adds an image to a job (both audited). */
final class ImageAdminRoutes {
    private ImageAdminRoutes() {}

    static void register(Routes routes, JobService jobs, ImageService images) {
        routes.get("/internal/v1/images/{image_id}", request -> {
            byte[] content;
            try {
                content = images.read(request.pathParam("image_id"), "internal-api");
            } catch (IOException e) {
                throw new ApiException(ErrorCode.NOT_FOUND, "No such image", "image_id");
            }
            var type = ContentTypes.detect(content).orElse("application/octet-stream");
            return new Reply(200, type, content, Map.of("Cache-Control", "no-store"));
        });
        routes.put("/internal/v1/jobs/{smile_job_id}/images/{kind}", request -> {
            var kind = ImageKind.fromWire(request.pathParam("kind")).orElseThrow(() -> AdminRequests.invalid("kind",
                    "kind must be selfie, id_card_front, id_card_back or liveness"));
            var job = jobs.find(request.pathParam("smile_job_id"))
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No such job", "smile_job_id"));
            var content = request.body(ImageService.MAX_IMAGE_BYTES);
            var image = images.store(job.pk(), job.partnerId(), kind, content, AuditLog.ActorType.ENGINE,
                    "internal-api");
            return Reply.json(201, Reply.Json.write(g -> ImageJson.writeDetail(g, image)));
        });
    }
}
