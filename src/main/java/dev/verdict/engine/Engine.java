package dev.verdict.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.JsonSupport;
import dev.verdict.images.ImageKind;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.JobException;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.WorkClaims;
import dev.verdict.users.UserService;
import dev.verdict.work.Worker;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the built-in sandbox engine on this node: workers claim ready jobs of the configured types
 * from the database queue (woken at once by this node's commits, polling for other nodes'),
 * decide, and record the results in one transaction that also ends the work item. A claim is a
 * lease: if this node dies, another takes the job over once the lease runs out. Results carry the
 * next {@code seq}, so a job is never decided twice even when two workers race.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** After this many failed attempts a job ends with a final error result instead of looping. */
    static final int MAX_ATTEMPTS = 5;

    /** Engine settings. */
    public record Settings(Set<Integer> jobTypes, int workers, Duration lease, Duration poll, String nodeId) {}

    private final JobService jobs;
    private final WorkClaims claims;
    private final ImageService images;
    private final UserService users;
    private final SandboxEngine sandbox;
    private final InstantSource clock;
    private final Settings settings;
    private final Worker<WorkClaims.Claimed> worker;

    public Engine(JobService jobs, WorkClaims claims, ImageService images, UserService users, SandboxEngine sandbox,
            InstantSource clock, Settings settings) {
        this.jobs = jobs;
        this.claims = claims;
        this.images = images;
        this.users = users;
        this.sandbox = sandbox;
        this.clock = clock;
        this.settings = settings;
        this.worker = new Worker<>("verdict-engine", settings.poll(),
                () -> claims.claim(settings.nodeId(), settings.jobTypes(), 1, settings.lease()), this::process,
                claims::awaitWork, claims::signal);
    }

    public Engine start() {
        if (settings.jobTypes().isEmpty()) {
            return this;
        }
        worker.start(settings.workers());
        LOG.info("sandbox engine: {} workers for job types {}", settings.workers(), settings.jobTypes());
        return this;
    }

    /** The engine's workers: {@link Worker#runOnce} decides whatever is ready now. */
    public Worker<WorkClaims.Claimed> worker() {
        return worker;
    }

    private void process(WorkClaims.Claimed claimed) throws InterruptedException {
        var job = claimed.job();
        var item = claimed.item();
        try {
            var slow = SandboxEngine.slowness(job, item.attempts());
            if (!slow.isZero()) {
                Thread.sleep(slow.toMillis());
            }
            var verdict = sandbox.decide(input(claimed), clock.instant());
            switch (verdict) {
                case SandboxEngine.Defer defer -> claims.release(item, defer.until());
                case SandboxEngine.Results results -> record(job.smileJobId(), job.latestSeq(), results);
            }
        } catch (JobException e) {
            // another worker recorded this job's results first (seq conflict): nothing to do
            LOG.debug("job {} already decided elsewhere: {}", job.smileJobId(), e.getMessage());
        } catch (RuntimeException | IOException e) {
            LOG.error("sandbox engine failed on job {} (attempt {})", job.smileJobId(), item.attempts(), e);
            if (item.attempts() >= MAX_ATTEMPTS) {
                var post = JsonSupport.MAPPER.createObjectNode()
                        .put("ResultCode", "0001")
                        .put("ResultText", "Unable to process - engine failure")
                        .put("produced_by", "sandbox");
                record(job.smileJobId(), job.latestSeq(), new SandboxEngine.Results(List.of(post), null));
            } else {
                claims.release(item, clock.instant().plusSeconds(5L * item.attempts()));
            }
        }
    }

    private void record(String smileJobId, int latestSeq, SandboxEngine.Results results) {
        var posts = new ArrayList<ObjectNode>();
        var seq = latestSeq;
        for (var post : results.posts()) {
            posts.add(post.deepCopy().put("seq", ++seq));
        }
        jobs.recordResults(smileJobId, posts, results.enrolSelfieImageId());
    }

    private SandboxEngine.Input input(WorkClaims.Claimed claimed) throws IOException {
        var job = claimed.job();
        var byKind = new EnumMap<ImageKind, SandboxEngine.Image>(ImageKind.class);
        for (var image : images.imagesOf(job.pk())) {
            if (!byKind.containsKey(image.kind())) {
                byKind.put(image.kind(), new SandboxEngine.Image(image.id(), images.read(image.id(), "sandbox")));
            }
        }
        Optional<SandboxEngine.Image> enrolled = Optional.empty();
        if (job.jobType().mayUseEnrolledSelfie()) {
            var selfieId = users.enrolledSelfie(job.partnerId(), job.userId());
            if (selfieId.isPresent()) {
                enrolled = Optional.of(new SandboxEngine.Image(selfieId.get(), images.read(selfieId.get(), "sandbox")));
            }
        }
        var inputs = job.inputsJson().map(Engine::parse).orElseGet(JsonSupport.MAPPER::createObjectNode);
        return new SandboxEngine.Input(job, inputs, byKind, enrolled, claimed.item().createdAt(), claimed.item().attempts());
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JsonSupport.MAPPER.readTree(json);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("stored job inputs are not a JSON object", e);
        }
    }

    @Override
    public void close() {
        worker.close();
    }
}
