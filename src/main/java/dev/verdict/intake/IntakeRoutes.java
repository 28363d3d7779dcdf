package dev.verdict.intake;

import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
import dev.verdict.http.JsonSupport;
import dev.verdict.http.Reply;
import dev.verdict.http.Request;
import dev.verdict.http.Routes;
import dev.verdict.identity.IdentityLookup;
import dev.verdict.v1.V1Code;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes of the intake endpoints on the public listeners: each parses the request into its request
 * record, calls one service method and renders the answer. Refusals are thrown and answered by
 * {@link dev.verdict.http.ErrorReplies}.
 */
public final class IntakeRoutes {
    /** JSON bodies of the v1 intake endpoints are refused above this size (413). */
    public static final int MAX_JSON_BYTES = 1024 * 1024;
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    private static final IdVerificationService.Product ID = IdVerificationService.Product.ID_VERIFICATION;
    private static final IdVerificationService.Product BUSINESS = IdVerificationService.Product.BUSINESS_VERIFICATION;

    /** Endpoints the official SDKs call that Verdict does not offer (docs/api.md "Every SDK endpoint"). */
    static final Map<String, String> UNSUPPORTED = unsupported();

    private IntakeRoutes() {}

    private static Map<String, String> unsupported() {
        var paths = new LinkedHashMap<String, String>();
        paths.put("/v1/async-verify-address", "Verdict does not offer address verification (job type 12)");
        var mobile = "Verdict does not serve the mobile SDKs' endpoints; use the server-side SDKs' API";
        for (var path : List.of("/v1/auth_smile", "/v1/products_config", "/v1/valid_documents", "/v1/totp_consent",
                "/v1/totp_consent/mode", "/v1/totp_consent/otp", "/v2/smart-selfie-enroll",
                "/v2/smart-selfie-authentication")) {
            paths.put(path, mobile);
        }
        return Collections.unmodifiableMap(paths);
    }

    public static void register(Routes routes, PrepUploadService prepUpload, UploadService uploads,
            IdVerificationService idVerification, IdentityLookup lookup) {
        routes.post("/v1/upload", request -> prepareUpload(prepUpload, request));
        routes.post("/v1//upload", request -> prepareUpload(prepUpload, request));
        routes.put("/uploads/{smile_job_id}/{generation}/selfie.zip", request -> receiveZip(uploads, request));
        for (var prefix : List.of("/v1/", "/v1//")) {
            routes.post(prefix + "id_verification", request -> verifyId(idVerification, request, ID, false));
            routes.post(prefix + "async_id_verification", request -> verifyId(idVerification, request, ID, true));
            routes.post(prefix + "business_verification", request -> verifyId(idVerification, request, BUSINESS, false));
            routes.post(prefix + "async_business_verification",
                    request -> verifyId(idVerification, request, BUSINESS, true));
            routes.post(prefix + "aml", request -> render(idVerification.screen(AmlRequest.parse(
                    request.body(MAX_JSON_BYTES))), false));
        }
        // endpoints of the official SDKs Verdict does not offer: a JSON answer that says so, never a 404
        for (var unsupported : UNSUPPORTED.entrySet()) {
            routes.post(unsupported.getKey(), request -> {
                throw new ApiException(ErrorCode.NOT_SUPPORTED, unsupported.getValue());
            });
        }
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
        })).withCode(V1Code.UPLOAD_READY.code());
    }

    /** Exactly 200 {@code {}} once the bytes are taken (DESIGN §4). */
    private static Reply receiveZip(UploadService service, Request request) throws Exception {
        var upload = new UploadService.ZipUpload(request.pathParam("smile_job_id"), request.pathParam("generation"),
                request.query("expires").orElse(null), request.query("signature").orElse(null));
        service.receive(upload, request::bodyToFile);
        return Reply.json(200, EMPTY_OBJECT);
    }

    private static Reply verifyId(IdVerificationService service, Request request,
            IdVerificationService.Product product, boolean async) throws Exception {
        var verification = service.verify(IdVerificationRequest.parse(request.body(MAX_JSON_BYTES)), product, async);
        // the synchronous business answer also says "success": true, as Smile ID's does
        return render(verification, product == BUSINESS);
    }

    private static Reply render(IdVerificationService.Verification verification, boolean success) throws Exception {
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
                if (success) {
                    g.writeBooleanField("success", true);
                }
                g.writeStringField("signature", verified.signature());
                g.writeStringField("timestamp", verified.timestamp());
            }));
        };
    }
}
