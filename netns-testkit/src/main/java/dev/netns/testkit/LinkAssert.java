package dev.netns.testkit;

import dev.netns.Link;
import dev.netns.LinkStatistics;
import java.time.Duration;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what crossed a link, from its kernel counters ({@link Link#statistics()}); get one
 * from {@link NetAssertions#assertThat(Link)}. The counters are read before and after an action, so a
 * packet counts if it crossed the link in either direction meanwhile, whoever sent it.
 *
 * <pre>{@code
 * assertThat(cable.local()).hasNoTrafficDuring(() -> network.partition("red", "blue").heal());
 * assertThat(uplink).carriesTrafficDuring(() -> red.ping("10.0.0.2"));
 * assertThat(uplink).hasNoTrafficFor(Duration.ofMillis(500));
 * }</pre>
 *
 * <p>Background traffic (IPv6 router solicitations, ARP) counts too: switch IPv6 off or fill the
 * neighbour tables first where a test needs a silent link.
 *
 * @since 0.1
 */
public final class LinkAssert extends AbstractAssert<LinkAssert, Link> {

    LinkAssert(Link actual) {
        super(actual, LinkAssert.class);
    }

    /**
     * Runs {@code action} and checks that no packet crossed the link meanwhile, either way.
     *
     * @return this
     * @throws AssertionError naming the link, its namespace and what crossed it
     */
    public LinkAssert hasNoTrafficDuring(Runnable action) {
        LinkStatistics during = during(action);
        if (during.packets() != 0) {
            failWithMessage("expected no packet to cross %s during the action, but %s", describe(), during);
        }
        return this;
    }

    /**
     * Waits {@code period} and checks that no packet crossed the link meanwhile.
     *
     * @return this
     */
    public LinkAssert hasNoTrafficFor(Duration period) {
        Objects.requireNonNull(period, "period");
        return hasNoTrafficDuring(() -> sleep(period));
    }

    /**
     * Runs {@code action} and checks that at least one packet crossed the link meanwhile.
     *
     * @return this
     */
    public LinkAssert carriesTrafficDuring(Runnable action) {
        LinkStatistics during = during(action);
        if (during.packets() == 0) {
            failWithMessage("expected packets to cross %s during the action, but none did (%s)", describe(), during);
        }
        return this;
    }

    private LinkStatistics during(Runnable action) {
        isNotNull();
        Objects.requireNonNull(action, "action");
        LinkStatistics before = actual.statistics();
        action.run();
        return actual.statistics().minus(before);
    }

    private String describe() {
        return "link " + actual.name() + " (index " + actual.index() + ") in " + Labels.of(actual.namespace());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while watching a link", e);
        }
    }
}
