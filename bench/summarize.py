#!/usr/bin/env python3
"""Turns bench/run's raw files into the markdown report (stdout).

usage: summarize.py MACHINE RUNS MICRO REPS "IMPL..." "N..." [TOPOLOGY]
TOPOLOGY: TopologyBench's output; with it the summary ends with  per-test NAT/plain = R
RUNS lines:  RESULT impl=X n=N create_ms=.. teardown_ms=.. total_ms=.. ping=ok rep=R load1=L
MICRO lines: MICRO name=X n=.. median_us=.. min_us=.. max_us=..   and PROFILE/RESULT lines
"""
import statistics
import sys


def fields(line):
    out = {}
    for word in line.split():
        if "=" in word:
            k, v = word.split("=", 1)
            out[k] = v
    return out


def fmt(v):
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def cell(values):
    if not values:
        return "–"
    return f"**{fmt(statistics.median(values))}** ({fmt(min(values))}–{fmt(max(values))})"


def main():
    machine, runs_file, micro_file, reps, impls, ns = sys.argv[1:7]
    topology_file = sys.argv[7] if len(sys.argv) > 7 else None
    impls = impls.split()
    ns = [int(n) for n in ns.split()]
    data = {}  # (impl, n, phase) -> [ms]
    by_rep = {}  # (impl, n, rep) -> total ms
    loads = []
    failed = []
    jit = {}  # n -> [ms of JIT compilation during the SDK's timed run]
    with open(runs_file) as f:
        for line in f:
            if not line.startswith("RESULT"):
                continue
            r = fields(line)
            key = (r["impl"], int(r["n"]))
            if "rep" in r:
                by_rep[key + (int(r["rep"]),)] = float(r["total_ms"])
            for phase in ("create_ms", "teardown_ms", "total_ms"):
                data.setdefault(key + (phase,), []).append(float(r[phase]))
            if r.get("ping") != "ok":
                failed.append(line.strip())
            if "jit_ms" in r:
                jit.setdefault(int(r["n"]), []).append(float(r["jit_ms"]))
            if "load1" in r:
                loads.append(float(r["load1"]))
    micro = {}
    profile = []
    with open(micro_file) as f:
        for line in f:
            if line.startswith("MICRO"):
                m = fields(line)
                micro[m["name"]] = m
            elif line.startswith("PROFILE"):
                profile.append(line.strip())

    def med(impl, n, phase="total_ms"):
        v = data.get((impl, n, phase))
        return statistics.median(v) if v else None

    p = print
    p("### W(N): SDK next to the peers")
    p()
    p("```")
    p(open(machine).read().rstrip())
    if loads:
        p(f"load1 during the runs: median {statistics.median(loads):.2f}, max {max(loads):.2f} (2 cores)")
    p("```")
    p()
    p(f"`netns` = this SDK in one warm JVM (`dev.netns.bench.Bench`, W(N) timed with System.nanoTime "
      f"around each phase); the peers are `../shared/bench/peers`. All runs interleaved round-robin, "
      f"{reps} runs per cell; every ratio is a ratio of medians from this one run.")
    for title, phase in (("Total = create + teardown", "total_ms"), ("Create", "create_ms"),
                         ("Teardown", "teardown_ms")):
        p()
        p(f"#### {title} (ms): median (min–max) of {reps} runs")
        p()
        p("| implementation | " + " | ".join(f"N={n}" for n in ns) + " |")
        p("|---|" + "---|" * len(ns))
        for impl in impls:
            p(f"| {impl} | " + " | ".join(cell(data.get((impl, n, phase), [])) for n in ns) + " |")
    if jit:
        p()
        p("JIT compilation (all compiler threads, ms) during the SDK's timed runs, median (min–max): "
          + ", ".join(f"N={n}: {cell(jit.get(n, []))}" for n in ns))
    p()
    p("#### Total, ratio of medians to c-rtnl (the floor)")
    p()
    p("| implementation | " + " | ".join(f"N={n}" for n in ns) + " |")
    p("|---|" + "---|" * len(ns))
    for impl in impls:
        cells = []
        for n in ns:
            a, b = med(impl, n), med("c-rtnl", n)
            cells.append(f"{a / b:.2f}" if a and b else "–")
        p(f"| {impl} | " + " | ".join(cells) + " |")
    p()
    p("#### Total, ratio to c-rtnl within each round (paired runs, so slow load changes cancel): median (min–max)")
    p()
    p("| implementation | " + " | ".join(f"N={n}" for n in ns) + " |")
    p("|---|" + "---|" * len(ns))
    for impl in impls:
        if impl == "c-rtnl":
            continue
        cells = []
        for n in ns:
            rs = [by_rep[(impl, n, k[2])] / by_rep[("c-rtnl", n, k[2])]
                  for k in by_rep if k[0] == impl and k[1] == n and ("c-rtnl", n, k[2]) in by_rep]
            cells.append(f"**{statistics.median(rs):.2f}** ({min(rs):.2f}–{max(rs):.2f})" if rs else "–")
        p(f"| {impl} | " + " | ".join(cells) + " |")
    p()
    p("#### Micro benchmarks (same JVM, same run), µs")
    p()
    p("| what | median | min–max | samples |")
    p("|---|---|---|---|")
    labels = [
        ("rtt_setlink_ack", "netlink request→ack (RTM_NEWLINK lo up, anonymous namespace)"),
        ("rtt_getlink_reply", "netlink request→reply+ack (RTM_GETLINK by index)"),
        ("named_create_delete_sdk", "named namespace create + delete, SDK (`createNamespace(..).close()`)"),
        ("named_create_delete_ip_processes_from_java", "`ip netns add` + `ip netns del`, 2 processes started from the same JVM"),
        ("named_create_delete_ip_processes_from_bash", "`ip netns add` + `ip netns del`, 2 processes started from bash"),
        ("icmp_echo_sdk_call", "in-process ICMP echo between two namespaces (`ns.ping(addr)`, whole call)"),
        ("icmp_echo_sdk_roundtrip_field", "… its `PingResult.roundTrip()` (sendto → matching reply)"),
        ("icmp_echo_sdk_call_first_after_process", "… only the first echo after each `ping` process (cold caches)"),
        ("icmp_echo_ping_process_via_exec", "one `ping -c 1 -W 1` process (`ns.exec(..)`, nsenter + ping)"),
        ("socket_open_close_jdk_socketchannel_open", "TCP socket open + close, JDK `SocketChannel.open()` (JVM's namespace)"),
        ("socket_open_close_sdk_open_socket_channel", "… born inside a namespace, `ns.openSocketChannel()`"),
        ("socket_open_close_sdk_socket_factory", "… born inside a namespace, `ns.socketFactory().createSocket()`"),
        ("nat_apply_masquerade", "one masquerade rule applied (`ns.nat().apply(..)`, one nf_tables batch)"),
        ("nat_apply_first_in_namespace", "… the first in a namespace (opens its socket, creates table and chain)"),
    ]
    for key, label in labels:
        m = micro.get(key)
        if m:
            p(f"| {label} | **{float(m['median_us']):.1f}** | {float(m['min_us']):.1f}–{float(m['max_us']):.1f} | {m['n']} |")
    if profile:
        p()
        p("SDK W(200) create, per step (one profiled run after the table's runs):")
        p()
        p("```")
        for line in profile:
            p(line)
        p("```")
    if failed:
        p()
        p("Runs whose ping check failed:")
        for line in failed:
            p(f"    {line}")
    p()
    for n in ns:
        a, b = med("netns", n), med("c-rtnl", n)
        p(f"W({n}) netns/c-rtnl = {a / b:.2f}" if a and b else f"W({n}) netns/c-rtnl = n/a")
    nat = micro.get("nat_apply_masquerade")
    p(f"NAT apply median_us = {float(nat['median_us']):.1f}" if nat else "NAT apply median_us = n/a")
    p(f"per-test NAT/plain = {per_test_ratio(topology_file)}")


def per_test_ratio(topology_file):
    """TopologyBench prints a block per variant; the ratio of their setup+teardown medians."""
    if not topology_file:
        return "n/a"
    medians = {}
    variant = None
    with open(topology_file) as f:
        for line in f:
            if line.startswith("3 hosts"):
                variant = "nat" if "masquerade" in line else "plain"
            elif "setup+teardown" in line and variant:
                medians[variant] = float(line.split("median")[1].split("ms")[0])
    if "nat" in medians and medians.get("plain"):
        return f"{medians['nat'] / medians['plain']:.2f}"
    return "n/a"


if __name__ == "__main__":
    main()
