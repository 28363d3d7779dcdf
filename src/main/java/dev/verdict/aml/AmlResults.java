package dev.verdict.aml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.JsonSupport;

/** Turns a screening into the result a job type 10 records (docs/sandbox.md, docs/result-codes.md). */
public final class AmlResults {
    private AmlResults() {}

    /** The internal result post for this screening (without {@code seq}). */
    public static ObjectNode resultPost(WatchList.Answer answer, WatchList.Query query, String producedBy) {
        var listed = !answer.people().isEmpty();
        var post = JsonSupport.MAPPER.createObjectNode();
        post.put("ResultCode", listed ? "1030" : "1031");
        post.put("IsMachineResult", "true");
        post.putObject("Actions").put("Listed", listed ? "Listed" : "Not Listed");
        post.put("StrictMatch", query.strictMatch());
        post.put("no_of_persons_found", answer.people().size());
        post.set("people", answer.people());
        post.put("produced_by", producedBy);
        return post;
    }
}
