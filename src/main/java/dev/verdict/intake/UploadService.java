package dev.verdict.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.audit.AuditLog;
import dev.verdict.files.PrivateFiles;
import dev.verdict.http.BodyTooLargeException;
import dev.verdict.http.JsonSupport;
import dev.verdict.http.Reply;
import dev.verdict.http.Request;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobUploads;
import dev.verdict.jobs.JobState;
import dev.verdict.signing.ExpiringMac;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT <upload_url>}: the zip streamed to a temporary file under a cap, read as hostile input,
 * and the job either RECEIVED with its images or ended with a final error result. Answers exactly 200
 * once the bytes are taken; a JSON 4xx only for transport faults (bad or expired URL, body over the
 * cap, not a zip at all), which leave the URL usable (DESIGN §4).
 */
public final class UploadService {
    private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
    private static final String TEMP_PREFIX = "upload-";
    private static final String TEMP_SUFFIX = ".zip";

    private final JobService jobs;
    private final JobUploads uploads;
    private final ImageService images;
    private final UploadUrls urls;
    private final InstantSource clock;
    private final Path tempDir;
    private final long maxBytes;

    public UploadService(JobService jobs, JobUploads uploads, ImageService images, UploadUrls urls, InstantSource clock,
            Path tempDir, long maxBytes) {
        this.jobs = jobs;
        this.uploads = uploads;
        this.images = images;
        this.urls = urls;
        this.clock = clock;
        this.tempDir = tempDir;
        this.maxBytes = maxBytes;
    }

    /**
     * Deletes uploads a crash interrupted (every other path deletes its own file): run at start,
     * before this node takes uploads. The temporary directory belongs to this node alone.
     */
    public void removeInterruptedUploads() throws IOException {
        if (!Files.isDirectory(tempDir)) {
            return;
        }
        try (var leftovers = Files.newDirectoryStream(tempDir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (var file : leftovers) {
                Files.deleteIfExists(file);
                LOG.info("removed an interrupted upload: {}", file.getFileName());
            }
        }
    }

    public Reply receive(Request request) throws IOException, BodyTooLargeException {
        var smileJobId = request.pathParam("smile_job_id");
        var generationText = request.pathParam("generation");
        var check = urls.check(smileJobId, generationText, request.query("expires").orElse(null),
                request.query("signature").orElse(null), clock.instant());
        if (check == ExpiringMac.Check.EXPIRED) {
            return Reply.error(403, "upload_url_expired", "This upload URL has expired; request a new one");
        }
        if (check != ExpiringMac.Check.VALID) {
            return Reply.error(403, "upload_url_invalid", "This upload URL is not valid");
        }
        var generation = Integer.parseInt(generationText);
        var job = jobs.find(smileJobId);
        if (job.isEmpty()) {
            return Reply.error(404, "not_found", "No such job");
        }
        if (job.get().uploadGeneration() != generation) {
            return Reply.error(403, "upload_url_superseded", "This upload URL was replaced by a retry");
        }
        if (job.get().state() != JobState.CREATED) {
            return received(); // a second PUT after success changes nothing
        }

        var file = PrivateFiles.createTempFile(tempDir, TEMP_PREFIX, TEMP_SUFFIX);
        try {
            request.bodyToFile(file, maxBytes);
            byte[] head;
            try (var in = Files.newInputStream(file)) {
                head = in.readNBytes(4);
            }
            if (!ZipIntake.looksLikeZip(head)) {
                return Reply.error(400, "not_a_zip", "The upload is not a zip archive");
            }
            var inputs = job.get().inputsJson().map(UploadService::parseInputs)
                    .orElseGet(JsonSupport.MAPPER::createObjectNode);
            var prepIdInfo = inputs.get("id_info") instanceof ObjectNode o ? o : null;
            var outcome = ZipIntake.read(file, job.get().jobType(), inputs.path("use_enrolled_image").asBoolean(false),
                    prepIdInfo);
            var result = switch (outcome) {
                case ZipIntake.Usable usable -> {
                    if (usable.idInfo() != null) {
                        inputs.set("id_info", usable.idInfo());
                    }
                    yield uploads.acceptUpload(smileJobId, generation, inputs, (c, j) -> {
                        for (var image : usable.images()) {
                            images.store(c, j.pk(), j.partnerId(), image.kind(), image.bytes(),
                                    AuditLog.ActorType.PARTNER, Long.toString(j.partnerId()));
                        }
                    });
                }
                case ZipIntake.Unusable unusable -> {
                    LOG.info("upload for job {} unusable: {}", smileJobId, unusable.resultCode());
                    yield uploads.failUpload(smileJobId, generation, unusable.resultCode(), unusable.resultText());
                }
            };
            return switch (result) {
                case ACCEPTED, ALREADY_RECEIVED -> received();
                case SUPERSEDED -> Reply.error(403, "upload_url_superseded", "This upload URL was replaced by a retry");
                case NOT_FOUND -> Reply.error(404, "not_found", "No such job");
            };
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Reply received() {
        return Reply.json(200, "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static ObjectNode parseInputs(String json) {
        try {
            return (ObjectNode) JsonSupport.MAPPER.readTree(json);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("stored job inputs are not a JSON object", e);
        }
    }
}
