package dev.verdict.images;

import dev.verdict.audit.AuditLog;
import dev.verdict.db.Database;
import dev.verdict.db.DatabaseException;
import dev.verdict.http.ApiException;
import dev.verdict.http.ErrorCode;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storing and serving job images. Every fetch through a link is audited. The one place image bytes are
 * sealed and opened ({@link ImageCipher}): the store under it only ever holds sealed bytes, except
 * images stored before sealing until {@link #sealClearImages} has converted them.
 */
public final class ImageService {
    /** Largest image accepted (bytes). */
    public static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;
    /** Images converted per transaction by {@link #sealClearImages}. */
    static final int SEAL_BATCH = 20;
    private static final Logger LOG = LoggerFactory.getLogger(ImageService.class);

    private final Database database;
    private final ImageStore bytes;
    private final ImageCipher cipher;
    private final AuditLog audit;
    private final InstantSource clock;
    private final ImageMetadataStore metadata = new ImageMetadataStore();
    private final SecureRandom random = new SecureRandom();

    public ImageService(Database database, ImageStore bytes, ImageCipher cipher, AuditLog audit, InstantSource clock) {
        this.database = database;
        this.bytes = bytes;
        this.cipher = cipher;
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
            bytes.put(c, id, cipher.seal(id, content));
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
                var stored = metadata.findStored(c, imageId)
                        .orElseThrow(() -> new java.sql.SQLException("no image " + imageId));
                var content = openStored(c, stored);
                audit.record(c, new AuditLog.Entry(AuditLog.ActorType.ENGINE, reader, "image.read", null,
                        stored.image().jobPk(), imageId, null));
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
            var stored = metadata.findStored(c, imageId);
            if (stored.isEmpty()) {
                return Optional.<Served>empty();
            }
            var content = openStored(c, stored.get());
            audit.record(c, new AuditLog.Entry(actorType, actor, action, null, stored.get().image().jobPk(), imageId,
                    null));
            return Optional.of(new Served(stored.get().image(), content));
        });
    }

    /**
     * An image's bytes in clear. Sealed bytes are opened (an image marked clear may already be sealed
     * when a conversion replaced its file but did not commit); only an image from before sealing is
     * served as stored. Bytes that do not open fail the read: nothing is served, nothing audited as read.
     */
    private byte[] openStored(Connection c, ImageMetadataStore.Stored stored) throws SQLException {
        var id = stored.image().id();
        byte[] raw;
        try {
            raw = bytes.get(c, id);
        } catch (IOException e) {
            throw new DatabaseException("cannot read image bytes: " + e.getMessage(), e);
        }
        if (!stored.sealed() && !ImageCipher.isSealed(raw)) {
            return raw;
        }
        try {
            return cipher.open(id, raw);
        } catch (ImageCipher.UnreadableImageException e) {
            LOG.error("Image {} failed its integrity check (altered, or sealed under another master key); not served",
                    id);
            throw new ApiException(ErrorCode.IMAGE_UNREADABLE, ErrorCode.IMAGE_UNREADABLE.text(), "image_id");
        }
    }

    /**
     * Seals every image still stored in clear (from before images were encrypted), a batch per
     * transaction, and returns how many it sealed. Idempotent and resumable: each image is marked sealed
     * in the transaction that replaces its bytes, and bytes found sealed already (a file replaced before
     * a crash) are only marked. Nodes starting together on PostgreSQL each lock a different batch.
     */
    public long sealClearImages() {
        long sealed = 0;
        while (true) {
            var batch = database.inTransaction(c -> {
                var ids = metadata.lockClear(c, SEAL_BATCH);
                var converted = 0;
                for (var id : ids) {
                    byte[] raw;
                    try {
                        raw = bytes.get(c, id);
                        if (!ImageCipher.isSealed(raw)) {
                            var sealedBytes = cipher.seal(id, raw);
                            bytes.replace(c, id, sealedBytes);
                        }
                    } catch (IOException e) {
                        throw new DatabaseException("cannot seal image bytes: " + e.getMessage(), e);
                    }
                    if (metadata.markSealed(c, id)) {
                        converted++;
                    }
                }
                return new int[] {ids.size(), converted};
            });
            sealed += batch[1];
            if (batch[0] < SEAL_BATCH) {
                return sealed;
            }
        }
    }

    /** How many images are still stored in clear (zero once {@link #sealClearImages} has run). */
    public long clearImageCount() {
        return database.read(metadata::countClear);
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
