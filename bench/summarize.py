#!/usr/bin/env python3
"""Turns bench/run's raw files into the markdown report (stdout).

usage: summarize.py MACHINE RUNS MICRO REPS "IMPL..." "N..." "MODE..." [MODE=TOPOLOGY...]
MODE: quiet or load (one core kept busy by bench/run's burner)
TOPOLOGY: TopologyBench's output in that mode, for  per-test NAT/plain = R  and
  per-test plain median_ms = Z p90_ms = P mode=M
RUNS lines:  RESULT impl=X n=N create_ms=.. teardown_ms=.. total_ms=.. ping=ok rep=R mode=M load1=L
The report ends with, per mode and N,  W(N) netns/c-rtnl paired = X mode=M  and
  W(N) netns/go-netlink paired = Y mode=M  (medians of per-round ratios), then per mode the
  per-test plain line.
MICRO lines: MICRO name=X n=.. median_us=.. min_us=.. max_us=..   and PROFILE/RESULT lines
"""
import re
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
    machine, runs_file, micro_file, reps, impls, ns, modes = sys.argv[1:8]
    topology_files = dict(a.split("=", 1) for a in sys.argv[8:])
    impls = impls.split()
    ns = [int(n) for n in ns.split()]
    modes = modes.split()
    data = {}  # (mode, impl, n, phase) -> [ms]
    by_rep = {}  # (mode, impl, n, rep) -> total ms
    loads = {}  # mode -> [load1]
    failed = []
    jit = {}  # (mode, n) -> [ms of JIT compilation during the SDK's timed run]
    with open(runs_file) as f:
        for line in f:
            if not line.startswith("RESULT"):
                continue
            r = fields(line)
            mode = r.get("mode", "quiet")
            key = (mode, r["impl"], int(r["n"]))
            if "rep" in r:
                by_rep[key + (int(r["rep"]),)] = float(r["total_ms"])
            for phase in ("create_ms", "teardown_ms", "total_ms"):
                data.setdefault(key + (phase,), []).append(float(r[phase]))
            if r.get("ping") != "ok":
                failed.append(line.strip())
            if "jit_ms" in r:
                jit.setdefault((mode, int(r["n"])), []).append(float(r["jit_ms"]))
            if "load1" in r:
                loads.setdefault(mode, []).append(float(r["load1"]))
    micro = {}
    profile = []
    with open(micro_file) as f:
        for line in f:
            if line.startswith("MICRO"):
                m = fields(line)
                micro[m["name"]] = m
            elif line.startswith("PROFILE"):
                profile.append(line.strip())

    def med(mode, impl, n, phase="total_ms"):
        v = data.get((mode, impl, n, phase))
        return statistics.median(v) if v else None

    def paired(mode, impl, base, n):
        """Ratios impl/base within each round of one mode."""
        return [by_rep[(mode, impl, n, k[3])] / by_rep[(mode, base, n, k[3])]
                for k in by_rep if k[0] == mode and k[1] == impl and k[2] == n and (mode, base, n, k[3]) in by_rep]

    p = print
    p("### W(N): SDK next to the peers")
    p()
    p("```")
    p(open(machine).read().rstrip())
    for mode in modes:
        v = loads.get(mode)
        if v:
            p(f"load1 during the runs, mode {mode}: median {statistics.median(v):.2f}, max {max(v):.2f} (2 cores)")
    p("```")
    p()
    p(f"`netns` = this SDK in one warm JVM (`dev.netns.bench.Bench`, W(N) timed with System.nanoTime "
      f"around each phase); the peers are `../shared/bench/peers`. All runs interleaved, in a random order per round and N, "
      f"{reps} runs per cell and mode; every ratio is from this one run. Mode `quiet`: the machine as it "
      f"is; mode `load`: one core kept busy by bench/run's CPU burner (a shell busy loop) during the runs.")
    for mode in modes:
        p()
        p(f"### Mode {mode}")
        for title, phase in (("Total = create + teardown", "total_ms"), ("Create", "create_ms"),
                             ("Teardown", "teardown_ms")):
            p()
            p(f"#### {title} (ms), mode {mode}: median (min–max) of {reps} runs")
            p()
            p("| implementation | " + " | ".join(f"N={n}" for n in ns) + " |")
            p("|---|" + "---|" * len(ns))
            for impl in impls:
                p(f"| {impl} | " + " | ".join(cell(data.get((mode, impl, n, phase), [])) for n in ns) + " |")
        if any(k[0] == mode for k in jit):
            p()
            p("JIT compilation (all compiler threads, ms) during the SDK's timed runs, median (min–max): "
              + ", ".join(f"N={n}: {cell(jit.get((mode, n), []))}" for n in ns))
        p()
        p(f"#### Total, ratio of medians to c-rtnl (the floor), mode {mode}")
        p()
        p("| implementation | " + " | ".join(f"N={n}" for n in ns) + " |")
        p("|---|" + "---|" * len(ns))
        for impl in impls:
            cells = []
            for n in ns:
                a, b = med(mode, impl, n), med(mode, "c-rtnl", n)
                cells.append(f"{a / b:.2f}" if a and b else "–")
            p(f"| {impl} | " + " | ".join(cells) + " |")
        p()
        p(f"#### Total, ratio within each round (paired runs, so slow load changes cancel), mode {mode}: median (min–max)")
        p()
        p("| ratio | " + " | ".join(f"N={n}" for n in ns) + " |")
        p("|---|" + "---|" * len(ns))
        rows = [(impl, "c-rtnl") for impl in impls if impl != "c-rtnl"]
        if "go-netlink" in impls:
            rows.insert(1, ("netns", "go-netlink"))
        if "netns-base" in impls:
            rows.insert(1, ("netns", "netns-base"))
            if "go-netlink" in impls:
                rows.insert(3, ("netns-base", "go-netlink"))
        for impl, base in rows:
            cells = []
            for n in ns:
                rs = paired(mode, impl, base, n)
                cells.append(f"**{statistics.median(rs):.2f}** ({min(rs):.2f}–{max(rs):.2f})" if rs else "–")
            p(f"| {impl}/{base} | " + " | ".join(cells) + " |")
    p()
    p("#### Micro benchmarks (same JVM, same run, quiet), µs")
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
        p("SDK W(200) create, per step (one profiled run after the table's runs, quiet):")
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
    for mode in modes:
        for n in ns:
            a, b = med(mode, "netns", n), med(mode, "c-rtnl", n)
            p(f"W({n}) netns/c-rtnl = {a / b:.2f} mode={mode}" if a and b else f"W({n}) netns/c-rtnl = n/a mode={mode}")
    nat = micro.get("nat_apply_masquerade")
    p(f"NAT apply median_us = {float(nat['median_us']):.1f}" if nat else "NAT apply median_us = n/a")
    for mode in modes:
        p(f"per-test NAT/plain = {per_test_ratio(topology_files.get(mode))} mode={mode}")
    for mode in modes:
        if "netns-base" in impls:
            for n in ns:
                for base in ("c-rtnl", "go-netlink", "netns-base"):
                    who = "netns" if base == "netns-base" else "netns-base"
                    rs = paired(mode, who, base, n)
                    p(f"W({n}) {who}/{base} paired = {statistics.median(rs):.2f} mode={mode}" if rs
                      else f"W({n}) {who}/{base} paired = n/a mode={mode}")
            z, pp = per_test_plain(topology_files.get("base-" + mode))
            p(f"per-test plain (netns-base) median_ms = {z} p90_ms = {pp} mode={mode}")
    for mode in modes:
        blocks = topology_blocks(topology_files[mode]) if topology_files.get(mode) else {}
        b = blocks.get("plain-body")
        if b:
            p(f"(with a 5 ms test body, not counted: per-test plain median_ms = {b[0]:.2f} p90_ms = {b[1]:.2f} mode={mode})")
        b = blocks.get("plain-settled")
        if b:
            p(f"({'once the JIT settled' if b[3] else 'JIT NOT settled'}, after {b[2]} more tests: per-test plain "
              f"median_ms = {b[0]:.2f} p90_ms = {b[1]:.2f} mode={mode})")
    for mode in modes:
        for n in ns:
            for base in ("c-rtnl", "go-netlink"):
                rs = paired(mode, "netns", base, n)
                p(f"W({n}) netns/{base} paired = {statistics.median(rs):.2f} mode={mode}" if rs
                  else f"W({n}) netns/{base} paired = n/a mode={mode}")
    for mode in modes:
        z, pp = per_test_plain(topology_files.get(mode))
        p(f"per-test plain median_ms = {z} p90_ms = {pp} mode={mode}")


def topology_blocks(topology_file):
    """TopologyBench's setup+teardown line per variant:
    {"nat"|"plain"|"plain-row"|"plain-body": (median, p90),
     "plain-settled": (median, p90, tests run before it, whether the JIT settled)}."""
    out = {}
    variant = None
    settled = None
    with open(topology_file) as f:
        for line in f:
            if line.startswith("3 hosts"):
                variant = ("plain-settled" if "JIT settled" in line else "nat" if "masquerade" in line
                           else "plain-body" if "body" in line else "plain-row" if "in a row" in line else "plain")
                if variant == "plain-settled":
                    m = re.search(r"after (\d+) more tests; (settled|NOT settled)", line)
                    settled = (m.group(1), m.group(2) == "settled") if m else ("?", False)
            elif "setup+teardown" in line and variant:
                out[variant] = (float(line.split("median")[1].split("ms")[0]),
                                float(line.split("p90")[1].split("ms")[0]))
                if variant == "plain-settled":
                    out[variant] += settled
    return out


def per_test_plain(topology_file):
    if not topology_file:
        return "n/a", "n/a"
    blocks = topology_blocks(topology_file)
    # Plain tests in a row, as a class of them runs; an older TopologyBench (BASE) has only the
    # interleaved block.
    b = blocks.get("plain-row") or blocks.get("plain")
    return (f"{b[0]:.2f}", f"{b[1]:.2f}") if b else ("n/a", "n/a")


def per_test_ratio(topology_file):
    """TopologyBench prints a block per variant; the ratio of their setup+teardown medians."""
    if not topology_file:
        return "n/a"
    b = topology_blocks(topology_file)
    if "nat" in b and b.get("plain") and b["plain"][0]:
        return f"{b['nat'][0] / b['plain'][0]:.2f}"
    return "n/a"


if __name__ == "__main__":
    main()
