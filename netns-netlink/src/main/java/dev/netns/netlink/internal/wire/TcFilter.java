package dev.netns.netlink.internal.wire;

/**
 * The classifiers the codec builds: enough to steer all of a link's traffic into an ifb or a class.
 * Each matches every packet of the filter's protocol and then sets a class, runs a mirred action,
 * or both.
 */
public sealed interface TcFilter permits TcFilter.U32MatchAll, TcFilter.MatchAll {

    /** The TCA_KIND string. */
    String kind();

    /** The class id to set (TCA_*_CLASSID, tc's flowid), 0 for none. */
    int classId();

    /** The action, or {@code null}. */
    MirredAction action();

    /**
     * {@code u32 match u32 0 0 [flowid CLASSID] [action mirred ...]}: one terminal key with mask 0.
     * cls_u32 is built into this kernel.
     */
    record U32MatchAll(int classId, MirredAction action) implements TcFilter {
        public U32MatchAll {
            requireEffect(classId, action);
        }

        @Override
        public String kind() {
            return "u32";
        }
    }

    /** {@code matchall [classid CLASSID] [action mirred ...]}. Not built into this kernel (ENOENT). */
    record MatchAll(int classId, MirredAction action) implements TcFilter {
        public MatchAll {
            requireEffect(classId, action);
        }

        @Override
        public String kind() {
            return "matchall";
        }
    }

    private static void requireEffect(int classId, MirredAction action) {
        if (classId == 0 && action == null) {
            throw new IllegalArgumentException("a filter needs a class id or an action");
        }
    }
}
