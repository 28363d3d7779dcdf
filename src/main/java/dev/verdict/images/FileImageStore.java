package dev.verdict.images;

import dev.verdict.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * Images as files under {@code <data dir>/images}, named by their random id (never by anything a
 * partner sent), readable by Verdict's user only. Written to a temporary name and moved into place, so
 * a crash leaves no half file.
 */
public final class FileImageStore implements ImageStore {
    private final Path root;

    public FileImageStore(Path root) {
        this.root = root;
    }

    @Override
    public void put(Connection c, String imageId, byte[] bytes) throws IOException {
        PrivateFiles.write(pathOf(imageId), bytes);
    }

    /** Written beside the old file and moved over it: a crash leaves the old bytes or the new. */
    @Override
    public void replace(Connection c, String imageId, byte[] bytes) throws IOException {
        PrivateFiles.write(pathOf(imageId), bytes);
    }

    @Override
    public byte[] get(Connection c, String imageId) throws IOException {
        return Files.readAllBytes(pathOf(imageId));
    }

    @Override
    public void delete(Connection c, String imageId) throws IOException {
        Files.deleteIfExists(pathOf(imageId));
    }

    private Path pathOf(String imageId) {
        if (!imageId.matches("[A-Za-z0-9_-]{16,64}")) {
            throw new IllegalArgumentException("not an image id");
        }
        return root.resolve(imageId.substring(0, 2)).resolve(imageId);
    }
}
