package dev.verdict.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.JsonSupport;

/** Turns an issuer's answer into the result a job type 5 records (docs/sandbox.md, docs/result-codes.md). */
public final class IdentityResults {
    private IdentityResults() {}

    /** The internal result post for this answer, as the next result ({@code seq}) of the job. */
    public static ObjectNode resultPost(IdentityLookup.Answer answer, IdentityLookup.Query query, int seq,
            String producedBy) {
        var post = JsonSupport.MAPPER.createObjectNode();
        post.put("seq", seq);
        var found = answer.outcome() == IdentityLookup.Outcome.FOUND;
        var code = switch (answer.outcome()) {
            case FOUND -> "1012";
            case NOT_FOUND -> "1013";
            case INVALID_FORMAT -> "1014";
            case ISSUER_UNAVAILABLE -> "1015";
            case UNSUPPORTED -> "1016";
        };
        post.put("ResultCode", code);
        post.put("ResultType", "ID Verification");
        post.put("IsMachineResult", "true");
        post.putObject("Actions")
                .put("Verify_ID_Number", found ? "Verified" : answer.outcome() == IdentityLookup.Outcome.NOT_FOUND
                        ? "Not Verified" : "Not Done")
                .put("Return_Personal_Info", found ? "Returned" : "Not Returned");
        if (found) {
            answer.fields().forEach(post::put);
        } else {
            // echo what was asked, as the hosted service does
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
