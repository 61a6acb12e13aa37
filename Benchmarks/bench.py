#!/usr/bin/env python3
"""LegiSurvey's benchmark (`make bench`; BENCHMARKS.md says what it measures and what it found).

For each size (respondent submissions; half XForm instances, half wide CSV, from
`legisurvey sample --respondents N`):
  1. extract + transform alone (`legisurvey-bench extract`, a release build): wall, rate, peak RSS;
  2. the whole run (`legisurvey run --rebuild` into a fresh store): wall and peak RSS of the
     process, its phases from run_summary.json, and the whole process's time to statistics.csv
     (from its start until the file is in place: timed as the peers' processes are; the sum of
     the phases before it is printed beside, as detail); priorities are timed separately;
  3. the parsers' limit (`legisurvey-bench limits`): raw libxml2 SAX over the XML files and raw
     libcsv over the CSV files, against LegiSurvey's extract + transform of the same files, in
     one process, best of --repeat;
  4. the peers (pandas + lxml, polars, DuckDB; Benchmarks/peers, pinned venv): wall and peak RSS.
     Each peer's output must equal LegiSurvey's statistics.csv (world and region rows) on the
     first size; a peer that differs is reported and not timed.
  5. PostgreSQL (issue 28; --postgres, on when Debian's server is installed): the same whole run
     into a fresh schema of a throwaway cluster on loopback TCP (initdb in a temporary folder, as
     the postgres user when root; its settings are printed), its load, statistics and whole run
     beside SQLite's, and its outputs compared byte for byte with the SQLite run's.

Every timed figure is the best of --repeat runs (default 3; single runs on a 2-core VM vary by
up to 30%), and every peak RSS the highest of them. Prints a table per size and writes the
figures to WORK/results.json. Only the standard library.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import socket
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PEERS = ["pandas", "polars", "duckdb"]


def measure(command, env=None, watch=None):
    """Runs a command; returns (seconds, peak RSS in MB, stdout), and with `watch` (a file the
    command writes into place, which must not exist before) also the seconds from the start until
    it appeared (None if it never did), polled every 2 ms: a whole-process time to that file."""
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out_file, stderr=err_file, env=env)
        appeared = None
        while True:
            # Without a file to watch, a blocking wait (no polling lag in the time).
            pid, status, usage = os.wait4(process.pid, 0 if watch is None else os.WNOHANG)
            now = time.perf_counter()
            if watch is not None and appeared is None and os.path.exists(watch):
                appeared = now - start
            if pid != 0:
                break
            time.sleep(0.002)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = now - start
        out_file.seek(0)
        err_file.seek(0)
        out = out_file.read()
        err = err_file.read()
    if process.returncode != 0:
        sys.stderr.write(err.decode(errors="replace"))
        raise SystemExit(f"bench: failed: {' '.join(command)}")
    if watch is not None:
        return seconds, usage.ru_maxrss / 1024.0, out.decode(), appeared
    return seconds, usage.ru_maxrss / 1024.0, out.decode()


class Cluster:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (never 5432, never the package's own cluster)."""

    SETTINGS = ["server_version", "shared_buffers", "work_mem", "maintenance_work_mem", "fsync", "synchronous_commit",
                "wal_level", "max_wal_size", "checkpoint_timeout", "effective_cache_size", "jit"]

    def __init__(self):
        versions = sorted((int(v) for v in os.listdir("/usr/lib/postgresql") if v.isdigit()), reverse=True)
        self.bin = f"/usr/lib/postgresql/{versions[0]}/bin"
        self.folder = tempfile.mkdtemp(prefix="legisurvey-bench-postgres-")
        self.runas = []
        if os.geteuid() == 0:
            import pwd
            entry = pwd.getpwnam("postgres")
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
            self.runas = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        data = os.path.join(self.folder, "data")
        subprocess.run(self.runas + [f"{self.bin}/initdb", "-D", data, "-U", "legisurvey", "-A", "trust", "-E", "UTF8",
                                     "--locale=C.UTF-8"], check=True, stdout=subprocess.DEVNULL)
        # Debian's defaults but for the address and socket: the figures are those of a stock server.
        subprocess.run(self.runas + [f"{self.bin}/pg_ctl", "-D", data, "-l", os.path.join(self.folder, "log"), "-w", "-o",
                                     f"-k {self.folder} -p {self.port} -c listen_addresses=127.0.0.1", "start"],
                       check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        subprocess.run([f"{self.bin}/createdb", "-h", self.folder, "-p", str(self.port), "-U", "legisurvey", "bench"],
                       check=True)
        self.runs = 0

    def settings(self):
        values = []
        for name in self.SETTINGS:
            value = subprocess.run([f"{self.bin}/psql", "-h", self.folder, "-p", str(self.port), "-U", "legisurvey", "-At",
                                    "-c", f"SHOW {name}", "bench"], capture_output=True, text=True).stdout.strip()
            values.append(f"{name}={value}")
        return ", ".join(values)

    def fresh_store(self, size):
        self.runs += 1
        return f"postgresql://legisurvey@127.0.0.1:{self.port}/bench?schema=bench_{size}_{self.runs}&sslmode=disable"

    def stop(self):
        subprocess.run(self.runas + [f"{self.bin}/pg_ctl", "-D", os.path.join(self.folder, "data"), "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.folder, ignore_errors=True)


def output_files(folder):
    """Every output file's bytes by relative path, but run_summary.json and the lock (they name their run)."""
    files = {}
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            relative = os.path.relpath(path, folder)
            if relative in ("run_summary.json", ".legisurvey.lock") or relative.startswith("store"):
                continue
            with open(path, "rb") as handle:
                files[relative] = hashlib.sha256(handle.read()).hexdigest()
    return files


def inbox_bytes(folder):
    total = 0
    for base, _, names in os.walk(folder):
        for name in names:
            if name.endswith((".xml", ".csv")):
                total += os.path.getsize(os.path.join(base, name))
    return total


def warm(folder):
    for base, _, names in os.walk(folder):
        for name in names:
            with open(os.path.join(base, name), "rb") as handle:
                while handle.read(1 << 20):
                    pass


# What a cached inbox depends on besides its size and seed: the generator's code and the files it
# reads through the benchmark pipeline (its population, questionnaire and reference data). A
# change to any of them writes the inbox again.
SAMPLE_INPUTS = ["Sources/SurveySamples", "Benchmarks/bench.yml", "Pipelines/questionnaires/cybercrime-survey.yml",
                 "Pipelines/reference/countries.yml"]


def sample_inputs_digest():
    digest = hashlib.sha256()
    for entry in SAMPLE_INPUTS:
        path = os.path.join(ROOT, entry)
        files = [path] if os.path.isfile(path) else sorted(
            os.path.join(base, name) for base, _, names in os.walk(path) for name in names)
        for file in files:
            digest.update(os.path.relpath(file, ROOT).encode() + b"\0")
            with open(file, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()


def generate(legisurvey, size, seed, work, pipeline):
    """The respondent inbox of `size`, written with the benchmark pipeline (so its countries come
    from the population that pipeline's statistics describe) and cached in WORK/inbox-SIZE."""
    folder = os.path.join(work, f"inbox-{size}")
    stamp = os.path.join(folder, ".stamp")
    want = f"sample --respondents {size} --seed {seed}\ninputs sha256 {sample_inputs_digest()}\n"
    if os.path.exists(stamp) and open(stamp).read() == want:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(
        [legisurvey, "sample", "--pipeline", pipeline, "--respondents", str(size), "--seed", str(seed), "--output", folder],
        check=True, stdout=subprocess.DEVNULL)
    with open(stamp, "w") as handle:
        handle.write(want)
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", default=os.path.expanduser("~/.cache/legisurvey/bench"))
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build/release"))
    parser.add_argument("--python", default=os.path.expanduser("~/.cache/legisurvey/bench-venv/bin/python"))
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated; empty for none")
    parser.add_argument("--postgres", default="auto", choices=["auto", "yes", "no"],
                        help="also run into PostgreSQL on loopback (auto: when /usr/lib/postgresql holds a server)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    peers = [peer for peer in args.peers.split(",") if peer]
    legisurvey = os.path.join(args.bin, "legisurvey")
    bench = os.path.join(args.bin, "legisurvey-bench")
    pipeline = os.path.join(HERE, "bench.yml")
    questionnaire = os.path.join(ROOT, "Pipelines/questionnaires/cybercrime-survey.yml")
    reference = os.path.join(ROOT, "Pipelines/reference/countries.yml")
    os.makedirs(args.work, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; {platform_line()}")
    results = {"sizes": {}, "cores": os.cpu_count()}
    checked = {}
    cluster = None
    if args.postgres == "yes" or (args.postgres == "auto" and os.path.isdir("/usr/lib/postgresql")):
        cluster = Cluster()
        results["postgres_settings"] = cluster.settings()
        print(f"postgres: a throwaway cluster on 127.0.0.1:{cluster.port} (TCP): {results['postgres_settings']}")
    try:
        run_sizes(args, sizes, peers, legisurvey, bench, pipeline, questionnaire, reference, results, checked, cluster)
    finally:
        if cluster:
            cluster.stop()
    growth(results, sizes)
    with open(os.path.join(args.work, "results.json"), "w") as handle:
        json.dump(results, handle, indent=1, sort_keys=True)
    print(f"figures: {os.path.join(args.work, 'results.json')}")


def run_into(legisurvey, pipeline, inbox, out, store):
    """One whole run into `store`: wall, peak RSS and the phases of run_summary.json, and the
    whole process's time to statistics.csv (issue 29: timed like the peers' processes, from the
    process's start to the moment the file is in place; the run goes on with its other outputs).
    `to_phases` is the sum of the phases before it (process start and set-up not counted)."""
    statistics = os.path.join(out, "statistics.csv")
    if os.path.exists(statistics):
        os.remove(statistics)
    seconds, rss, _, to_file = measure(
        [legisurvey, "run", "--quiet", "--rebuild", "--pipeline", pipeline, "--input", inbox, "--output", out,
         "--store", store], watch=statistics)
    summary = json.load(open(os.path.join(out, "run_summary.json")))
    phases = {lap["phase"]: lap["seconds"] for lap in summary["timings"]}
    accepted = summary.get("total", {}).get("accepted")
    to_phases = sum(phases.get(name, 0) for name in ("extract_transform", "load", "statistics"))
    if to_file is None:
        raise SystemExit(f"bench: {statistics} was never written")
    return {"wall": seconds, "rss_mb": rss, "phases": phases, "accepted": accepted, "to": to_file, "to_phases": to_phases}


def run_sizes(args, sizes, peers, legisurvey, bench, pipeline, questionnaire, reference, results, checked, cluster):
    for index, size in enumerate(sizes):
        inbox = generate(legisurvey, size, args.seed, args.work, pipeline)
        megabytes = inbox_bytes(inbox) / 1e6
        out = os.path.join(args.work, f"out-{size}")
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        row = {"submissions": size, "input_mb": megabytes}

        # Every measurement reads the files from the page cache: read them once first.
        warm(inbox)
        runs = [measure([bench, "extract", "--pipeline", pipeline, "--input", inbox]) for _ in range(args.repeat)]
        seconds, _, text = min(runs, key=lambda run: run[0])
        row["extract_transform"] = {"wall": seconds, "rss_mb": max(run[1] for run in runs), **json.loads(text)}

        # The whole run, each time into a fresh store; the best run by time to statistics.csv
        # gives the phases, the whole-run wall is the best of all, the memory the highest.
        runs = []
        for _ in range(args.repeat):
            store = os.path.join(out, "store.sqlite")
            for leftover in (store, store + "-journal", store + ".lock"):
                if os.path.exists(leftover):
                    os.remove(leftover)
            runs.append(run_into(legisurvey, pipeline, inbox, out, store))
        best = min(runs, key=lambda run: run["to"])
        row["run"] = {"wall": min(run["wall"] for run in runs), "rss_mb": max(run["rss_mb"] for run in runs),
                      "phases": best["phases"], "accepted": best["accepted"]}
        row["to_statistics"] = best["to"]
        row["to_statistics_phases"] = best["to_phases"]

        limits = []
        _, _, text = measure([bench, "limits", "--pipeline", pipeline, "--input", inbox, "--repeat", str(args.repeat)])
        for line in text.splitlines():
            if line.strip():
                limits.append(json.loads(line))
        row["limits"] = limits

        row["peers"] = {}
        # The peers' tables beside the run's folder, not in it: that folder is compared file by
        # file with the PostgreSQL run's, which has no peer tables.
        peer_out = os.path.join(args.work, f"peers-{size}")
        shutil.rmtree(peer_out, ignore_errors=True)
        os.makedirs(peer_out)
        for peer in peers:
            output = os.path.join(peer_out, f"peer-{peer}.csv")
            command = [args.python, os.path.join(HERE, "peers", f"{peer}_job.py"), "--questionnaire", questionnaire,
                       "--reference", reference, "--input", inbox, "--output", output, "--pipeline", pipeline]
            runs = [measure(command) for _ in range(args.repeat)]
            entry = {"wall": min(run[0] for run in runs), "rss_mb": max(run[1] for run in runs)}
            if index == 0 or peer not in checked:
                compare = subprocess.run(
                    [args.python, os.path.join(HERE, "peers", "compare.py"), os.path.join(out, "statistics.csv"), output],
                    capture_output=True, text=True)
                checked[peer] = compare.returncode == 0
                entry["check"] = (compare.stdout + compare.stderr).strip().splitlines()[-1:] or [""]
                print(f"  check {peer} at {size}: {'equal' if checked[peer] else 'DIFFERENT'}: {entry['check'][0]}")
            entry["counted"] = checked[peer]
            row["peers"][peer] = entry
        if cluster:
            # The same whole run into PostgreSQL (a fresh schema each time), and its outputs
            # against the SQLite run's, file by file.
            pg_out = os.path.join(args.work, f"out-postgres-{size}")
            shutil.rmtree(pg_out, ignore_errors=True)
            os.makedirs(pg_out)
            pg_runs = [run_into(legisurvey, pipeline, inbox, pg_out, cluster.fresh_store(size)) for _ in range(args.repeat)]
            best = min(pg_runs, key=lambda run: run["to"])
            sqlite_files = output_files(out)
            pg_files = output_files(pg_out)
            differing = sorted(name for name in set(sqlite_files) | set(pg_files) if sqlite_files.get(name) != pg_files.get(name))
            row["postgres"] = {"wall": min(run["wall"] for run in pg_runs), "rss_mb": max(run["rss_mb"] for run in pg_runs),
                               "phases": best["phases"], "to_statistics": best["to"], "files_compared": len(sqlite_files),
                               "files_differing": differing}
        results["sizes"][str(size)] = row
        report(row)
        sys.stdout.flush()


def platform_line():
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        model = "cpu unknown"
    return model


def report(row):
    size = row["submissions"]
    mb = row["input_mb"]
    et = row["extract_transform"]
    run = row["run"]
    print(f"\n== {size} submissions, {mb:.1f} MB ==")
    print(f"{'':34} {'wall s':>8} {'subm/s':>9} {'MB/s':>7} {'peak RSS MB':>12}")
    print(f"{'extract + transform':34} {et['wall']:8.2f} {size / et['wall']:9.0f} {mb / et['wall']:7.1f} {et['rss_mb']:12.0f}")
    to_stat = row["to_statistics"]
    print(f"{'whole process to statistics.csv':34} {to_stat:8.2f} {size / to_stat:9.0f} {mb / to_stat:7.1f} {'':>12}")
    if "to_statistics_phases" in row:
        phases_to = row["to_statistics_phases"]
        print(f"{'  its phases (start not counted)':34} {phases_to:8.2f} {size / phases_to:9.0f} {mb / phases_to:7.1f} {'':>12}")
    print(f"{'whole run (process, all outputs)':34} {run['wall']:8.2f} {size / run['wall']:9.0f} {mb / run['wall']:7.1f} {run['rss_mb']:12.0f}")
    phases = run["phases"]
    print("  phases: " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in phases.items()))
    print(f"  priorities (timed separately): {phases.get('priorities', 0):.2f} s")
    for limit in row["limits"]:
        bytes_ = limit["bytes"] / 1e6
        raw1 = bytes_ / limit["raw_seconds_1core"]
        rawn = bytes_ / limit["raw_seconds_all_cores"]
        ours = bytes_ / limit["legisurvey_seconds"]
        ours1 = bytes_ / limit["legisurvey_seconds_1core"]
        parser = "libxml2 SAX" if limit["path"] == "xml" else "libcsv"
        print(f"  {limit['path']}: {limit['files']} files, {bytes_:.1f} MB: raw {parser} {raw1:.0f} MB/s (1 core), "
              f"{rawn:.0f} MB/s ({limit['cores']} cores); extract+transform {ours1:.1f} MB/s (1 core), {ours:.1f} MB/s "
              f"({limit['cores']} cores) = {100 * ours / rawn:.1f}% of raw on {limit['cores']} cores, "
              f"{100 * ours1 / raw1:.1f}% on 1 core")
    raw_total = sum(l["bytes"] for l in row["limits"]) / 1e6
    raw_time = sum(l["raw_seconds_all_cores"] for l in row["limits"])
    if raw_time > 0:
        print(f"  whole process to statistics.csv: {mb / to_stat:.1f} MB/s = {100 * (mb / to_stat) / (raw_total / raw_time):.1f}% of raw parse throughput")
    if "postgres" in row:
        pg = row["postgres"]
        sq = run["phases"]
        pp = pg["phases"]
        def ratio(a, b):
            return f"{a / b:.2f}x" if b else "-"
        print(f"  postgres (loopback): load {pp.get('load', 0):.2f} s (SQLite {sq.get('load', 0):.2f} s, {ratio(pp.get('load', 0), sq.get('load', 0))}), "
              f"statistics {pp.get('statistics', 0):.2f} s (SQLite {sq.get('statistics', 0):.2f} s), "
              f"to statistics.csv {pg['to_statistics']:.2f} s (SQLite {to_stat:.2f} s), "
              f"whole run {pg['wall']:.2f} s (SQLite {run['wall']:.2f} s, {ratio(pg['wall'], run['wall'])}), peak RSS {pg['rss_mb']:.0f} MB")
        same = "every one byte for byte the same" if not pg["files_differing"] else f"DIFFERENT: {', '.join(pg['files_differing'])}"
        print(f"  postgres outputs against SQLite's: {pg['files_compared']} files, {same}")
    for peer, entry in row["peers"].items():
        ratio = entry["wall"] / to_stat
        note = "" if entry["counted"] else "  (output differs: not counted)"
        print(f"  peer {peer:7} {entry['wall']:8.2f} s  peak RSS {entry['rss_mb']:6.0f} MB  "
              f"peer/LegiSurvey (whole processes to statistics.csv) {ratio:5.2f}x{note}")


def growth(results, sizes):
    if len(sizes) < 2:
        return
    print("\n== growth ==")
    for previous, current in zip(sizes, sizes[1:]):
        a = results["sizes"][str(previous)]
        b = results["sizes"][str(current)]
        factor = current / previous
        print(f"{previous} -> {current} (x{factor:g}): extract+transform x{b['extract_transform']['wall'] / a['extract_transform']['wall']:.2f}, "
              f"to statistics.csv x{b['to_statistics'] / a['to_statistics']:.2f}, whole run x{b['run']['wall'] / a['run']['wall']:.2f}, "
              f"peak RSS x{b['run']['rss_mb'] / a['run']['rss_mb']:.2f}")


if __name__ == "__main__":
    main()
