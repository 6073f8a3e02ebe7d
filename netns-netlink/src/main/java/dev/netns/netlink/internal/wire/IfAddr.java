package dev.netns.netlink.internal.wire;

/** Constants from linux/if_addr.h, named as there. */
public final class IfAddr {
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_FLAGS = 8;

    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_PERMANENT = 0x80;

    private IfAddr() {
    }
}
