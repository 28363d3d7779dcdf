package dev.verdict.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;

/**
 * Images as files under {@code <data dir>/images}, named by their random id (never by anything a
 * partner sent). Written to a temporary name and moved into place, so a crash leaves no half file.
 */
public final class FileImageStore implements ImageStore {
    private final Path root;

    public FileImageStore(Path root) {
        this.root = root;
    }

    @Override
    public void put(Connection c, String imageId, byte[] bytes) throws IOException {
        var target = pathOf(imageId);
        Files.createDirectories(target.getParent());
        var tmp = target.resolveSibling(imageId + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public byte[] get(Connection c, String imageId) throws IOException {
        return Files.readAllBytes(pathOf(imageId));
    }

    private Path pathOf(String imageId) {
        if (!imageId.matches("[A-Za-z0-9_-]{16,64}")) {
            throw new IllegalArgumentException("not an image id");
        }
        return root.resolve(imageId.substring(0, 2)).resolve(imageId);
    }
}
