package dev.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VethRequestTest {

    @Test
    void defaultsAreAPlainPairWithBothEndsDownInOneNamespace() {
        VethRequest r = VethRequest.builder("veth-red", "eth0").build();
        assertThat(r.name()).isEqualTo("veth-red");
        assertThat(r.peerName()).isEqualTo("eth0");
        assertThat(r.peerNamespace()).isEmpty();
        assertThat(r.master()).isEmpty();
        assertThat(r.up()).isFalse();
        assertThat(r.toString()).isEqualTo("veth veth-red/eth0");
        assertThat(VethRequest.builder("veth-red", "eth0").up().build().up()).isTrue();
    }

    @Test
    void badNamesAndMissingValuesAreRefusedWhenGiven() {
        assertThatThrownBy(() -> VethRequest.builder("sixteen-chars-xx", "eth0")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VethRequest.builder("eth0", "has space")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VethRequest.builder(null, "eth0")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VethRequest.builder("v0", "eth0").peerNamespace(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> VethRequest.builder("v0", "eth0").master(null)).isInstanceOf(InvalidInputException.class);
    }
}
