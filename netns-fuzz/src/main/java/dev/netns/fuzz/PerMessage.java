package dev.netns.fuzz;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Builds decoders the way the SDK meets netlink datagrams: split into messages, then a decoder per
 * message type. Each decoder runs on every message of a mutated datagram whatever its type says
 * (types can be corrupt too), but only a refusal of a message of its own types counts as the
 * datagram's typed error; a refusal of another type's message is expected and not counted.
 *
 * @param <M> the parsed message type (the backends' {@code NlMessage})
 */
public final class PerMessage<M> {
    private static final int NLMSG_HDRLEN = 16;

    private final Function<ByteBuffer, List<M>> parseAll;
    private final ToIntFunction<M> typeOf;

    /**
     * @param parseAll splits a datagram into messages; may throw {@link MalformedReplyException}
     * @param typeOf a message's nlmsg_type
     */
    public PerMessage(Function<ByteBuffer, List<M>> parseAll, ToIntFunction<M> typeOf) {
        this.parseAll = parseAll;
        this.typeOf = typeOf;
    }

    /**
     * @param corpus every seed the module has; the decoder starts from those holding its types
     * @param types the message types the decoders are for
     * @param retypes types the mutator writes now and then besides {@code types}
     * @param decoders what a caller does with one message of those types
     * @return the decoder
     */
    public Decoder decoder(String name, List<byte[]> corpus, int[] types, int[] retypes, List<Function<M, ?>> decoders) {
        int[] allRetypes = Arrays.stream(new int[][] {types, retypes}).flatMapToInt(Arrays::stream).distinct().toArray();
        return new Decoder(name, withTypes(corpus, types), allRetypes, datagram -> {
            MalformedReplyException first = null;
            for (M m : parseAll.apply(ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder()))) {
                int type = typeOf.applyAsInt(m);
                boolean own = Arrays.stream(types).anyMatch(t -> t == type);
                for (Function<M, ?> d : decoders) {
                    MalformedReplyException e = refusal(() -> d.apply(m));
                    if (own && first == null) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        });
    }

    private static MalformedReplyException refusal(Supplier<?> decoder) {
        try {
            decoder.get();
            return null;
        } catch (MalformedReplyException e) {
            return e;
        }
    }

    /** @return the seeds that hold at least one message of one of {@code types} */
    public static List<byte[]> withTypes(List<byte[]> corpus, int... types) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] datagram : corpus) {
            for (byte[] m : split(datagram)) {
                int type = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder()).getShort(4) & 0xffff;
                if (Arrays.stream(types).anyMatch(t -> t == type)) {
                    out.add(datagram);
                    break;
                }
            }
        }
        return out;
    }

    /** @return the messages of a well-formed datagram, each a copy (stops at the first bad length) */
    public static List<byte[]> split(byte[] datagram) {
        ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        while (pos + NLMSG_HDRLEN <= datagram.length) {
            int len = b.getInt(pos);
            if (len < NLMSG_HDRLEN || len > datagram.length - pos) {
                break;
            }
            out.add(Arrays.copyOfRange(datagram, pos, pos + len));
            pos += (len + 3) & ~3;
        }
        return out;
    }
}
