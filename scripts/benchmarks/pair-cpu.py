#!/usr/bin/env python3
"""Where the CPU of a pair write goes: the same closed-loop load as pair.py's throughput figure
(udsload, update, 16 connections, 1 000 stores), alternating pair and single-node runs, with the
CPU time of every process (utime + stime from /proc, all threads) divided by the writes done.

    scripts/benchmarks/pair-cpu.py [--bbd PATH[,PATH2]] [--runs 3] [--duration 8s]

Several binaries (comma-separated) are measured in turn within each round, so a change and its
baseline see the same machine; an entry may add daemon flags after the path
(`--bbd "bbd --replication-requests=0,bbd"`). On this shared 2-core machine the pair's throughput follows its
CPU per write: the processes get about the same CPU share in both set-ups, so
    pair / single ≈ (single + load tool µs per write) / (primary + secondary + load tool µs per write).
"""
import argparse, json, os, resource, statistics, subprocess, time
import importlib.util

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("pair", os.path.join(HERE, "pair.py"))
pair_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pair_module)
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except OSError:
        return 0.0


def context_switches(pid):
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            for line in open(f"/proc/{pid}/task/{task}/status"):
                if "ctxt_switches" in line:
                    total += int(line.split(":")[1])
    except OSError:
        pass
    return total


def run(binary, kind, duration):
    folder = f"/tmp/bbcpu-{os.getpid()}"
    if kind == "pair":
        pair = pair_module.Pair(binary, folder)
        pair.start("node1")
        pair.wait_role("node1", "PRIMARY")
        pair.start("node2")
        pair.wait_role("node2", "SECONDARY")
        sock, stop = pair.socket("node1"), pair.stop
        daemons = {"primary": pair.processes["node1"].pid, "secondary": pair.processes["node2"].pid}
    else:
        os.makedirs(folder, exist_ok=True)
        sock = f"{folder}/single.sock"
        process = subprocess.Popen(binary.split() + ["--dev", "--rate-limit=0", f"--uds={sock}", "--tcp=127.0.0.1:0"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(500):
            if pair_module.http("/status", sock_path=sock)[0] == 200:
                break
            time.sleep(0.02)
        stop = lambda: (process.kill(), process.wait())
        daemons = {"single": process.pid}
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = subprocess.Popen([pair_module.UDSLOAD, "-uds", sock, "-op", "update", "-conns", "16", "-keys", "1000",
                             "-duration", duration, "-warmup", "0s"], stdout=subprocess.PIPE, text=True)
    time.sleep(0.5)  # the load tool creates its stores first
    cpu_before = {name: cpu_seconds(pid) for name, pid in daemons.items()}
    switches_before = {name: context_switches(pid) for name, pid in daemons.items()}
    started = time.monotonic()
    report = json.loads(load.communicate()[0])
    elapsed = time.monotonic() - started
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    writes = report["ops_per_s"] * report["duration_s"]
    result = {"kind": kind, "binary": binary, "updates_per_s": round(report["ops_per_s"])}
    for name, pid in daemons.items():
        seconds = cpu_seconds(pid) - cpu_before[name]
        result[f"{name}_cpu_percent"] = round(100 * seconds / elapsed)
        result[f"{name}_us_per_write"] = round(1e6 * seconds / writes, 1)
        result[f"{name}_switches_per_write"] = round((context_switches(pid) - switches_before[name]) / writes, 2)
    load_seconds = (children_after.ru_utime + children_after.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime)
    # The load tool's whole run (store creation included), so a slight overestimate.
    result["load_tool_us_per_write"] = round(1e6 * load_seconds / writes, 1)
    if kind == "pair":
        replication = pair_module.replication_state(sock)
        result["backlog_resyncs"] = max(0, int(replication["bbd_leader_epoch"]) - 1)
    stop()
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbd", default=os.path.join(pair_module.ROOT, ".build-release", "release", "bbd"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", default="8s")
    parser.add_argument("--pair-only", action="store_true", help="skip the single-node runs")
    arguments = parser.parse_args()
    results = {}
    for _ in range(arguments.runs):
        for binary in arguments.bbd.split(","):
            for kind in ("pair",) if arguments.pair_only else ("pair", "single"):
                result = run(binary, kind, arguments.duration)
                results.setdefault((binary, kind), []).append(result)
                print(json.dumps(result), flush=True)
    for (binary, kind), runs in results.items():
        summary = {key: statistics.median(run[key] for run in runs)
                   for key in runs[0] if isinstance(runs[0][key], (int, float)) and key != "kind"}
        print(json.dumps({"binary": binary, "kind": kind, "median": summary}))


if __name__ == "__main__":
    main()
