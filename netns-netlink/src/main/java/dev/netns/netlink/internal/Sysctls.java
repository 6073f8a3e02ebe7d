package dev.netns.netlink.internal;

import dev.netns.InvalidInputException;
import dev.netns.KernelException;
import dev.netns.NotFoundException;
import dev.netns.internal.Validation;
import dev.netns.netlink.internal.libc.Errno;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes /proc/sys/net. Must run on a thread inside the namespace: a /proc/sys/net file
 * shows the namespace of the thread that opens it.
 */
final class Sysctls {
    private static final int MAX_VALUE = 64 * 1024;

    private Sysctls() {
    }

    /** Turns {@code net.ipv4.ip_forward} or {@code net/ipv4/conf/eth0.5/forwarding} into a /proc/sys path. */
    static String path(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidInputException("sysctl key must not be empty");
        }
        String rel = key.indexOf('/') >= 0 ? key : key.replace('.', '/');
        if (!rel.startsWith("net/")) {
            throw new InvalidInputException("sysctl key \"" + Validation.printable(key)
                    + "\" is not under net.: only network sysctls belong to a namespace");
        }
        for (String part : rel.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")
                    || !part.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new InvalidInputException("sysctl key \"" + Validation.printable(key) + "\" has an invalid component \""
                        + Validation.printable(part) + "\"");
            }
        }
        return "/proc/sys/" + rel;
    }

    /** A key that names a group of settings opens as a directory: say so, before the JDK says "not found". */
    private static void requireSetting(String key, String path) {
        if (new File(path).isDirectory()) {
            throw new InvalidInputException("sysctl key \"" + key + "\" names a group of settings (" + path
                    + "), not one setting");
        }
    }

    static String read(String key, String where) {
        String p = path(key);
        requireSetting(key, p);
        try (FileInputStream in = new FileInputStream(p)) {
            // One large read: these files answer a short read with only part of the value.
            byte[] b = new byte[MAX_VALUE];
            int n = in.read(b);
            return n <= 0 ? "" : new String(b, 0, n, StandardCharsets.UTF_8).strip();
        } catch (FileNotFoundException e) {
            throw missing("read sysctl " + key + " " + where, p, e);
        } catch (IOException e) {
            throw new KernelException("read sysctl " + key + " " + where, Errno.EIO, "EIO", null, e.getMessage());
        }
    }

    /** The JDK reports both a missing file and a refused open as FileNotFoundException. */
    private static KernelException missing(String operation, String path, FileNotFoundException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Permission denied")) {
            return Errors.of(operation, Errno.EACCES, null);
        }
        if (m.contains("Read-only file system")) {
            // /proc/sys/net is read-only in a namespace owned by another user namespace (a container).
            return Errors.of(operation, Errno.EROFS, null);
        }
        return new NotFoundException(operation, Errno.ENOENT, "ENOENT", null, "There is no " + path);
    }

    static void write(String key, String value, String where) {
        String p = path(key);
        if (value == null || value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw new InvalidInputException("sysctl value for " + key + " must be one line without control characters, got "
                    + (value == null ? "null" : "\"" + Validation.printable(value) + "\""));
        }
        requireSetting(key, p);
        try (FileOutputStream out = new FileOutputStream(p)) {
            out.write(value.getBytes(StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            throw missing("write sysctl " + key + "=" + value + " " + where, p, e);
        } catch (IOException e) {
            throw new KernelException("write sysctl " + key + "=" + value + " " + where, Errno.EINVAL, "EINVAL", null,
                    "The kernel refused the value (" + e.getMessage() + ")");
        }
    }
}
