package drcn.runtime.backend.support;

import drcn.runtime.config.Settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Built device programs on disk (OpenCL binaries, PTX), keyed by the SHA-256 of everything the
 * build depends on: the source, the build options, the device and its driver. A file is written
 * to a temporary name and renamed, so a crash never leaves a half-written entry; an entry that
 * cannot be read is treated as a miss.
 */
public final class DiskCache {
    private final Path folder;

    public DiskCache(Path folder) {
        this.folder = folder;
    }

    public static DiskCache fromSettings() {
        return new DiskCache(Settings.current().cacheDir());
    }

    /** The key of a build: hash of all its inputs. */
    public static String key(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached bytes, or null. */
    public byte[] get(String key) {
        try {
            Path file = folder.resolve(key);
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Stores bytes; failures (read-only home, full disk) only cost a rebuild next time. */
    public void put(String key, byte[] bytes) {
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, key, ".tmp");
            Files.write(temp, bytes);
            Files.move(temp, folder.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a cache that cannot be written is not an error
        }
    }
}
