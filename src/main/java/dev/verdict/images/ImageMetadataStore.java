package dev.verdict.images;

import dev.verdict.db.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for image metadata. */
final class ImageMetadataStore {
    private static final String COLUMNS = "id, job_pk, kind, content_type, size_bytes, sha256, created_at";

    void insert(Connection c, ImageRecord image) throws SQLException {
        try (var insert = c.prepareStatement("""
                INSERT INTO images (id, job_pk, kind, content_type, size_bytes, sha256, storage_key, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, image.id());
            insert.setLong(2, image.jobPk());
            insert.setString(3, image.kind().name());
            insert.setString(4, image.contentType());
            insert.setLong(5, image.sizeBytes());
            insert.setString(6, image.sha256());
            insert.setString(7, image.id());
            Jdbc.setInstant(insert, 8, image.createdAt());
            insert.executeUpdate();
        }
    }

    List<ImageRecord> forJob(Connection c, long jobPk) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + COLUMNS + " FROM images WHERE job_pk = ? ORDER BY created_at, id")) {
            select.setLong(1, jobPk);
            try (var rs = select.executeQuery()) {
                var images = new ArrayList<ImageRecord>();
                while (rs.next()) {
                    images.add(map(rs));
                }
                return images;
            }
        }
    }

    Optional<ImageRecord> find(Connection c, String imageId) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + COLUMNS + " FROM images WHERE id = ?")) {
            select.setString(1, imageId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    int delete(Connection c, String imageId) throws SQLException {
        try (var delete = c.prepareStatement("DELETE FROM images WHERE id = ?")) {
            delete.setString(1, imageId);
            return delete.executeUpdate();
        }
    }

    private static ImageRecord map(ResultSet rs) throws SQLException {
        return new ImageRecord(rs.getString("id"), rs.getLong("job_pk"), ImageKind.valueOf(rs.getString("kind")),
                rs.getString("content_type"), rs.getLong("size_bytes"), rs.getString("sha256"),
                Jdbc.getInstant(rs, "created_at"));
    }
}
