package dev.verdict.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.verdict.audit.AuditLog;
import dev.verdict.images.ImageKind;
import dev.verdict.images.ImageService;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.operators.IssuedPassword;
import dev.verdict.operators.OperatorRole;
import dev.verdict.operators.OperatorService;
import dev.verdict.partners.IssuedKey;
import dev.verdict.partners.PartnerService;
import java.awt.Color;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Sandbox first start: a demo partner with one completed SmartSelfie Registration (job type 4)
 * whose selfie and approved result are in place, so job_status can be tried at once; and an admin
 * operator named {@value #ADMIN_OPERATOR}, so the console can be signed into at once.
 */
public final class DemoData {
    public static final String USER_ID = "demo-user";
    public static final String JOB_ID = "demo-job";
    public static final String ADMIN_OPERATOR = "admin";

    /** What the banner prints (and nothing else: the API key and the password are never logged). */
    public record Created(IssuedKey key, String smileJobId, IssuedPassword admin) {}

    private DemoData() {}

    public static Created create(PartnerService partners, JobService jobs, ImageService images,
            OperatorService operators) {
        var key = partners.create("Demo partner");
        var extras = JsonNodeFactory.instance.objectNode().put("source", "verdict-demo");
        var job = jobs.create(new JobService.NewJob(key.partnerId(), USER_ID, JOB_ID, 4, extras, null, "verdict",
                null, key.keyId(), JobState.RECEIVED));
        images.store(job.pk(), key.partnerId(), ImageKind.SELFIE, selfie(), AuditLog.ActorType.ENGINE, "demo");
        var result = JsonNodeFactory.instance.objectNode();
        result.put("seq", 1);
        result.put("ResultCode", "0840");
        result.put("ResultText", "Enroll User");
        result.put("ResultType", "SAIA");
        result.put("ConfidenceValue", "99.5");
        result.put("IsMachineResult", "true");
        result.put("produced_by", "sandbox");
        result.putObject("Actions")
                .put("Liveness_Check", "Passed")
                .put("Register_Selfie", "Approved")
                .put("Selfie_Provided", "Passed");
        jobs.recordResult(job.smileJobId(), result);
        return new Created(key, job.smileJobId(), operators.create(ADMIN_OPERATOR, OperatorRole.ADMIN));
    }

    /** A small generated portrait: no real person's image ships with Verdict. */
    static byte[] selfie() {
        var image = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0xE8EEF4));
        g.fillRect(0, 0, 96, 96);
        g.setColor(new Color(0xC68642));
        g.fillOval(24, 14, 48, 58);
        g.setColor(Color.DARK_GRAY);
        g.fillOval(36, 34, 6, 6);
        g.fillOval(54, 34, 6, 6);
        g.drawArc(38, 46, 20, 12, 200, 140);
        g.dispose();
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
