package dev.verdict.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.audit.AuditLog;
import dev.verdict.files.PrivateFiles;
import dev.verdict.http.ApiException;
import dev.verdict.http.BodyTooLargeException;
import dev.verdict.http.ErrorCode;
import dev.verdict.http.JsonSupport;
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
 * cap, not a zip at all), which leave the URL usable (DESIGN §4). {@link IntakeRoutes} hands over the
 * URL's parts and the body.
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

    /** The path and query of a {@code PUT <upload_url>}: which job, which URL generation, its signature. */
    record ZipUpload(String smileJobId, String generation, String expires, String signature) {}

    /** Where the zip comes from: the request body, streamed to a file under a cap. */
    @FunctionalInterface
    interface ZipBody {
        void saveTo(Path file, long maxBytes) throws IOException, BodyTooLargeException;
    }

    /**
     * Takes the zip for its job. Returns once the bytes are taken (also when they were taken before);
     * a transport fault is an {@link ApiException} that leaves the URL usable.
     */
    void receive(ZipUpload upload, ZipBody body) throws IOException, BodyTooLargeException {
        var smileJobId = upload.smileJobId();
        var check = urls.check(smileJobId, upload.generation(), upload.expires(), upload.signature(), clock.instant());
        if (check == ExpiringMac.Check.EXPIRED) {
            throw new ApiException(ErrorCode.UPLOAD_URL_EXPIRED);
        }
        if (check != ExpiringMac.Check.VALID) {
            throw new ApiException(ErrorCode.UPLOAD_URL_INVALID);
        }
        var generation = Integer.parseInt(upload.generation());
        var job = jobs.find(smileJobId);
        if (job.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No such job");
        }
        if (job.get().uploadGeneration() != generation) {
            throw new ApiException(ErrorCode.UPLOAD_URL_SUPERSEDED);
        }
        if (!job.get().state().awaitingUpload()) {
            return; // a second PUT after success changes nothing
        }

        var file = PrivateFiles.createTempFile(tempDir, TEMP_PREFIX, TEMP_SUFFIX);
        try {
            body.saveTo(file, maxBytes);
            byte[] head;
            try (var in = Files.newInputStream(file)) {
                head = in.readNBytes(4);
            }
            if (!ZipIntake.looksLikeZip(head)) {
                throw new ApiException(ErrorCode.NOT_A_ZIP);
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
                    yield recorded(smileJobId, () -> uploads.acceptUpload(smileJobId, generation, inputs, (c, j) -> {
                        for (var image : usable.images()) {
                            images.store(c, j.pk(), j.partnerId(), image.kind(), image.bytes(),
                                    AuditLog.ActorType.PARTNER, Long.toString(j.partnerId()));
                        }
                    }));
                }
                case ZipIntake.Unusable unusable -> {
                    LOG.info("upload for job {} unusable: {}", smileJobId, unusable.resultCode());
                    yield recorded(smileJobId,
                            () -> uploads.failUpload(smileJobId, generation, unusable.resultCode(), unusable.resultText()));
                }
            };
            switch (result) {
                case ACCEPTED, ALREADY_RECEIVED -> {
                    // taken
                }
                case SUPERSEDED -> throw new ApiException(ErrorCode.UPLOAD_URL_SUPERSEDED);
                case NOT_FOUND -> throw new ApiException(ErrorCode.NOT_FOUND, "No such job");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Records the upload's outcome. A refusal from there (the job changed concurrently, an image the
     * zip checks let through) is no fault of the uploader's: a system error, not a 4xx of the upload.
     */
    private static <T> T recorded(String smileJobId, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (ApiException e) {
            throw new IllegalStateException("upload for job " + smileJobId + " not recorded: " + e.code().code(), e);
        }
    }

    private static ObjectNode parseInputs(String json) {
        try {
            return (ObjectNode) JsonSupport.MAPPER.readTree(json);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("stored job inputs are not a JSON object", e);
        }
    }
}
