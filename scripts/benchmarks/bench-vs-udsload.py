#!/usr/bin/env python3
"""Does `bblab bench` tell the truth? It and the neutral udsload, alternately, on the same server.

For each server (shared/tools/udsecho, the ceiling with no work per request, and a release bbd
with --dev --rate-limit=0), each operation and each connection count, runs udsload and
`bblab bench --socket` (each transport asked for) one after the other, N times, alternating
which goes first, and prints the medians side by side: operations per second, p50, p99, and
each tool's own CPU per operation (user + system time of the tool process / operations).

    scripts/benchmarks/bench-vs-udsload.py [--runs 3] [--duration 10s] [--conns 16,1] [--ops snapshot]
        [--servers udsecho,bbd] [--transports nio,threads]

Release builds by default: .build-release/release/{bblab,bbd}.
"""
import argparse, json, os, resource, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(os.path.dirname(ROOT), "shared", "tools")
UDSLOAD = os.path.join(TOOLS, "udsload", "udsload")
UDSECHO = os.path.join(TOOLS, "udsecho", "udsecho")


def wait_for_socket(path, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path):
            time.sleep(0.2)
            return
        time.sleep(0.02)
    raise SystemExit(f"no socket at {path} after {timeout} s")


def start_server(kind, bbd, socket):
    if os.path.exists(socket):
        os.unlink(socket)
    if kind == "udsecho":
        command = [UDSECHO, "-uds", socket]
    else:
        command = [bbd, "--dev", "--rate-limit=0", f"--uds={socket}", "--tcp=127.0.0.1:0"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_socket(socket)
    return process


def timed(command):
    """Runs command; returns (stdout, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result.stdout, cpu


def run_udsload(socket, op, conns, duration):
    output, cpu = timed([UDSLOAD, "-uds", socket, "-op", op, "-conns", str(conns), "-keys", "1000", "-body", "100",
                         "-duration", duration, "-warmup", "2s"])
    report = json.loads(output)
    latency = report["latency_us"]
    operations = report["ops_ok"] + report["ops_failed"]
    return {"ops": report["ops_per_s"], "p50": latency["p50"], "p99": latency["p99"], "cpu_s": cpu,
            "operations": operations, "errors": report["ops_failed"]}


def run_bench(bblab, transport, socket, op, conns, duration):
    with tempfile.NamedTemporaryFile(suffix=".json") as file:
        _, cpu = timed([bblab, "bench", "--socket", socket, "--operations", op, "--connections", str(conns),
                        "--duration", duration, "--warmup", "2s", "--stores", "1000", "--body", "100",
                        "--transport", transport, "--json", file.name, "--quiet"])
        report = json.load(open(file.name))
    run = report["runs"][0]
    return {"ops": run["ops_per_s"], "p50": run["latency_us"]["p50"], "p99": run["latency_us"]["p99"], "cpu_s": cpu,
            "operations": run["successes"] + run["failures"], "errors": run["failures"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--conns", default="16,1")
    parser.add_argument("--ops", default="snapshot")
    parser.add_argument("--servers", default="udsecho,bbd")
    parser.add_argument("--transports", default="threads")
    parser.add_argument("--bblab", default=os.path.join(ROOT, ".build-release", "release", "bblab"))
    parser.add_argument("--bbd", default=os.path.join(ROOT, ".build-release", "release", "bbd"))
    args = parser.parse_args()
    tools = ["udsload"] + [f"bench-{t}" for t in args.transports.split(",")]
    socket = f"/tmp/bvu-{os.getpid()}.sock"
    rows = []
    print(f"load average before: {open('/proc/loadavg').read().split()[:3]}", flush=True)
    for server in args.servers.split(","):
        process = start_server(server, args.bbd, socket)
        try:
            for op in args.ops.split(","):
                for conns in [int(c) for c in args.conns.split(",")]:
                    figures = {tool: [] for tool in tools}
                    for run in range(args.runs):
                        order = tools if run % 2 == 0 else list(reversed(tools))
                        for tool in order:
                            if tool == "udsload":
                                result = run_udsload(socket, op, conns, args.duration)
                            else:
                                result = run_bench(args.bblab, tool.split("-", 1)[1], socket, op, conns, args.duration)
                            figures[tool].append(result)
                            print(f"{server} {op} conns={conns} run {run + 1} {tool}: {result['ops']:.0f} ops/s "
                                  f"p50 {result['p50']} µs p99 {result['p99']} µs, tool CPU {result['cpu_s']:.2f} s, "
                                  f"errors {result['errors']}", flush=True)
                    for tool in tools:
                        runs = figures[tool]
                        rows.append((server, op, conns, tool, statistics.median(r["ops"] for r in runs),
                                     statistics.median(r["p50"] for r in runs), statistics.median(r["p99"] for r in runs),
                                     statistics.median(1e6 * r["cpu_s"] / max(1, r["operations"]) for r in runs)))
        finally:
            process.terminate()
            process.wait()
            if os.path.exists(socket):
                os.unlink(socket)
    print(f"load average after: {open('/proc/loadavg').read().split()[:3]}")
    print()
    print("| server | operation | conns | tool | ops/s (median) | p50 µs | p99 µs | tool CPU µs/op |")
    print("|---|---|---|---|---|---|---|---|")
    for server, op, conns, tool, ops, p50, p99, cpu in rows:
        print(f"| {server} | {op} | {conns} | {tool} | {ops:,.0f} | {p50} | {p99} | {cpu:.1f} |".replace(",", " "))


if __name__ == "__main__":
    main()
