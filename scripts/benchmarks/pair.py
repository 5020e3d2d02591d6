#!/usr/bin/env python3
"""Figures of a bbd pair on this machine (release build):

  failover   kill -9 the primary; time until the first write succeeds on the other node
             (writes are tried every 5 ms; N runs; min / median / p99 / max)
  lag        replication lag (enqueue → peer's 200) at a fixed write rate, from the
             primary's /metrics histogram bbd_replication_lag_seconds
  throughput pair primary vs a single node, update at 16 connections, alternating runs; each pair
             run also reports whether replication kept up (backlog re-syncs, queue, mean lag)

    scripts/benchmarks/pair.py [--failover-runs 20] [--lag-rate 5000] [--throughput-runs 3]
"""
import argparse, json, os, re, signal, socket, statistics, subprocess, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UDSLOAD = os.path.join(os.path.dirname(ROOT), "shared", "tools", "udsload", "udsload")


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def http(path, method="GET", body=b"", headers=None, sock_path=None, timeout=1.0):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(timeout)
    try:
        s.connect(sock_path)
        head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {len(body)}\r\n"
        for name, value in (headers or {}).items():
            head += f"{name}: {value}\r\n"
        s.sendall(head.encode() + b"\r\n" + body)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        status = int(data.split(b" ", 2)[1])
        return status, data.split(b"\r\n\r\n", 1)[1]
    except OSError:
        return None, b""
    finally:
        s.close()


class Pair:
    def __init__(self, binary, folder):
        """`binary` may carry daemon flags after the path, space-separated ("bbd --flag=x")."""
        self.binary, *self.extra = binary.split()
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        p1, p2 = free_ports(2)
        self.args = {
            "node1": ["--dev", "--host-id=node1", f"--uds={folder}/n1.sock", f"--tcp=127.0.0.1:{p1}",
                      f"--peers=node2@127.0.0.1:{p2}", "--rate-limit=0", "--internal-token=t"],
            "node2": ["--dev", "--host-id=node2", f"--uds={folder}/n2.sock", f"--tcp=127.0.0.1:{p2}",
                      f"--peers=node1@127.0.0.1:{p1}", "--rate-limit=0", "--internal-token=t"],
        }
        self.processes = {}

    def socket(self, node):
        return f"{self.folder}/{'n1' if node == 'node1' else 'n2'}.sock"

    def start(self, node):
        log = open(f"{self.folder}/{node}.log", "a")
        self.processes[node] = subprocess.Popen([self.binary] + self.args[node] + self.extra, stdout=log, stderr=log)

    def role(self, node):
        status, body = http("/status", sock_path=self.socket(node), timeout=0.5)
        return json.loads(body)["role"] if status == 200 else None

    def wait_role(self, node, role, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.role(node) == role:
                return
            time.sleep(0.02)
        raise SystemExit(f"{node} did not become {role}")

    def stop(self):
        for process in self.processes.values():
            process.kill()
            process.wait()


def failover(binary, runs):
    timings = []
    for run in range(runs):
        pair = Pair(binary, f"/tmp/bbp-{os.getpid()}-{run}")
        pair.start("node1")
        pair.wait_role("node1", "PRIMARY")
        pair.start("node2")
        pair.wait_role("node2", "SECONDARY")
        time.sleep(0.3 + (run % 5) * 0.04)  # vary the kill's phase against the 200 ms heartbeat
        pair.processes["node1"].kill()
        killed = time.monotonic()
        first = None
        while time.monotonic() - killed < 15:
            status, _ = http("/api/v1/create", "POST", b"x", {"X-Customer-ID": "bench", "X-BB-No-Forward": "true"},
                             sock_path=pair.socket("node2"), timeout=0.5)
            if status == 200:
                first = time.monotonic() - killed
                break
            time.sleep(0.005)
        pair.stop()
        timings.append(first)
        print(f"failover run {run + 1}: first successful write {first:.3f} s after kill -9", flush=True)
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return {"runs": runs, "min_s": ordered[0], "median_s": statistics.median(ordered), "p99_s": p99, "max_s": ordered[-1]}


def lag(binary, rate, duration):
    pair = Pair(binary, f"/tmp/bbp-{os.getpid()}-lag")
    pair.start("node1")
    pair.wait_role("node1", "PRIMARY")
    pair.start("node2")
    pair.wait_role("node2", "SECONDARY")
    report = json.loads(subprocess.run(
        [UDSLOAD, "-uds", pair.socket("node1"), "-op", "update", "-conns", "16", "-rate", str(rate), "-keys", "1000",
         "-duration", duration, "-warmup", "2s"], capture_output=True, text=True).stdout)
    time.sleep(1)
    _, metrics = http("/metrics", sock_path=pair.socket("node1"))
    pair.stop()
    buckets = []
    for line in metrics.decode().splitlines():
        match = re.match(r'bbd_replication_lag_seconds_bucket\{le="([^"]+)"\} (\d+)', line)
        if match:
            buckets.append((float("inf") if match.group(1) == "+Inf" else float(match.group(1)), int(match.group(2))))
    total = buckets[-1][1]
    def quantile(q):
        for bound, count in buckets:
            if count >= q * total:
                return bound
        return float("inf")
    return {"target_rate": rate, "achieved_ops_per_s": round(report["ops_per_s"]), "messages": total,
            "lag_p50_at_most_ms": quantile(0.5) * 1000, "lag_p99_at_most_ms": quantile(0.99) * 1000,
            "within_5ms_percent": round(100 * dict(buckets).get(0.005, 0) / max(total, 1), 2)}


def throughput(binary, runs, duration):
    results = {"pair": [], "single": [], "resyncs": []}
    for run in range(runs):
        for kind in ("pair", "single"):
            folder = f"/tmp/bbp-{os.getpid()}-tp"
            if kind == "pair":
                pair = Pair(binary, folder)
                pair.start("node1")
                pair.wait_role("node1", "PRIMARY")
                pair.start("node2")
                pair.wait_role("node2", "SECONDARY")
                sock, stop = pair.socket("node1"), pair.stop
            else:
                os.makedirs(folder, exist_ok=True)
                sock = f"{folder}/single.sock"
                process = subprocess.Popen(binary.split() + ["--dev", "--rate-limit=0", f"--uds={sock}", "--tcp=127.0.0.1:0"],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                for _ in range(500):
                    if http("/status", sock_path=sock)[0] == 200:
                        break
                    time.sleep(0.02)
                stop = lambda: (process.kill(), process.wait())
            report = json.loads(subprocess.run(
                [UDSLOAD, "-uds", sock, "-op", "update", "-conns", "16", "-keys", "1000", "-duration", duration,
                 "-warmup", "2s"], capture_output=True, text=True).stdout)
            note = ""
            if kind == "pair":
                # A pair figure only counts if replication kept up: the backlog never overflowed
                # (each overflow re-syncs the peer and bumps the epoch) and it drains at once.
                time.sleep(0.5)
                replication = replication_state(sock)
                resyncs = max(0, int(replication["bbd_leader_epoch"]) - 1)
                lag_ms = 1000 * replication["bbd_replication_lag_seconds_sum"] / max(1, replication["bbd_replication_lag_seconds_count"])
                note = (f" (replication: {resyncs} backlog re-syncs, queue {int(replication['bbd_replication_queue_length'])}"
                        f" after 0.5 s, mean lag {lag_ms:.1f} ms)")
                results["resyncs"].append(resyncs)
            stop()
            results[kind].append(report["ops_per_s"])
            print(f"throughput run {run + 1} {kind}: {report['ops_per_s']:.0f} updates/s{note}", flush=True)
    pair_median, single_median = statistics.median(results["pair"]), statistics.median(results["single"])
    return {"pair_updates_per_s": round(pair_median), "single_updates_per_s": round(single_median),
            "pair_fraction_percent": round(100 * pair_median / single_median, 1),
            "pair_runs_with_backlog_resyncs": sum(1 for count in results["resyncs"] if count > 0)}


def replication_state(sock):
    """The primary's replication gauges and lag sums from /metrics."""
    _, metrics = http("/metrics", sock_path=sock)
    values = {"bbd_leader_epoch": 1, "bbd_replication_queue_length": 0, "bbd_replication_lag_seconds_sum": 0,
              "bbd_replication_lag_seconds_count": 0}
    for line in metrics.decode().splitlines():
        parts = line.split(" ")
        if len(parts) == 2 and parts[0] in values:
            values[parts[0]] = float(parts[1])
    return values


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbd", default=os.path.join(ROOT, ".build-release", "release", "bbd"))
    parser.add_argument("--failover-runs", type=int, default=20)
    parser.add_argument("--lag-rate", type=int, default=5000)
    parser.add_argument("--lag-duration", default="10s")
    parser.add_argument("--throughput-runs", type=int, default=3)
    parser.add_argument("--throughput-duration", default="10s")
    parser.add_argument("--only", default="failover,lag,throughput")
    arguments = parser.parse_args()
    results = {}
    parts = arguments.only.split(",")
    if "lag" in parts:
        results["lag"] = lag(arguments.bbd, arguments.lag_rate, arguments.lag_duration)
        print(json.dumps(results["lag"]), flush=True)
    if "throughput" in parts:
        results["throughput"] = throughput(arguments.bbd, arguments.throughput_runs, arguments.throughput_duration)
        print(json.dumps(results["throughput"]), flush=True)
    if "failover" in parts:
        results["failover"] = failover(arguments.bbd, arguments.failover_runs)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
