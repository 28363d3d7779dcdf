package dev.verdict.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One configured Jackson for the whole service: partner JSON is hostile, so nesting and sizes are bounded. */
public final class JsonSupport {
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(16 * 1024 * 1024)
                    .maxNumberLength(64)
                    .build())
            .build();
    public static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private JsonSupport() {}
}
