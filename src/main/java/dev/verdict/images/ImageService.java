package dev.verdict.images;

import dev.verdict.audit.AuditLog;
import dev.verdict.db.Database;
import dev.verdict.db.DatabaseException;
import java.io.IOException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Storing and serving job images. Every fetch through a link is audited. */
public final class ImageService {
    /** Largest image accepted (bytes). */
    public static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;

    private final Database database;
    private final ImageStore bytes;
    private final AuditLog audit;
    private final InstantSource clock;
    private final ImageMetadataStore metadata = new ImageMetadataStore();
    private final SecureRandom random = new SecureRandom();

    public ImageService(Database database, ImageStore bytes, AuditLog audit, InstantSource clock) {
        this.database = database;
        this.bytes = bytes;
        this.audit = audit;
        this.clock = clock;
    }

    /** Stores an image of a job; the content type comes from the bytes, never from the sender. */
    public ImageRecord store(long jobPk, long partnerId, ImageKind kind, byte[] content, AuditLog.ActorType actorType,
            String actorId) {
        return database.inTransaction(c -> store(c, jobPk, partnerId, kind, content, actorType, actorId));
    }

    /** Stores an image inside the caller's transaction (so a job's images commit with its state). */
    public ImageRecord store(Connection c, long jobPk, long partnerId, ImageKind kind, byte[] content,
            AuditLog.ActorType actorType, String actorId) throws SQLException {
        if (content.length == 0) {
            throw new ImageException("the image is empty");
        }
        if (content.length > MAX_IMAGE_BYTES) {
            throw new ImageException("the image is larger than " + MAX_IMAGE_BYTES + " bytes");
        }
        var contentType = ContentTypes.detect(content)
                .orElseThrow(() -> new ImageException("the image is neither JPEG nor PNG"));
        var id = newId();
        var record = new ImageRecord(id, jobPk, kind, contentType, content.length, sha256(content), clock.instant());
        try {
            bytes.put(c, id, content);
        } catch (IOException e) {
            throw new DatabaseException("cannot write image bytes: " + e.getMessage(), e);
        }
        metadata.insert(c, record);
        audit.record(c, new AuditLog.Entry(actorType, actorId, "image.stored", partnerId, jobPk, id, kind.wireName()));
        return record;
    }

    public List<ImageRecord> imagesOf(long jobPk) {
        return database.read(c -> metadata.forJob(c, jobPk));
    }

    /** An image's bytes for an engine; audited like every other read. */
    public byte[] read(String imageId, String reader) throws IOException {
        try {
            return database.inTransaction(c -> {
                var image = metadata.find(c, imageId).orElseThrow(() -> new java.sql.SQLException("no image " + imageId));
                byte[] content;
                try {
                    content = bytes.get(c, imageId);
                } catch (IOException e) {
                    throw new DatabaseException("cannot read image bytes: " + e.getMessage(), e);
                }
                audit.record(c, new AuditLog.Entry(AuditLog.ActorType.ENGINE, reader, "image.read", null, image.jobPk(),
                        imageId, null));
                return content;
            });
        } catch (DatabaseException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * An image and its bytes for a signed-in operator (the console's evidence), audited in the same
     * transaction with the operator as the actor.
     */
    public Optional<Served> readForOperator(String imageId, String operator) {
        return readAudited(imageId, AuditLog.ActorType.OPERATOR, operator, "image.viewed");
    }

    /** An image and its bytes, for a link that has already been checked. */
    public record Served(ImageRecord image, byte[] bytes) {}

    /** Reads an image for a verified link and audits the fetch in the same transaction. */
    public Optional<Served> fetchForLink(String imageId, String requester) {
        return readAudited(imageId, AuditLog.ActorType.LINK, requester, "image.fetched");
    }

    /** Every read of an image's bytes outside the engine: the bytes and their audit record in one transaction. */
    private Optional<Served> readAudited(String imageId, AuditLog.ActorType actorType, String actor, String action) {
        return database.inTransaction(c -> {
            var image = metadata.find(c, imageId);
            if (image.isEmpty()) {
                return Optional.<Served>empty();
            }
            byte[] content;
            try {
                content = bytes.get(c, imageId);
            } catch (IOException e) {
                throw new DatabaseException("cannot read image bytes: " + e.getMessage(), e);
            }
            audit.record(c, new AuditLog.Entry(actorType, actor, action, null, image.get().jobPk(), imageId, null));
            return Optional.of(new Served(image.get(), content));
        });
    }

    /**
     * Deletes every image of a job but those in {@code keep} — bytes and metadata — inside the
     * caller's transaction, with one audit record naming {@code why}; returns how many went. With the
     * file store the files go at once: if the transaction then rolls back, the metadata of a missing
     * file remains and the next deletion removes it.
     */
    public int deleteImagesOfJob(Connection c, long jobPk, Long partnerId, java.util.Set<String> keep,
            AuditLog.ActorType actorType, String actorId, String why) throws SQLException {
        var deleted = 0;
        for (var image : metadata.forJob(c, jobPk)) {
            if (keep.contains(image.id())) {
                continue;
            }
            try {
                bytes.delete(c, image.id());
            } catch (IOException e) {
                throw new DatabaseException("cannot delete image bytes: " + e.getMessage(), e);
            }
            deleted += metadata.delete(c, image.id());
        }
        if (deleted > 0) {
            audit.record(c, new AuditLog.Entry(actorType, actorId, "images.deleted", partnerId, jobPk, null,
                    deleted + " image(s): " + why));
        }
        return deleted;
    }

    private String newId() {
        var raw = new byte[18];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
