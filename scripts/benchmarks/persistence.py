#!/usr/bin/env python3
"""Figures of bbd --data-dir on this machine (release build):

  replay      fill N stores of 100 bytes (udsload -op create -n N against a node with --data-dir),
              kill -9 it, restart it on the same directory, and time the start-up: from the
              spawn to the first /status answer, and the replay itself as the daemon logs it
              (persistence.replay.ms: reading and applying the files; persistence.total.ms:
              plus installing the state). Repeated --replay-runs times on the same directory.
  throughput  update throughput at 16 connections (bblab bench --socket, 100-byte bodies, 1 000
              stores; --tool udsload for the neutral load tool) of a single node in memory only
              and with --data-dir at --fsync=never, interval (20 ms, the default) and always;
              rounds alternate the order; medians.

    swift build -c release --scratch-path .build-release --product bbd
    swift build -c release --scratch-path .build-release --product bblab
    scripts/benchmarks/persistence.py [--stores 1000000] [--replay-runs 3] [--throughput-runs 3]

  --keep-data DIR fills DIR once and keeps it: later runs with the same DIR only time replays.
  --bbd OLD,NEW times the replay of each binary in turn on the same data (alternating, so that
  a change of load hits both alike) and prints both medians.
"""
import argparse, json, os, re, shutil, signal, socket, statistics, subprocess, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UDSLOAD = os.path.join(os.path.dirname(ROOT), "shared", "tools", "udsload", "udsload")


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
        return int(data.split(b" ", 2)[1]), data.split(b"\r\n\r\n", 1)[1]
    except (OSError, IndexError, ValueError):
        return None, b""
    finally:
        s.close()


class Node:
    """One single-node bbd; `flags` are added to the defaults."""

    def __init__(self, binary, folder, flags):
        self.binary, self.folder, self.flags = binary, folder, flags
        self.sock = f"{folder}/bbd.sock"
        self.log_path = f"{folder}/bbd.log"
        self.process = None

    def start(self, timeout=120):
        os.makedirs(self.folder, exist_ok=True)
        log = open(self.log_path, "a")
        started = time.monotonic()
        self.process = subprocess.Popen(
            [self.binary, "--dev", "--rate-limit=0", f"--uds={self.sock}", "--tcp=127.0.0.1:0"] + self.flags,
            stdout=log, stderr=log)
        while time.monotonic() - started < timeout:
            if http("/status", sock_path=self.sock, timeout=0.5)[0] == 200:
                return time.monotonic() - started
            if self.process.poll() is not None:
                raise SystemExit(f"bbd exited: see {self.log_path}")
            time.sleep(0.005)
        raise SystemExit(f"bbd not ready within {timeout} s: see {self.log_path}")

    def status(self):
        code, body = http("/status", sock_path=self.sock, timeout=5)
        return json.loads(body) if code == 200 else {}

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def bench(bblab, sock, operation, duration, extra=()):
    report_path = f"{os.path.dirname(sock)}/bench-{os.getpid()}.json"
    subprocess.run(
        [bblab, "bench", "--socket", sock, "--operations", operation, "--connections", "16", "--duration",
         duration, "--warmup", "2s", "--body", "100", "--json", report_path, "--quiet", *extra],
        stdout=subprocess.DEVNULL, check=True)
    with open(report_path) as report:
        return json.load(report)


def figures(report, operation):
    """ops/s and latency percentiles (µs) of the operation's first run."""
    for result in report["runs"]:
        if result["operation"] == operation:
            return result["ops_per_s"], result["latency_us"]
    raise SystemExit(f"no {operation} figure in {json.dumps(report)[:400]}")


def fill(binary, stores, folder):
    """Fills `folder`/data with `stores` stores of 100 bytes; returns (store count, seconds)."""
    node = Node(binary, folder, [f"--data-dir={folder}/data"])
    node.start()
    filled = time.monotonic()
    report = json.loads(subprocess.run(
        [UDSLOAD, "-uds", node.sock, "-op", "create", "-conns", "16", "-n", str(stores), "-body", "100"],
        capture_output=True, text=True, check=True).stdout)
    print(f"filled {node.status().get('store_count')} stores at {report['ops_per_s']:.0f} creates/s", flush=True)
    fill_seconds = time.monotonic() - filled
    count = node.status()["store_count"]
    time.sleep(1)  # the last batch is written (20 ms) and synced
    node.kill()
    with open(f"{folder}/store-count", "w") as file:
        file.write(str(count))
    return count, fill_seconds


def replay(binaries, stores, runs, folder):
    if os.path.exists(f"{folder}/store-count"):
        count, fill_seconds = int(open(f"{folder}/store-count").read()), None
        print(f"reusing {count} stores in {folder}/data", flush=True)
    else:
        count, fill_seconds = fill(binaries[0], stores, folder)
    data_bytes = sum(os.path.getsize(f"{folder}/data/{name}") for name in os.listdir(f"{folder}/data"))
    files = sorted(name for name in os.listdir(f"{folder}/data") if name != "LOCK")
    timings = {binary: [] for binary in binaries}
    for run in range(runs):
        for binary in (binaries if run % 2 == 0 else list(reversed(binaries))):
            node = Node(binary, folder, [f"--data-dir={folder}/data"])
            open(node.log_path, "w").close()
            ready = node.start()
            with open(f"/proc/{node.process.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
            restored = node.status().get("store_count")
            log = open(node.log_path).read()
            replay_ms = int(re.search(r"persistence\.replay\.ms=(\d+)", log).group(1))
            total_ms = int(re.search(r"persistence\.total\.ms=(\d+)", log).group(1))
            node.kill()
            timings[binary].append((ready, replay_ms, total_ms, cpu))
            print(f"replay run {run + 1} {binary}: {restored} stores; ready after {ready:.2f} s (replay {replay_ms} "
                  f"ms, with install {total_ms} ms; CPU time of the process until ready {cpu:.2f} s)", flush=True)
            if restored != count:
                raise SystemExit(f"restored {restored} stores, expected {count}")
    results = {}
    for binary, values in timings.items():
        results[binary] = {
            "ready_s_median": round(statistics.median(t[0] for t in values), 2),
            "replay_ms_median": statistics.median(t[1] for t in values),
            "replay_and_install_ms_median": statistics.median(t[2] for t in values),
            "cpu_s_until_ready_median": statistics.median(t[3] for t in values)}
    return {"stores": count, "fill_seconds": fill_seconds and round(fill_seconds, 1), "data_dir_bytes": data_bytes,
            "files": files, **(results[binaries[0]] if len(binaries) == 1 else {"by_binary": results})}


def udsload(sock, operation, duration):
    report = json.loads(subprocess.run(
        [UDSLOAD, "-uds", sock, "-op", operation, "-conns", "16", "-keys", "1000", "-body", "100", "-duration",
         duration, "-warmup", "2s"], capture_output=True, text=True, check=True).stdout)
    latency = report.get("latency_us") or {}
    return report["ops_per_s"], {"p50": latency.get("p50", 0), "p99": latency.get("p99", 0)}


def throughput(binary, bblab, runs, duration, folder, tool):
    modes = {
        "memory only": [],
        "--fsync=never": ["--fsync=never"],
        "--fsync=interval (20 ms)": [],
        "--fsync=always": ["--fsync=always"],
    }
    results = {mode: [] for mode in modes}
    for run in range(runs):
        order = list(modes) if run % 2 == 0 else list(reversed(modes))
        for mode in order:
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)
            flags = modes[mode] if mode == "memory only" else [f"--data-dir={folder}/data"] + modes[mode]
            node = Node(binary, folder, flags)
            node.start()
            if tool == "udsload":
                value, latency = udsload(node.sock, "update", duration)
            else:
                value, latency = figures(bench(bblab, node.sock, "update", duration), "update")
            node.kill()
            results[mode].append((value, latency["p50"], latency["p99"]))
            print(f"throughput run {run + 1} {mode}: {value:.0f} updates/s, p50 {latency['p50']:.0f} µs, "
                  f"p99 {latency['p99']:.0f} µs", flush=True)
    base = statistics.median(value for value, _, _ in results["memory only"])
    return {mode: {"updates_per_s": round(statistics.median(v for v, _, _ in values)),
                   "percent_of_memory_only": round(100 * statistics.median(v for v, _, _ in values) / base, 1),
                   "p50_us": round(statistics.median(p for _, p, _ in values)),
                   "p99_us": round(statistics.median(p for _, _, p in values))}
            for mode, values in results.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbd", default=os.path.join(ROOT, ".build-release", "release", "bbd"))
    parser.add_argument("--bblab", default=os.path.join(ROOT, ".build-release", "release", "bblab"))
    parser.add_argument("--stores", type=int, default=1_000_000)
    parser.add_argument("--replay-runs", type=int, default=3)
    parser.add_argument("--throughput-runs", type=int, default=3)
    parser.add_argument("--throughput-duration", default="10s")
    parser.add_argument("--only", default="replay,throughput")
    parser.add_argument("--folder", default=f"/tmp/bbpersist-{os.getpid()}")
    parser.add_argument("--keep-data", help="fill this folder once and keep it; later runs only time replays")
    parser.add_argument("--tool", default="bblab", choices=["bblab", "udsload"])
    arguments = parser.parse_args()
    results = {"load_average_at_start": os.getloadavg()}
    try:
        if "replay" in arguments.only:
            results["replay"] = replay(arguments.bbd.split(","), arguments.stores, arguments.replay_runs,
                                       arguments.keep_data or arguments.folder + "/replay")
            print(json.dumps(results["replay"]), flush=True)
        if "throughput" in arguments.only:
            results["throughput"] = throughput(arguments.bbd.split(",")[0], arguments.bblab, arguments.throughput_runs,
                                               arguments.throughput_duration, arguments.folder + "/throughput",
                                               arguments.tool)
    finally:
        shutil.rmtree(arguments.folder, ignore_errors=True)
    results["load_average_at_end"] = os.getloadavg()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
