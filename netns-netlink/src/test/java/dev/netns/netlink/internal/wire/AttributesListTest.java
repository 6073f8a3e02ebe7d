package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.Wire.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lists of same-typed attributes (nf_tables' NFTA_LIST_ELEM) and raw attribute runs written back. */
class AttributesListTest {

    @Test
    void everyElementOfTheTypeInOrder() {
        ByteBuffer run = w().attrU32(1, 10).attrU32(2, 99).attrU32(1, 20).attrU8(1 | Netlink.NLA_F_NESTED, 30).buffer();
        List<ByteBuffer> elems = Attributes.list(run, 1);
        assertThat(elems).hasSize(3);
        assertThat(elems.get(0).getInt(0)).isEqualTo(10);
        assertThat(elems.get(1).getInt(0)).isEqualTo(20);
        assertThat(elems.get(2).get(0)).isEqualTo((byte) 30); // flags masked off, like parse
        assertThat(Attributes.parse(run).get(1).remaining()).isEqualTo(1); // the index keeps only the last
    }

    @Test
    void badLengthsAreMalformed() {
        assertThatThrownBy(() -> Attributes.list(w().u16(2).u16(1).buffer(), 1))
                .isExactlyInstanceOf(MalformedReplyException.class).hasMessageContaining("length 2");
        assertThatThrownBy(() -> Attributes.list(w().u16(12).u16(1).zeros(4).buffer(), 1))
                .isExactlyInstanceOf(MalformedReplyException.class);
    }

    @Test
    void rawAppendsPaddedBytes() {
        ByteBuffer m = new MessageBuilder(16, 0).raw(new byte[] {5, 0, 1, 0, 7}).finish(1);
        assertThat(m.remaining()).isEqualTo(16 + 8);
        assertThat(m.get(16 + 4)).isEqualTo((byte) 7);
    }
}
