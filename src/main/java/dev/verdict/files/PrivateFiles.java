package dev.verdict.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and directories only Verdict's own user may read or enter (0600 and 0700): the data
 * directory holds the master key, TLS keys, identity images and the database. The permissions are
 * given when a file or directory is created, never narrowed afterwards, so whatever the umask
 * nothing is readable by others even for a moment. On a file system without POSIX permissions the
 * files are created plainly.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates a directory and any missing parents, each owner-only. */
    public static Path createDirectories(Path dir) throws IOException {
        return Files.createDirectories(dir, attributes(DIRECTORY));
    }

    /** Writes a file owner-only, atomically: a reader sees the old content or the new, never half. */
    public static void write(Path file, byte[] bytes) throws IOException {
        var parent = file.toAbsolutePath().getParent();
        createDirectories(parent);
        var tmp = parent.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // a leftover from a crash would keep its old permissions
        try (var channel = Files.newByteChannel(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), attributes(FILE))) {
            var buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A new empty owner-only file in {@code dir} (created owner-only too when missing). */
    public static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
        createDirectories(dir);
        return Files.createTempFile(dir, prefix, suffix, attributes(FILE));
    }

    /**
     * Makes the data directory ready at start: created owner-only when missing, and narrowed to
     * owner-only when it exists (a data directory from an earlier version may be open), together
     * with its {@code db/} subdirectory, which is created too when the database is embedded.
     */
    public static void prepareDataDirectory(Path dataDir, boolean embeddedDatabase) throws IOException {
        createDirectories(dataDir);
        restrictDirectory(dataDir);
        var db = dataDir.resolve("db");
        if (embeddedDatabase) {
            createDirectories(db);
        }
        if (Files.isDirectory(db)) {
            restrictDirectory(db);
        }
    }

    /**
     * An owner-only file for another program to write into (the SQLite database): created empty when
     * missing, narrowed when it exists, so that the files created beside it inherit owner-only too.
     */
    public static void createOrRestrict(Path file) throws IOException {
        createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, attributes(FILE));
        } else if (POSIX) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** Narrows an existing file to owner-only; a missing one is left missing. */
    public static void restrictIfExists(Path file) throws IOException {
        if (POSIX && Files.exists(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    private static void restrictDirectory(Path dir) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}
