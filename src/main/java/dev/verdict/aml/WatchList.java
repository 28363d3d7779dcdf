package dev.verdict.aml;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * Screens a person against sanctions, politically-exposed-person and adverse-media lists (job type
 * 10). The sandbox list answers by default; a real screening provider implements the same interface.
 */
public interface WatchList {

    /** What the partner gave: {@code birthYear} and {@code countries} narrow the search. */
    record Query(String fullName, String birthYear, List<String> countries, boolean strictMatch) {}

    /** The people found, each in Smile ID's shape (name, aliases, pep, sanctions, adverse_media …). */
    record Answer(ArrayNode people) {}

    Answer screen(Query query);
}
