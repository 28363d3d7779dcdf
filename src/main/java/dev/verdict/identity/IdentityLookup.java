package dev.verdict.identity;

import java.util.List;
import java.util.Map;

/**
 * Looks an ID up at its issuer. The sandbox registry answers by default; a real issuer connector
 * implements the same interface.
 */
public interface IdentityLookup {

    /** What the partner gave. Names and dates are optional. */
    record Query(String country, String idType, String idNumber, String firstName, String lastName, String dob) {}

    /** The issuer's answer. {@code fields} are the ID fields a result carries (FullName, DOB …). */
    record Answer(Outcome outcome, Map<String, String> fields) {}

    enum Outcome {
        /** The ID exists; fields hold what the issuer returned. */
        FOUND,
        /** The number is well-formed but unknown to the issuer. */
        NOT_FOUND,
        /** The number does not have the format of this ID type. */
        INVALID_FORMAT,
        /** The issuer could not be reached. */
        ISSUER_UNAVAILABLE,
        /** This country and ID type are not supported. */
        UNSUPPORTED
    }

    Answer lookup(Query query);

    /** Supported ID types per country, each with the fields it needs: what GET /v1/services lists. */
    Map<String, Map<String, List<String>>> supportedIdTypes();
}
