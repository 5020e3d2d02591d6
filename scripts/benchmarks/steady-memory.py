#!/usr/bin/env python3
"""Resident memory of a release bbd over a steady run: does it grow while the data does not?

Fills the daemon with --stores stores of 100 bytes, then for --minutes keeps it busy with
phases of the neutral load tool (update, snapshot, increment, modify; 30 s each, in turn)
while a second client churns short-lived stores (creates with a 3 s TTL, half of them deleted
at once, the rest expired by the daemon). Every 15 s it samples VmRSS and /status. The
data set stays the same size (the load tool's own pre-created stores add 1 000 per phase, and
the churn keeps a few thousand alive), so resident memory that keeps rising would be a leak.

    scripts/benchmarks/steady-memory.py [--minutes 10] [--stores 200000] [--no-churn] [--bbd PATH]

Prints one line per sample and a JSON summary: resident memory at the end of the first
third and at the end, and how resident memory minus the accounted memory moved.
"""
import argparse, json, os, socket as sockets, subprocess, threading, time, signal

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UDSLOAD = os.path.join(os.path.dirname(ROOT), "shared", "tools", "udsload", "udsload")


def resident_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise SystemExit("no VmRSS")


class Connection:
    """One keep-alive HTTP/1.1 connection over the Unix socket (Content-Length answers only)."""

    def __init__(self, path):
        self.socket = sockets.socket(sockets.AF_UNIX)
        self.socket.settimeout(10)
        self.socket.connect(path)
        self.pending = b""

    def request(self, method, target, headers=(), body=b""):
        lines = [f"{method} {target} HTTP/1.1", "Host: bbd", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers]
        self.socket.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        while b"\r\n\r\n" not in self.pending:
            chunk = self.socket.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.pending += chunk
        head, self.pending = self.pending.split(b"\r\n\r\n", 1)
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(self.pending) < length:
            chunk = self.socket.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.pending += chunk
        answer, self.pending = self.pending[:length], self.pending[length:]
        return status, answer


def churn(path, stop, counts):
    connection = Connection(path)
    customer = ("X-Customer-ID", "churn")
    while not stop.is_set():
        status, store_id = connection.request(
            "POST", "/api/v1/create", [customer, ("BigBunny-Not-Valid-After", "3")], b"c" * 100)
        counts["created"] += status == 200
        if status == 200 and counts["created"] % 2 == 0:
            status, _ = connection.request("POST", f"/api/v1/delete/{store_id.decode()}", [customer])
            counts["deleted"] += status == 200
        time.sleep(0.001)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbd", default=os.path.join(ROOT, ".build-release", "release", "bbd"))
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--stores", type=int, default=200_000)
    parser.add_argument("--churn", action=argparse.BooleanOptionalAction, default=True,
                        help="also create and delete short-lived stores (each delete and expiry leaves a "
                             "tombstone, kept 24 h by the contract, so memory grows with them)")
    arguments = parser.parse_args()
    path = f"/tmp/bbd-steady-{os.getpid()}.sock"
    process = subprocess.Popen([arguments.bbd, "--dev", "--rate-limit=0", f"--uds={path}", "--tcp=127.0.0.1:0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stop = threading.Event()
    try:
        for _ in range(500):
            if os.path.exists(path):
                break
            time.sleep(0.02)
        time.sleep(0.3)
        subprocess.run([UDSLOAD, "-uds", path, "-op", "create", "-conns", "8", "-body", "100",
                        "-n", str(arguments.stores), "-timeout", "60s"], capture_output=True, check=True)
        counts = {"created": 0, "deleted": 0}
        churner = threading.Thread(target=churn, args=(path, stop, counts), daemon=True)
        if arguments.churn:
            churner.start()
        samples = []
        status_connection = Connection(path)
        started = time.time()
        deadline = started + arguments.minutes * 60
        operations = ["update", "snapshot", "increment", "modify"]
        phase = 0
        while time.time() < deadline:
            load = subprocess.Popen([UDSLOAD, "-uds", path, "-op", operations[phase % len(operations)], "-conns", "8",
                                     "-duration", "28s", "-warmup", "0s", "-timeout", "30s"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            phase += 1
            for _ in range(2):
                time.sleep(15)
                _, body = status_connection.request("GET", "/status")
                state = json.loads(body)
                sample = {"minute": round((time.time() - started) / 60, 2),
                          "rss_mib": round(resident_bytes(process.pid) / 2**20, 1),
                          "stores": state["store_count"], "accounted_mib": round(state["memory_usage"] / 2**20, 1),
                          "tombstones": state["tombstone_count"]}
                samples.append(sample)
                print(json.dumps(sample), flush=True)
            load.wait(timeout=60)
        stop.set()
        if arguments.churn:
            churner.join(timeout=15)
        third = samples[max(0, len(samples) // 3 - 1)]
        last = samples[-1]
        print(json.dumps({
            "minutes": arguments.minutes, "stores_prefilled": arguments.stores, "phases": phase,
            "churn_created": counts["created"], "churn_deleted": counts["deleted"],
            "rss_mib_after_first_third": third["rss_mib"], "rss_mib_at_end": last["rss_mib"],
            "rss_mib_peak": max(sample["rss_mib"] for sample in samples),
            "rss_minus_accounted_mib_first_third": round(third["rss_mib"] - third["accounted_mib"], 1),
            "rss_minus_accounted_mib_at_end": round(last["rss_mib"] - last["accounted_mib"], 1),
            "tombstones_after_first_third": third["tombstones"], "tombstones_at_end": last["tombstones"],
            "bytes_per_new_tombstone": round(
                ((last["rss_mib"] - last["accounted_mib"]) - (third["rss_mib"] - third["accounted_mib"])) * 2**20
                / (last["tombstones"] - third["tombstones"])) if last["tombstones"] > third["tombstones"] else None,
        }, indent=2))
    finally:
        stop.set()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


if __name__ == "__main__":
    main()
