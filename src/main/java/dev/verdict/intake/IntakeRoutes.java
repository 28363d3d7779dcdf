package dev.verdict.intake;

import dev.verdict.http.JsonSupport;
import dev.verdict.http.Reply;
import dev.verdict.http.Request;
import dev.verdict.http.Routes;
import dev.verdict.identity.IdentityLookup;
import dev.verdict.v1.V1Code;
import java.nio.charset.StandardCharsets;

/**
 * Routes of the intake endpoints on the public listeners: each parses the request into its request
 * record, calls one service method and renders the answer. Refusals are thrown and answered by
 * {@link dev.verdict.http.ErrorReplies}.
 */
public final class IntakeRoutes {
    /** JSON bodies of the v1 intake endpoints are refused above this size (413). */
    public static final int MAX_JSON_BYTES = 1024 * 1024;
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    private IntakeRoutes() {}

    public static void register(Routes routes, PrepUploadService prepUpload, UploadService uploads,
            IdVerificationService idVerification, IdentityLookup lookup) {
        routes.post("/v1/upload", request -> prepareUpload(prepUpload, request));
        routes.post("/v1//upload", request -> prepareUpload(prepUpload, request));
        routes.put("/uploads/{smile_job_id}/{generation}/selfie.zip", request -> receiveZip(uploads, request));
        routes.post("/v1/id_verification", request -> verifyId(idVerification, request, false));
        routes.post("/v1//id_verification", request -> verifyId(idVerification, request, false));
        routes.post("/v1/async_id_verification", request -> verifyId(idVerification, request, true));
        routes.get("/v1/services", request -> Reply.json(200, Reply.Json.write(g -> {
            g.writeObjectFieldStart("id_types");
            for (var country : lookup.supportedIdTypes().entrySet()) {
                g.writeObjectFieldStart(country.getKey());
                for (var type : country.getValue().entrySet()) {
                    g.writeArrayFieldStart(type.getKey());
                    for (var field : type.getValue()) {
                        g.writeString(field);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        })));
    }

    private static Reply prepareUpload(PrepUploadService service, Request request) throws Exception {
        var prepared = service.prepare(PrepUploadRequest.parse(request.body(MAX_JSON_BYTES)));
        return Reply.json(200, Reply.Json.write(g -> {
            g.writeStringField("upload_url", prepared.uploadUrl());
            g.writeStringField("ref_id", prepared.refId());
            g.writeStringField("smile_job_id", prepared.smileJobId());
            g.writeStringField("camera_config", "null");
            g.writeStringField("code", V1Code.UPLOAD_READY.code());
        }));
    }

    /** Exactly 200 {@code {}} once the bytes are taken (DESIGN §4). */
    private static Reply receiveZip(UploadService service, Request request) throws Exception {
        var upload = new UploadService.ZipUpload(request.pathParam("smile_job_id"), request.pathParam("generation"),
                request.query("expires").orElse(null), request.query("signature").orElse(null));
        service.receive(upload, request::bodyToFile);
        return Reply.json(200, EMPTY_OBJECT);
    }

    private static Reply verifyId(IdVerificationService service, Request request, boolean async) throws Exception {
        var verification = service.verify(IdVerificationRequest.parse(request.body(MAX_JSON_BYTES)), async);
        return switch (verification) {
            case IdVerificationService.Queued queued -> Reply.json(200, Reply.Json.write(g -> {
                g.writeBooleanField("success", true);
                g.writeStringField("smile_job_id", queued.smileJobId());
            }));
            case IdVerificationService.Verified verified -> Reply.json(200, Reply.Json.write(g -> {
                // the result object's fields, then the signature over the answer's own timestamp
                try (var parser = JsonSupport.MAPPER.createParser(verified.resultJson())) {
                    parser.nextToken();
                    while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                        g.writeFieldName(parser.currentName());
                        parser.nextToken();
                        g.copyCurrentStructure(parser);
                    }
                }
                g.writeStringField("signature", verified.signature());
                g.writeStringField("timestamp", verified.timestamp());
            }));
        };
    }
}
