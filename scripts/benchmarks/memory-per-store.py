#!/usr/bin/env python3
"""Resident memory per store, and how close the --memory-limit accounting is to it.

Starts a release bbd, reads its resident set (VmRSS), creates N stores with B-byte bodies
through the neutral load tool, reads VmRSS and /status again, and reports
(RSS after - RSS before) / N next to the accounted cost (body + 256 bytes per store).

    scripts/benchmarks/memory-per-store.py [--stores 1000000] [--body 100] [--bbd PATH]
"""
import argparse, json, os, socket as sockets, subprocess, time, signal

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UDSLOAD = os.path.join(os.path.dirname(ROOT), "shared", "tools", "udsload", "udsload")


def resident_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise SystemExit("no VmRSS")


def status(path):
    connection = sockets.socket(sockets.AF_UNIX)
    connection.connect(path)
    connection.sendall(b"GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while chunk := connection.recv(65536):
        data += chunk
    return json.loads(data.split(b"\r\n\r\n", 1)[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbd", default=os.path.join(ROOT, ".build-release", "release", "bbd"))
    parser.add_argument("--stores", type=int, default=1_000_000)
    parser.add_argument("--body", type=int, default=100)
    arguments = parser.parse_args()
    path = f"/tmp/bbd-memory-{os.getpid()}.sock"
    process = subprocess.Popen([arguments.bbd, "--dev", "--rate-limit=0", f"--uds={path}", "--tcp=127.0.0.1:0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(500):
            if os.path.exists(path):
                break
            time.sleep(0.02)
        time.sleep(0.3)
        status(path)
        before = resident_bytes(process.pid)
        started = time.time()
        result = subprocess.run([UDSLOAD, "-uds", path, "-op", "create", "-conns", "16", "-body", str(arguments.body),
                                 "-n", str(arguments.stores), "-timeout", "60s"], capture_output=True, text=True)
        report = json.loads(result.stdout)
        elapsed = time.time() - started
        time.sleep(1)
        after = resident_bytes(process.pid)
        state = status(path)
        stores = state["store_count"]
        per_store = (after - before) / stores
        accounted = state["memory_usage"] / stores
        print(json.dumps({
            "stores": stores, "body_bytes": arguments.body, "create_ops_per_s": round(report["ops_per_s"]),
            "seconds": round(elapsed, 1), "rss_before_mib": round(before / 2**20, 1),
            "rss_after_mib": round(after / 2**20, 1), "resident_bytes_per_store": round(per_store, 1),
            "accounted_bytes_per_store": round(accounted, 1),
            "accounting_error_percent": round((accounted - per_store) / per_store * 100, 1),
        }, indent=2))
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


if __name__ == "__main__":
    main()
