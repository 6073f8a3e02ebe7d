package dev.netns.netlink.internal.wire;

import static dev.netns.netlink.internal.wire.Wire.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netns.MalformedReplyException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The by-type index of {@link Attributes#parse}, which records offsets rather than a view per
 * attribute: what each reader returns must be exactly the payload, wherever it sits in the run.
 */
class AttributesIndexTest {

    @Test
    void readersSeeEachPayloadWhereverItSits() {
        ByteBuffer run = w().attrStr(3, "eth0").attrU8(16, 6).attrU32(4, 1500)
                .attr(1, new byte[] {2, 0, 0, 0, 0, 1}).attr(18, x -> x.attrStr(1, "veth")).buffer();
        Attributes a = Attributes.parse(run);
        assertThat(a.string(3)).isEqualTo("eth0");
        assertThat(a.u8(16, -1)).isEqualTo(6);
        assertThat(a.u32(4, -1)).isEqualTo(1500);
        assertThat(a.bytes(1)).containsExactly(2, 0, 0, 0, 0, 1);
        assertThat(a.get(1).remaining()).isEqualTo(6);
        assertThat(a.get(1).position()).isZero();
        assertThat(a.nested(18).string(1)).isEqualTo("veth");
        // absent types, below, between and above the ones present
        assertThat(a.has(0)).isFalse();
        assertThat(a.has(17)).isFalse();
        assertThat(a.has(19)).isFalse();
        assertThat(a.has(0x3fff)).isFalse();
        assertThat(a.get(2)).isNull();
        assertThat(a.bytes(2)).isNull();
        assertThat(a.string(2)).isNull();
        assertThat(a.u32(2, 7)).isEqualTo(7);
        assertThat(a.nested(2).has(1)).isFalse();
    }

    @Test
    void theLastOfARepeatedTypeWinsAndFlagsAreMaskedOff() {
        Attributes a = Attributes.parse(w().attrU32(5, 1).attrU32(5 | Netlink.NLA_F_NESTED, 2).buffer());
        assertThat(a.u32(5, -1)).isEqualTo(2);
    }

    @Test
    void theHighestTypeAndAnEmptyRunAreIndexed() {
        assertThat(Attributes.parse(w().attrU8(Netlink.NLA_TYPE_MASK, 9).buffer()).u8(Netlink.NLA_TYPE_MASK, -1)).isEqualTo(9);
        Attributes empty = Attributes.parse(ByteBuffer.allocate(0));
        assertThat(empty.has(0)).isFalse();
        assertThat(Attributes.parse(ByteBuffer.allocate(3)).has(0)).as("fewer than 4 bytes: padding").isFalse();
    }

    @Test
    void aStringWithoutNulEndsWithItsPayloadAndOneWithNulStopsThere() {
        Attributes a = Attributes.parse(w().attr(1, new byte[] {'a', 'b'}).attr(2, new byte[] {'c', 0, 'd', 0}).buffer());
        assertThat(a.string(1)).isEqualTo("ab");
        assertThat(a.string(2)).isEqualTo("c");
    }

    @Test
    void aPayloadTooShortForItsReaderIsMalformed() {
        Attributes a = Attributes.parse(w().attr(4, new byte[] {1, 2}).attr(6, new byte[0]).buffer());
        assertThatThrownBy(() -> a.u32(4, 0)).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("attribute type 4 has 2 bytes, expected at least 4");
        assertThatThrownBy(() -> a.u8(6, 0)).isExactlyInstanceOf(MalformedReplyException.class);
    }

    @Test
    void aLengthPastTheEndIsMalformedBeforeAnythingIsIndexed() {
        ByteBuffer bad = w().attrU32(1, 1).u16(40).u16(2).zeros(4).buffer();
        assertThatThrownBy(() -> Attributes.parse(bad)).isExactlyInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("attribute type 2 at offset 8 has length 40");
    }
}
