#!/usr/bin/env python3
"""Compare what two legisurvey binaries write, byte for byte: for a refactoring that must not
change any output (issue 14's acceptance, and every later restructuring).

    python3 scripts/compare-outputs.py --before OLD/legisurvey --after NEW/legisurvey [--respondents 10000]

For each case, both binaries run into fresh folders and stores; then they run once more into the
same stores (the second run reuses the file cache, so the cache codec is compared too). After each
run it compares:
  - every file of the output folder, recursively (CSV, SDMX-CSV, both HTML reports, quarantine/),
    byte for byte, except run_summary.json (it holds the start time and seconds per phase);
  - the store's data tables row by row (every table but SQLite's own), with the columns that hold
    timestamps, run ids and durations left out by name (EXCLUDED below).
Cases: the shipped demo inbox (Input/, Pipelines/default.yml, reports in en and ar) and a synthetic
respondent inbox written by the *before* binary (`sample --respondents N --seed 2026`, the
benchmark pipeline Benchmarks/bench.yml). Prints one line per case and run, and each difference;
exits 1 when anything differs.
"""
import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Columns that differ between two runs of the same inputs by design.
EXCLUDED = {"started_at", "finished_at", "run_id"}
EXCLUDED_BY_TABLE = {"run": {"id"}}
# run_summary.json differs by design; .legisurvey.lock is the output folder's lock (it holds the
# last run's process id, and a binary from before the lock does not write it): neither is an output.
SKIPPED_FILES = {"run_summary.json", ".legisurvey.lock"}


def run(binary, pipeline, inbox, out, langs):
    command = [binary, "run", "--quiet", "--pipeline", pipeline, "--input", inbox, "--output", out,
               "--store", os.path.join(out, "store.sqlite")]
    for lang in langs:
        command += ["--lang", lang]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"{binary} failed ({done.returncode}): {done.stderr.strip()}")


def output_files(folder):
    found = {}
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            relative = os.path.relpath(path, folder)
            if name in SKIPPED_FILES or name.startswith("store.sqlite"):
                continue
            with open(path, "rb") as handle:
                found[relative] = hashlib.sha256(handle.read()).hexdigest()
    return found


def store_rows(path):
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = {}
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for name in names:
        columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')]
        kept = [c for c in columns if c not in EXCLUDED and c not in EXCLUDED_BY_TABLE.get(name, set())
                and "seconds" not in c]
        select = ", ".join(f'"{c}"' for c in kept)
        rows = connection.execute(f'SELECT {select} FROM "{name}" ORDER BY {select}').fetchall()
        tables[name] = (kept, rows)
    schema = sorted(row for row in connection.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    connection.close()
    return tables, schema


def compare(before, after):
    differences = []
    files_before, files_after = output_files(before), output_files(after)
    for name in sorted(set(files_before) | set(files_after)):
        if files_before.get(name) != files_after.get(name):
            state = "missing after" if name not in files_after else "missing before" if name not in files_before else "differs"
            differences.append(f"file {name}: {state}")
    tables_before, schema_before = store_rows(os.path.join(before, "store.sqlite"))
    tables_after, schema_after = store_rows(os.path.join(after, "store.sqlite"))
    if schema_before != schema_after:
        differences.append("store schema differs")
    for name in sorted(set(tables_before) | set(tables_after)):
        if tables_before.get(name) != tables_after.get(name):
            rows = tables_before.get(name, ([], []))[1], tables_after.get(name, ([], []))[1]
            differences.append(f"table {name}: {len(rows[0])} rows before, {len(rows[1])} after, contents differ")
    return differences, len(files_before), sum(len(rows) for _, rows in tables_before.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="the legisurvey binary before the change")
    parser.add_argument("--after", required=True, help="the legisurvey binary after the change")
    parser.add_argument("--respondents", type=int, default=10000, help="size of the respondent inbox (0: skip)")
    parser.add_argument("--work", default=None, help="scratch folder (default: a new temporary one)")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="legisurvey-compare-")
    os.makedirs(work, exist_ok=True)
    cases = [("demo", os.path.join(ROOT, "Pipelines/default.yml"), os.path.join(ROOT, "Input"), ["ar", "fr"])]
    if args.respondents > 0:
        inbox = os.path.join(work, f"respondents-{args.respondents}")
        if not os.path.isdir(inbox):
            subprocess.run([args.before, "sample", "--respondents", str(args.respondents), "--seed", "2026",
                            "--output", inbox], check=True, stdout=subprocess.DEVNULL)
        cases.append((f"{args.respondents} respondents", os.path.join(ROOT, "Benchmarks/bench.yml"), inbox, []))
    failed = False
    for name, pipeline, inbox, langs in cases:
        folders = {side: os.path.join(work, name.replace(" ", "-"), side) for side in ("before", "after")}
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)
        for attempt in ("first run", "second run (file cache)"):
            run(args.before, pipeline, inbox, folders["before"], langs)
            run(args.after, pipeline, inbox, folders["after"], langs)
            differences, files, rows = compare(folders["before"], folders["after"])
            verdict = "no difference" if not differences else f"{len(differences)} differences"
            print(f"{name}, {attempt}: {files} output files, {rows} store rows compared: {verdict}")
            for line in differences:
                print(f"  {line}")
            failed = failed or bool(differences)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
