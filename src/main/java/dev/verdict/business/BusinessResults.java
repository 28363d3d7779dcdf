package dev.verdict.business;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.JsonSupport;

/** Turns a registry's answer into the result a job type 7 records (docs/sandbox.md, docs/result-codes.md). */
public final class BusinessResults {
    private BusinessResults() {}

    /** The internal result post for this answer (without {@code seq}). */
    public static ObjectNode resultPost(BusinessRegistry.Answer answer, BusinessRegistry.Query query,
            String producedBy) {
        var post = JsonSupport.MAPPER.createObjectNode();
        var found = answer.outcome() == BusinessRegistry.Outcome.FOUND;
        post.put("ResultCode", switch (answer.outcome()) {
            case FOUND -> "1012";
            case NOT_FOUND -> "1013";
            case INVALID_FORMAT -> "1014";
            case REGISTRY_UNAVAILABLE -> "1015";
            case UNSUPPORTED -> "1016";
        });
        post.put("IsMachineResult", "true");
        post.putObject("Actions")
                .put("Verify_Business", found ? "Verified"
                        : answer.outcome() == BusinessRegistry.Outcome.NOT_FOUND ? "Not Verified" : "Not Done")
                .put("Return_Business_Info", found ? "Returned" : "Not Returned");
        if (found) {
            post.setAll(answer.record());
        } else {
            put(post, "Country", query.country());
            put(post, "IDType", query.idType());
            put(post, "IDNumber", query.idNumber());
        }
        post.put("produced_by", producedBy);
        return post;
    }

    private static void put(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
