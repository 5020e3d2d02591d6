#!/usr/bin/env python3
"""Daemon CPU time per request for two bbd binaries, alternating: a comparison that holds up
on a busy machine better than throughput does (the CPU a request costs changes less with load
than the rate at which a shared core gets to run it).

For each run: start the binary, warm it up (20 000 requests, 10 000 stores prepared by the
neutral load tool), read the daemon's user + system CPU time from /proc, send --requests more
from 16 connections, read it again. Prints each run and the medians.

    scripts/benchmarks/cpu-per-request.py --bbd OLD,NEW [--op snapshot] [--runs 3] [--requests 200000]
"""
import argparse, json, os, signal, subprocess, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UDSLOAD = os.path.join(os.path.dirname(ROOT), "shared", "tools", "udsload", "udsload")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(path, operation, requests):
    result = subprocess.run([UDSLOAD, "-uds", path, "-op", operation, "-conns", "16", "-n", str(requests),
                             "-keys", "10000", "-timeout", "60s"], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def measure(binary, operation, requests):
    path = f"/tmp/bbd-cpu-{os.getpid()}.sock"
    if os.path.exists(path):
        os.unlink(path)
    process = subprocess.Popen([binary, "--dev", "--rate-limit=0", f"--uds={path}", "--tcp=127.0.0.1:0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(500):
            if os.path.exists(path):
                break
            time.sleep(0.02)
        time.sleep(0.3)
        load(path, operation, 20_000)
        before = cpu_seconds(process.pid)
        report = load(path, operation, requests)
        return (cpu_seconds(process.pid) - before) / requests * 1e6, report["ops_per_s"]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbd", required=True, help="two binaries, comma-separated")
    parser.add_argument("--op", default="snapshot")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200_000)
    arguments = parser.parse_args()
    binaries = arguments.bbd.split(",")
    results = {binary: [] for binary in binaries}
    for _ in range(arguments.runs):
        for binary in binaries:
            microseconds, rate = measure(binary, arguments.op, arguments.requests)
            results[binary].append(microseconds)
            print(f"{binary} {arguments.op}: {microseconds:.2f} µs of daemon CPU per request ({rate:.0f} ops/s)",
                  flush=True)
    for binary, values in results.items():
        print(f"median {binary}: {sorted(values)[len(values) // 2]:.2f} µs per request")


if __name__ == "__main__":
    main()
