#!/usr/bin/env python3
"""Throughput and latency of bbd against the ceiling of HTTP over a Unix socket.

Runs the neutral load tool (shared/tools/udsload) alternately against a release build of bbd
and against shared/tools/udsecho (a server that answers at once with no work), takes the
median of N runs of each, and prints each bbd figure as a fraction of udsecho's.

    scripts/benchmarks/udsload-vs-udsecho.py [--runs 3] [--duration 10s] [--ops snapshot,update,...]
    scripts/benchmarks/udsload-vs-udsecho.py --bbd /path/to/other/bbd    # any compatible daemon

Writes a JSON result next to a Markdown table under runs/benchmarks/.
"""
import argparse, json, os, statistics, subprocess, sys, time, datetime, signal

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(os.path.dirname(ROOT), "shared", "tools")
UDSLOAD = os.path.join(TOOLS, "udsload", "udsload")
UDSECHO = os.path.join(TOOLS, "udsecho", "udsecho")


def wait_for_socket(path, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path):
            return
        time.sleep(0.02)
    raise SystemExit(f"no socket at {path} after {timeout} s")


def start_bbd(binary, socket):
    if os.path.exists(socket):
        os.unlink(socket)
    process = subprocess.Popen([binary, "--dev", "--rate-limit=0", f"--uds={socket}", "--tcp=127.0.0.1:0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_socket(socket)
    time.sleep(0.2)
    return process


def start_echo(socket):
    if os.path.exists(socket):
        os.unlink(socket)
    process = subprocess.Popen([UDSECHO, "-uds", socket], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_socket(socket)
    return process


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def load(socket, op, conns, duration, keys):
    command = [UDSLOAD, "-uds", socket, "-op", op, "-conns", str(conns), "-keys", str(keys), "-body", "100",
               "-duration", duration, "-warmup", "2s"]
    output = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if output.returncode != 0:
        raise SystemExit(f"udsload failed: {output.stderr}")
    return json.loads(output.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbd", default=os.path.join(ROOT, ".build-release", "release", "bbd"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--ops", default="snapshot,update,increment,create,modify")
    parser.add_argument("--conns", type=int, default=16)
    parser.add_argument("--keys", type=int, default=1000)
    arguments = parser.parse_args()

    socket = f"/tmp/bbd-bench-{os.getpid()}.sock"
    cases = [(op, arguments.conns) for op in arguments.ops.split(",")] + [("snapshot", 1)]
    results = []
    for op, conns in cases:
        daemon_runs, echo_runs = [], []
        for run in range(arguments.runs):
            for target in ("bbd", "udsecho"):
                process = start_bbd(arguments.bbd, socket) if target == "bbd" else start_echo(socket)
                try:
                    report = load(socket, op, conns, arguments.duration, arguments.keys)
                finally:
                    stop(process)
                (daemon_runs if target == "bbd" else echo_runs).append(report)
                failed = report.get("ops_failed", 0)
                print(f"{op:>9} conns={conns:<3} {target:<8} run {run + 1}: {report['ops_per_s']:>10.0f} ops/s "
                      f"p50 {report['latency_us']['p50']:.1f} µs  p99 {report['latency_us']['p99']:.1f} µs"
                      + (f"  failed {failed} {report.get('errors')}" if failed else ""), flush=True)
        median = lambda runs, pick: statistics.median(pick(r) for r in runs)
        row = {
            "op": op, "conns": conns,
            "bbd_ops_per_s": median(daemon_runs, lambda r: r["ops_per_s"]),
            "udsecho_ops_per_s": median(echo_runs, lambda r: r["ops_per_s"]),
            "bbd_p50_us": median(daemon_runs, lambda r: r["latency_us"]["p50"]),
            "udsecho_p50_us": median(echo_runs, lambda r: r["latency_us"]["p50"]),
            "bbd_p99_us": median(daemon_runs, lambda r: r["latency_us"]["p99"]),
            "udsecho_p99_us": median(echo_runs, lambda r: r["latency_us"]["p99"]),
            "bbd_failed": sum(r.get("ops_failed", 0) for r in daemon_runs),
        }
        row["throughput_fraction"] = row["bbd_ops_per_s"] / row["udsecho_ops_per_s"]
        row["p50_ratio"] = row["bbd_p50_us"] / row["udsecho_p50_us"]
        results.append(row)

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder = os.path.join(ROOT, "runs", "benchmarks")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"udsload-{stamp}.json"), "w") as output:
        json.dump({"runs": arguments.runs, "duration": arguments.duration, "results": results}, output, indent=2)
    print()
    print("| operation | conns | bbd ops/s | udsecho ops/s | fraction | bbd p50 µs | udsecho p50 µs | p50 ratio | bbd p99 µs |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in results:
        print(f"| {row['op']} | {row['conns']} | {row['bbd_ops_per_s']:.0f} | {row['udsecho_ops_per_s']:.0f} | "
              f"{row['throughput_fraction'] * 100:.0f} % | {row['bbd_p50_us']:.1f} | {row['udsecho_p50_us']:.1f} | "
              f"{row['p50_ratio']:.2f}× | {row['bbd_p99_us']:.1f} |")


if __name__ == "__main__":
    main()
