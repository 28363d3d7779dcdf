package dev.verdict.images;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** How the internal API shows an image's metadata (never its bytes). */
public final class ImageJson {
    private ImageJson() {}

    /** What an engine needs to fetch it: id, kind, content type. */
    public static void writeSummary(JsonGenerator g, ImageRecord image) throws IOException {
        g.writeStringField("id", image.id());
        g.writeStringField("kind", image.kind().wireName());
        g.writeStringField("content_type", image.contentType());
    }

    /** The summary plus size and SHA-256. */
    public static void writeDetail(JsonGenerator g, ImageRecord image) throws IOException {
        writeSummary(g, image);
        g.writeNumberField("size_bytes", image.sizeBytes());
        g.writeStringField("sha256", image.sha256());
    }

    /** An array field of objects, summary or detail. */
    public static void writeArray(JsonGenerator g, String field, Iterable<ImageRecord> images, boolean detail)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (var image : images) {
            g.writeStartObject();
            if (detail) {
                writeDetail(g, image);
            } else {
                writeSummary(g, image);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
