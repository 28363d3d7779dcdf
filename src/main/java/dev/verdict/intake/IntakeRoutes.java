package dev.verdict.intake;

import dev.verdict.http.Reply;
import dev.verdict.http.Routes;
import dev.verdict.identity.IdentityLookup;

/** Routes of the intake endpoints on the public listeners. */
public final class IntakeRoutes {
    /** JSON bodies of the v1 intake endpoints are refused above this size (413). */
    public static final int MAX_JSON_BYTES = 1024 * 1024;

    private IntakeRoutes() {}

    public static void register(Routes routes, PrepUploadService prepUpload, UploadService uploads,
            IdVerificationService idVerification, IdentityLookup lookup) {
        routes.post("/v1/upload", request -> prepUpload.prepare(request.body(MAX_JSON_BYTES)));
        routes.post("/v1//upload", request -> prepUpload.prepare(request.body(MAX_JSON_BYTES)));
        routes.put("/uploads/{smile_job_id}/{generation}/selfie.zip", uploads::receive);
        routes.post("/v1/id_verification", request -> idVerification.verify(request.body(MAX_JSON_BYTES), false));
        routes.post("/v1//id_verification", request -> idVerification.verify(request.body(MAX_JSON_BYTES), false));
        routes.post("/v1/async_id_verification",
                request -> idVerification.verify(request.body(MAX_JSON_BYTES), true));
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
}
