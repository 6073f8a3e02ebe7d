package dev.netns.internal;

import dev.netns.BackendNotFoundException;
import dev.netns.InvalidInputException;
import dev.netns.NetnsException;
import dev.netns.PacketFilter;
import dev.netns.spi.PacketFilterProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Chooses the packet-filter backend: the one {@value PacketFilter#BACKEND_PROPERTY} names, otherwise
 * the available one with the highest priority. Shared by the namespace backend and the CLI's
 * doctor, so both say the same. Not API.
 */
public final class PacketFilterProviders {
    private static volatile List<PacketFilterProvider> all;

    private PacketFilterProviders() {
    }

    /** @return every provider on the class path, highest priority first (loaded once) */
    public static List<PacketFilterProvider> all() {
        List<PacketFilterProvider> a = all;
        if (a == null) {
            List<PacketFilterProvider> found = new ArrayList<>();
            ServiceLoader.load(PacketFilterProvider.class, PacketFilterProviders.class.getClassLoader())
                    .forEach(found::add);
            found.sort(Comparator.comparingInt(PacketFilterProvider::priority).reversed());
            a = List.copyOf(found);
            all = a;
        }
        return a;
    }

    /**
     * @return the backend to use now, according to the system property and the machine
     * @throws BackendNotFoundException if none is on the class path
     * @throws InvalidInputException if the property names no backend on the class path
     * @throws NetnsException if the property names a backend that cannot work here, or none can
     */
    public static PacketFilterProvider select() {
        List<PacketFilterProvider> providers = all();
        if (providers.isEmpty()) {
            throw new BackendNotFoundException("manage NAT or filter rules", "no PacketFilterProvider",
                    "dev.netns:netns-nftables");
        }
        String wanted = System.getProperty(PacketFilter.BACKEND_PROPERTY);
        if (wanted != null && !wanted.isBlank()) {
            String name = wanted.strip().toLowerCase(Locale.ROOT);
            for (PacketFilterProvider p : providers) {
                if (p.name().equals(name)) {
                    Optional<String> why = p.unavailableReason();
                    if (why.isPresent()) {
                        throw new NetnsException("cannot use packet-filter backend " + name + " (system property "
                                + PacketFilter.BACKEND_PROPERTY + "): " + why.get());
                    }
                    return p;
                }
            }
            throw new InvalidInputException("system property " + PacketFilter.BACKEND_PROPERTY + "=" + wanted
                    + " names no packet-filter backend on the class path; there are: " + names(providers));
        }
        StringBuilder reasons = new StringBuilder();
        for (PacketFilterProvider p : providers) {
            Optional<String> why = p.unavailableReason();
            if (why.isEmpty()) {
                return p;
            }
            reasons.append("; ").append(p.name()).append(": ").append(why.get());
        }
        throw new NetnsException("cannot manage NAT or filter rules: no packet-filter backend works here"
                + reasons);
    }

    private static String names(List<PacketFilterProvider> providers) {
        return String.join(", ", providers.stream().map(PacketFilterProvider::name).toList());
    }
}
