package dev.verdict.images;

import dev.verdict.db.Dialect;
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
                INSERT INTO images (id, job_pk, kind, content_type, size_bytes, sha256, storage_key, created_at, sealed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, image.id());
            insert.setLong(2, image.jobPk());
            insert.setString(3, image.kind().name());
            insert.setString(4, image.contentType());
            insert.setLong(5, image.sizeBytes());
            insert.setString(6, image.sha256());
            insert.setString(7, image.id());
            Jdbc.setInstant(insert, 8, image.createdAt());
            insert.setBoolean(9, true);
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

    /** An image's metadata and whether its stored bytes are sealed (false only for images from before sealing). */
    record Stored(ImageRecord image, boolean sealed) {}

    Optional<Stored> findStored(Connection c, String imageId) throws SQLException {
        try (var select = c.prepareStatement("SELECT " + COLUMNS + ", sealed FROM images WHERE id = ?")) {
            select.setString(1, imageId);
            try (var rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(map(rs), rs.getBoolean("sealed"))) : Optional.empty();
            }
        }
    }

    /**
     * Up to {@code limit} ids of images still stored in clear, oldest first, locked for the caller's
     * transaction. On PostgreSQL rows another node has locked are skipped, so nodes starting together
     * share the work; SQLite's one writer needs no lock.
     */
    List<String> lockClear(Connection c, int limit) throws SQLException {
        var lock = Dialect.forUpdate(c);
        try (var select = c.prepareStatement("SELECT id FROM images WHERE NOT sealed ORDER BY created_at, id LIMIT ?"
                + (lock.isEmpty() ? "" : lock + " SKIP LOCKED"))) {
            select.setInt(1, limit);
            try (var rs = select.executeQuery()) {
                var ids = new ArrayList<String>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }

    /** Marks an image's stored bytes sealed; false when another transaction did first. */
    boolean markSealed(Connection c, String imageId) throws SQLException {
        try (var update = c.prepareStatement("UPDATE images SET sealed = ? WHERE id = ? AND NOT sealed")) {
            update.setBoolean(1, true);
            update.setString(2, imageId);
            return update.executeUpdate() == 1;
        }
    }

    /** How many images are still stored in clear. */
    long countClear(Connection c) throws SQLException {
        try (var select = c.prepareStatement("SELECT COUNT(*) FROM images WHERE NOT sealed");
                var rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
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
