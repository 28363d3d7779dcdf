package dev.verdict.business;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Looks a business up at its registry (job type 7). The sandbox registry answers by default; a real
 * registry connector implements the same interface.
 */
public interface BusinessRegistry {

    /** What the partner gave: {@code businessType} ({@code bn}, {@code co}, {@code it}) is optional. */
    record Query(String country, String idType, String idNumber, String businessType) {}

    /**
     * The registry's answer. {@code record} holds, for a found business, the result fields Smile ID
     * returns: {@code company_information}, {@code fiduciaries}, {@code beneficial_owners},
     * {@code proprietors}, {@code documents}, {@code directors}.
     */
    record Answer(Outcome outcome, ObjectNode record) {}

    enum Outcome {
        /** The business exists; {@code record} holds what the registry returned. */
        FOUND,
        /** The number is well-formed but unknown to the registry. */
        NOT_FOUND,
        /** The number does not have the format of this ID type. */
        INVALID_FORMAT,
        /** The registry could not be reached. */
        REGISTRY_UNAVAILABLE,
        /** This country and ID type are not supported. */
        UNSUPPORTED
    }

    Answer lookup(Query query);

    /** Supported ID types per country, each with the fields it needs. */
    Map<String, Map<String, List<String>>> supportedIdTypes();
}
