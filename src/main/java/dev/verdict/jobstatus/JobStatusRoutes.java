package dev.verdict.jobstatus;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.verdict.http.RawJson;
import dev.verdict.http.Reply;
import dev.verdict.http.Request;
import dev.verdict.http.Routes;
import dev.verdict.v1.V1Code;
import java.io.IOException;
import java.util.Map;

/**
 * Routes of the Job Status API on the public listeners: parse the body into a {@link JobStatusRequest},
 * ask {@link JobStatusService}, render its answer in the v1 key order and types (DESIGN §3.3).
 */
public final class JobStatusRoutes {
    /** Bodies above this are refused with 413 / 2303 before parsing. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private JobStatusRoutes() {}

    public static void register(Routes routes, JobStatusService service) {
        routes.post("/v1/job_status", request -> answer(service, request));
        // Python with a trailing slash in its base URL sends //job_status
        routes.post("/v1//job_status", request -> answer(service, request));
    }

    private static Reply answer(JobStatusService service, Request request) throws Exception {
        var parsed = JobStatusRequest.parse(request.body(MAX_BODY_BYTES));
        return switch (service.answer(parsed)) {
            case JobStatusAnswer.Found found -> found(found);
            case JobStatusAnswer.Refused refused -> refused(refused);
        };
    }

    private static Reply found(JobStatusAnswer.Found found) {
        var answered = found.noZipYet() ? V1Code.STATUS_NO_ZIP_RECEIVED : V1Code.STATUS_SUCCESS;
        return Reply.json(200, Reply.Json.write(g -> {
            g.writeStringField("timestamp", found.signed().timestamp());
            g.writeStringField("signature", found.signed().signature());
            g.writeBooleanField("job_complete", found.complete());
            g.writeBooleanField("job_success", found.success());
            g.writeStringField("code", answered.code());
            if (found.noZipYet()) {
                g.writeStringField("result", V1Code.STATUS_NO_ZIP_RECEIVED.text());
            } else if (found.resultJson().isPresent()) {
                g.writeFieldName("result");
                g.writeRawValue(new RawJson(found.resultJson().get()));
            }
            if (found.imageLinks().isPresent()) {
                writeImageLinks(g, found.imageLinks().get());
            }
            if (found.history().isPresent()) {
                g.writeArrayFieldStart("history");
                for (var item : found.history().get()) {
                    g.writeRawValue(new RawJson(item));
                }
                g.writeEndArray();
            }
        })).withCode(answered.code());
    }

    private static void writeImageLinks(JsonGenerator g, Map<String, String> links) throws IOException {
        g.writeObjectFieldStart("image_links");
        if (links.isEmpty()) {
            g.writeStringField("error", "No images found");
        }
        for (var entry : links.entrySet()) {
            g.writeStringField(entry.getKey(), entry.getValue());
        }
        g.writeEndObject();
    }

    /** Errors after authentication carry timestamp and signature too (the Ruby SDK checks every body). */
    private static Reply refused(JobStatusAnswer.Refused refused) {
        var code = refused.code();
        return Reply.json(code.httpStatus(), Reply.Json.write(g -> {
            g.writeStringField("error", code.text());
            g.writeStringField("code", code.code());
            g.writeStringField("timestamp", refused.signed().timestamp());
            g.writeStringField("signature", refused.signed().signature());
        })).withCode(code.code());
    }
}
