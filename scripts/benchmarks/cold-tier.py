#!/usr/bin/env python3
"""The cold tier (--hot-memory-limit): resident memory against the store count, cold read
latency, and hot latency with and without the tier.

    scripts/benchmarks/cold-tier.py rss [--hot-limit 67108864] [--stores 3000000] [--step 250000] [--body 100]
    scripts/benchmarks/cold-tier.py cold-reads [--hot-limit 67108864] [--keys 500000] [--duration 10s]
    scripts/benchmarks/cold-tier.py hot [--hot-limit 67108864] [--duration 5s] [--rounds 3]

`rss` starts a release bbd with the limit and --cold-after=0, creates stores in steps with the
neutral load tool and prints, after each step, the resident set (VmRSS), the hot and cold
counts and the tier's index from /status; with --baseline it does the same without the tier
(up to --baseline-stores). `cold-reads` has udsload pre-create --keys stores and read them
round-robin (16 connections, each cycling over its share), so with more keys than fit every
read finds its store cold; it prints udsload's latencies next to the same run without the tier,
and the daemon's own read-from-disk histogram (bbd_cold_read_seconds). `hot` runs
`bblab bench --vs` with 1 000 stores (all hot) against the same binary with the tier on, through
a wrapper script that adds the flags. Every mode prints the load average before and after: the
machine is shared.
"""
import argparse, json, os, re, signal, socket as sockets, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UDSLOAD = os.path.join(os.path.dirname(ROOT), "shared", "tools", "udsload", "udsload")
RELEASE = os.path.join(ROOT, ".build-release", "release")


def load_average():
    with open("/proc/loadavg") as file:
        return " ".join(file.read().split()[:3])


def resident_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise SystemExit("no VmRSS")


def http_get(path, target):
    connection = sockets.socket(sockets.AF_UNIX)
    connection.connect(path)
    connection.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while chunk := connection.recv(65536):
        data += chunk
    return data.split(b"\r\n\r\n", 1)[1].decode()


class Daemon:
    def __init__(self, bbd, flags):
        self.folder = tempfile.mkdtemp(prefix="bbd-cold-bench-")
        self.socket = os.path.join(self.folder, "bbd.sock")
        self.process = subprocess.Popen(
            [bbd, "--dev", "--rate-limit=0", f"--uds={self.socket}", "--tcp=127.0.0.1:0"] + flags,
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.folder, "log"), "w"))
        for _ in range(500):
            if os.path.exists(self.socket):
                break
            time.sleep(0.02)
        time.sleep(0.3)

    def status(self):
        return json.loads(http_get(self.socket, "/status"))

    def metrics(self):
        return http_get(self.socket, "/metrics")

    def resident(self):
        return resident_bytes(self.process.pid)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def udsload(socket, *arguments):
    result = subprocess.run([UDSLOAD, "-uds", socket] + list(arguments), capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"udsload failed: {result.stderr}")
    return json.loads(result.stdout)


def fill(daemon, total, step, body, label):
    rows = []
    created = 0
    print(f"# {label}: load {load_average()}", file=sys.stderr)
    rows.append(row(daemon, label))
    while created < total:
        count = min(step, total - created)
        udsload(daemon.socket, "-op", "create", "-conns", "16", "-body", str(body), "-n", str(count), "-timeout", "60s")
        created += count
        time.sleep(1)
        rows.append(row(daemon, label))
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def row(daemon, label):
    state = daemon.status()
    tier = state.get("cold_tier", {})
    return {
        "mode": label, "stores": state["store_count"], "rss_mib": round(daemon.resident() / 2**20, 1),
        "hot": tier.get("hot_store_count", state["store_count"]), "cold": tier.get("cold_store_count", 0),
        "hot_memory_mib": round(tier.get("hot_memory_bytes", 0) / 2**20, 1),
        "cold_index_mib": round(tier.get("cold_index_bytes", 0) / 2**20, 1), "load": load_average(),
    }


def histogram_quantiles(metrics, name):
    """p50/p99 upper bounds from a Prometheus histogram (bucket bounds, so coarse)."""
    buckets = []
    for line in metrics.splitlines():
        match = re.match(rf'{name}_bucket\{{le="([^"]+)"\}} (\S+)', line)
        if match:
            bound = float("inf") if match.group(1) == "+Inf" else float(match.group(1))
            buckets.append((bound, float(match.group(2))))
    if not buckets or buckets[-1][1] == 0:
        return None
    total = buckets[-1][1]
    result = {"count": int(total)}
    for quantile in (0.5, 0.9, 0.99):
        result[f"p{int(quantile * 100)}_us_at_most"] = next(
            (round(bound * 1e6, 1) for bound, count in buckets if count >= quantile * total), None)
    return result


def command_rss(arguments):
    daemon = Daemon(arguments.bbd, [f"--hot-memory-limit={arguments.hot_limit}", "--cold-after=0"])
    try:
        rows = fill(daemon, arguments.stores, arguments.step, arguments.body, f"tier {arguments.hot_limit}")
        print(json.dumps(histogram_quantiles(daemon.metrics(), "bbd_cold_read_seconds")), file=sys.stderr)
    finally:
        daemon.stop()
    if arguments.baseline:
        daemon = Daemon(arguments.bbd, [])
        try:
            rows += fill(daemon, arguments.baseline_stores, arguments.step, arguments.body, "no tier")
        finally:
            daemon.stop()
    print("| mode | stores | hot | cold | RSS MiB | hot memory MiB (limit) | cold index MiB | load |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['mode']} | {r['stores']:,} | {r['hot']:,} | {r['cold']:,} | {r['rss_mib']} | {r['hot_memory_mib']} "
              f"| {r['cold_index_mib']} | {r['load']} |".replace(",", " "))


def command_cold_reads(arguments):
    print("| mode | keys | ops/s | p50 µs | p99 µs | reads from disk (daemon) | load before / after |")
    print("|---|---|---|---|---|---|---|")
    for label, flags in [("tier", [f"--hot-memory-limit={arguments.hot_limit}", "--cold-after=0"]), ("no tier", [])]:
        daemon = Daemon(arguments.bbd, flags)
        try:
            before = load_average()
            report = udsload(daemon.socket, "-op", "snapshot", "-conns", str(arguments.conns), "-keys",
                             str(arguments.keys), "-duration", arguments.duration, "-warmup", "2s", "-timeout", "60s")
            after = load_average()
            metrics = daemon.metrics() if flags else ""
            disk = histogram_quantiles(metrics, "bbd_cold_read_seconds") if flags else None
            writes = histogram_quantiles(metrics, "bbd_cold_write_seconds") if flags else None
            state = daemon.status().get("cold_tier", {})
            disk_text = (f"{disk['count']:,} reads, p50 ≤ {disk['p50_us_at_most']} µs, p99 ≤ {disk['p99_us_at_most']} µs"
                         f"; {writes['count']:,} writes, p50 ≤ {writes['p50_us_at_most']} µs, "
                         f"p99 ≤ {writes['p99_us_at_most']} µs; {state.get('promotions', 0):,} promotions"
                         ) if disk and writes else "—"
            latency = report.get("latency_us", report)
            print(f"| {label} | {arguments.keys:,} | {round(report['ops_per_s']):,} | {latency.get('p50')} | "
                  f"{latency.get('p99')} | {disk_text} | {before} / {after} |")
            print(json.dumps(report), file=sys.stderr)
        finally:
            daemon.stop()


def command_hot(arguments):
    wrapper = os.path.join(tempfile.mkdtemp(prefix="bbd-cold-wrapper-"), "bbd-cold")
    with open(wrapper, "w") as file:
        file.write(f'#!/bin/sh\nexec "{arguments.bbd}" --hot-memory-limit={arguments.hot_limit} "$@"\n')
    os.chmod(wrapper, 0o755)
    print(f"# load before {load_average()}", file=sys.stderr)
    subprocess.run([os.path.join(RELEASE, "bblab"), "bench", "--bbd", arguments.bbd, "--vs", wrapper, "--operations",
                    arguments.operations, "--duration", arguments.duration, "--rounds", str(arguments.rounds)],
                   check=True)
    print(f"# load after {load_average()}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["rss", "cold-reads", "hot"])
    parser.add_argument("--bbd", default=os.path.join(RELEASE, "bbd"))
    parser.add_argument("--hot-limit", type=int, default=64 * 2**20)
    parser.add_argument("--stores", type=int, default=3_000_000)
    parser.add_argument("--step", type=int, default=250_000)
    parser.add_argument("--body", type=int, default=100)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--baseline-stores", type=int, default=1_000_000)
    parser.add_argument("--keys", type=int, default=500_000)
    parser.add_argument("--conns", type=int, default=16)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--operations", default="snapshot,update")
    arguments = parser.parse_args()
    {"rss": command_rss, "cold-reads": command_cold_reads, "hot": command_hot}[arguments.mode](arguments)


if __name__ == "__main__":
    main()
