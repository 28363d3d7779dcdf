package dev.verdict.images;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/** Images in the database, shared by every node of a cluster (required with PostgreSQL). */
public final class DatabaseImageStore implements ImageStore {

    @Override
    public void put(Connection c, String imageId, byte[] bytes) throws SQLException {
        try (var insert = c.prepareStatement("INSERT INTO image_blobs (image_id, data) VALUES (?, ?)")) {
            insert.setString(1, imageId);
            insert.setBytes(2, bytes);
            insert.executeUpdate();
        }
    }

    @Override
    public void replace(Connection c, String imageId, byte[] bytes) throws IOException, SQLException {
        try (var update = c.prepareStatement("UPDATE image_blobs SET data = ? WHERE image_id = ?")) {
            update.setBytes(1, bytes);
            update.setString(2, imageId);
            if (update.executeUpdate() != 1) {
                throw new IOException("image bytes missing for " + imageId);
            }
        }
    }

    @Override
    public byte[] get(Connection c, String imageId) throws IOException, SQLException {
        try (var select = c.prepareStatement("SELECT data FROM image_blobs WHERE image_id = ?")) {
            select.setString(1, imageId);
            try (var rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IOException("image bytes missing for " + imageId);
                }
                return rs.getBytes(1);
            }
        }
    }

    @Override
    public void delete(Connection c, String imageId) throws SQLException {
        try (var delete = c.prepareStatement("DELETE FROM image_blobs WHERE image_id = ?")) {
            delete.setString(1, imageId);
            delete.executeUpdate();
        }
    }
}
