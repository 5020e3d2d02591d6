#!/usr/bin/env python3
"""One hot store (the auction case): modify cycles and increments on ONE store from many
connections, against the same load spread over 1 000 stores, and modify cycles on one store
with lock waits off (`--lock-wait=0`, the reference's immediate 409) for comparison, and
snapshots of one store against 1 000 (what request coalescing of identical reads could gain).

    scripts/benchmarks/hot-store.py [--bbd PATH] [--runs 3] [--duration 8s] [--conns 16] [--only snapshot]

Runs alternate between the cases within each round; the medians are printed as a Markdown
table. Uses the neutral load tool (shared/tools/udsload) on a release build of bbd.
"""
import argparse, json, os, statistics, subprocess, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UDSLOAD = os.path.join(os.path.dirname(ROOT), "shared", "tools", "udsload", "udsload")

CASES = [
    ("modify, 1 store", [], "modify", 1),
    ("modify, 1 store, --lock-wait=0", ["--lock-wait=0"], "modify", 1),
    ("modify, 1 000 stores", [], "modify", 1000),
    ("increment, 1 store", [], "increment", 1),
    ("increment, 1 000 stores", [], "increment", 1000),
    ("snapshot, 1 store", [], "snapshot", 1),
    ("snapshot, 1 000 stores", [], "snapshot", 1000),
]


def run_case(binary, flags, operation, keys, conns, duration):
    socket = f"/tmp/bbd-hot-{os.getpid()}.sock"
    daemon = subprocess.Popen(
        [binary, "--dev", "--rate-limit=0", f"--uds={socket}", "--tcp=127.0.0.1:0"] + flags,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 10
        while not os.path.exists(socket):
            if time.time() > deadline:
                raise SystemExit("bbd did not start")
            time.sleep(0.02)
        time.sleep(0.2)
        output = subprocess.run(
            [UDSLOAD, "-uds", socket, "-op", operation, "-conns", str(conns), "-keys", str(keys),
             "-duration", duration, "-warmup", "2s"], capture_output=True, text=True, timeout=120).stdout
        return json.loads(output)
    finally:
        daemon.kill()
        daemon.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbd", default=os.path.join(ROOT, ".build-release", "release", "bbd"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", default="8s")
    parser.add_argument("--conns", type=int, default=16)
    parser.add_argument("--only", help="comma-separated operations to run (modify, increment, snapshot)")
    arguments = parser.parse_args()
    cases = [case for case in CASES if not arguments.only or case[2] in arguments.only.split(",")]
    results = {name: [] for name, *_ in cases}
    for round_number in range(arguments.runs):
        for name, flags, operation, keys in cases:
            report = run_case(arguments.bbd, flags, operation, keys, arguments.conns, arguments.duration)
            errors = sum(report.get("errors", {}).values())
            results[name].append((report["ops_per_s"], errors, report["latency_us"]["p50"], report["latency_us"]["p99"]))
            print(f"round {round_number + 1} {name}: {report['ops_per_s']:.0f}/s, {errors} errors", flush=True)
    print(f"\n| case ({arguments.conns} connections) | successful ops/s (median) | errors per run | p50 µs | p99 µs |")
    print("|---|---|---|---|---|")
    for name, runs in results.items():
        print(f"| {name} | {statistics.median(r[0] for r in runs):,.0f} | {', '.join(str(r[1]) for r in runs)} "
              f"| {statistics.median(r[2] for r in runs):.0f} | {statistics.median(r[3] for r in runs):.0f} |")


if __name__ == "__main__":
    main()
