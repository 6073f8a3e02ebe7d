package dev.netns.netlink.internal.libc;

/** errno names from asm-generic/errno-base.h and errno.h, for messages a person can read. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int EROFS = 30;
    public static final int ERANGE = 34;
    public static final int ENOTSUP = 95;
    public static final int EOPNOTSUPP = ENOTSUP;
    public static final int ENOSYS = 38;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRNOTAVAIL = 99;
    public static final int EPROTONOSUPPORT = 93;
    public static final int ENETUNREACH = 101;
    public static final int ENOBUFS = 105;
    public static final int EHOSTUNREACH = 113;

    private static final String[] NAMES = new String[134];

    static {
        String[] pairs = {
            "1", "EPERM", "2", "ENOENT", "3", "ESRCH", "4", "EINTR", "5", "EIO", "6", "ENXIO", "7", "E2BIG",
            "9", "EBADF", "11", "EAGAIN", "12", "ENOMEM", "13", "EACCES", "14", "EFAULT", "16", "EBUSY",
            "17", "EEXIST", "18", "EXDEV", "19", "ENODEV", "20", "ENOTDIR", "21", "EISDIR", "22", "EINVAL",
            "23", "ENFILE", "24", "EMFILE", "28", "ENOSPC", "30", "EROFS", "34", "ERANGE", "36", "ENAMETOOLONG",
            "38", "ENOSYS", "39", "ENOTEMPTY", "42", "ENOMSG", "61", "ENODATA", "71", "EPROTO",
            "75", "EOVERFLOW", "90", "EMSGSIZE", "92", "ENOPROTOOPT", "93", "EPROTONOSUPPORT",
            "95", "EOPNOTSUPP", "97", "EAFNOSUPPORT", "98", "EADDRINUSE", "99", "EADDRNOTAVAIL",
            "100", "ENETDOWN", "101", "ENETUNREACH", "105", "ENOBUFS", "110", "ETIMEDOUT",
            "111", "ECONNREFUSED", "113", "EHOSTUNREACH", "125", "ECANCELED",
        };
        for (int i = 0; i < pairs.length; i += 2) {
            NAMES[Integer.parseInt(pairs[i])] = pairs[i + 1];
        }
    }

    private Errno() {
    }

    /** @return the symbolic name, or "errno N" for one not in the table */
    public static String name(int errno) {
        // Math.abs(Integer.MIN_VALUE) stays negative: a corrupt error code must not index below 0.
        long e = Math.abs((long) errno);
        String n = e < NAMES.length ? NAMES[(int) e] : null;
        return n != null ? n : "errno " + e;
    }
}
