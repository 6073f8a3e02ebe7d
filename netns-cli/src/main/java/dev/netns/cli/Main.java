package dev.netns.cli;

import dev.netns.NetnsException;
import dev.netns.internal.Capabilities;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./netns}: the demo (the tutorial replayed and checked) and the doctor (can this machine
 * run the SDK?).
 */
public final class Main {
    private static final String USAGE = String.join("\n",
            "usage: netns demo [--keep | --clean]   replay the tutorial inside a sandbox namespace and check each step",
            "       netns doctor                    check privileges, kernel features and tools",
            "",
            "  --keep   leave the topology behind as named namespaces (netns-demo-*) to explore with ip netns exec",
            "  --clean  remove what --keep left");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out));
    }

    /** @return the process exit status */
    static int run(List<String> args, PrintStream out) {
        if (args.isEmpty() || args.contains("-h") || args.contains("--help")) {
            out.println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            switch (command) {
                case "demo":
                    return demo(rest, out);
                case "doctor":
                    return new Doctor(out).run();
                default:
                    out.println("netns: unknown command \"" + command + "\"\n" + USAGE);
                    return 2;
            }
        } catch (NetnsException e) {
            out.println("netns: " + e.getMessage());
            return 1;
        }
    }

    private static int demo(List<String> options, PrintStream out) {
        boolean keep = false;
        boolean clean = false;
        for (String o : options) {
            switch (o) {
                case "--keep":
                    keep = true;
                    break;
                case "--clean":
                    clean = true;
                    break;
                default:
                    out.println("netns demo: unknown option \"" + o + "\"\n" + USAGE);
                    return 2;
            }
        }
        if (keep && clean) {
            out.println("netns demo: --keep and --clean exclude each other");
            return 2;
        }
        if (!Capabilities.networkAdmin()) {
            out.println("netns demo needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create network namespaces: run it as root, for example: sudo ./netns demo");
            return 1;
        }
        if (clean) {
            return Demo.clean(out);
        }
        return new Demo(out, keep).run();
    }
}
