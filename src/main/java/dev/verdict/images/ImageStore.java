package dev.verdict.images;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where image bytes live. Writes join the caller's transaction where the store can (database),
 * so an image and its metadata commit together. A store keeps what it is given: {@link ImageService}
 * hands it sealed bytes ({@link ImageCipher}), so no store ever sees an image in clear.
 */
public interface ImageStore {
    void put(Connection c, String imageId, byte[] bytes) throws IOException, SQLException;

    /** Replaces an image's stored bytes (atomically: a reader sees the old bytes or the new). */
    void replace(Connection c, String imageId, byte[] bytes) throws IOException, SQLException;

    byte[] get(Connection c, String imageId) throws IOException, SQLException;

    /** Deletes an image's bytes (retention, erasure); nothing happens when they are already gone. */
    void delete(Connection c, String imageId) throws IOException, SQLException;
}
