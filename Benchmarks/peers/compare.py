"""Compares two share tables: LegiSurvey's statistics.csv and a peer's output, or two peers' outputs.

    python compare.py OURS.csv PEER.csv

Only rows with group_type world or region are compared (statistics.csv has more group types and
extra columns). Rows are matched on (round, question_id, option, group_type, group_code);
n_responding and n_option must be equal, percent both empty or within 0.1. Exits 0 printing
"equal: N rows", else 1 listing the first 10 differences and the counts of missing and extra rows.
Needs only the standard library.
"""

import csv
import sys

KEY = ("round", "question_id", "option", "group_type", "group_code")
GROUP_TYPES = {"world", "region"}
MAX_LISTED = 10


def read(path):
    with open(path, encoding="utf-8", newline="") as file:
        rows = {}
        for row in csv.DictReader(file):
            if row["group_type"] in GROUP_TYPES:
                key = tuple(row[name] for name in KEY)
                if key in rows:
                    sys.exit(f"{path}: duplicate row {key}")
                rows[key] = row
        return rows


def differences(ours, peer):
    problems = []
    for name in ("n_responding", "n_option"):
        if int(ours[name]) != int(peer[name]):
            problems.append(f"{name} {ours[name]} != {peer[name]}")
    a, b = ours["percent"].strip(), peer["percent"].strip()
    if (a == "") != (b == "") or (a and abs(float(a) - float(b)) > 0.1 + 1e-9):
        problems.append(f"percent {a or 'empty'} != {b or 'empty'}")
    return problems


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    ours, peer = read(sys.argv[1]), read(sys.argv[2])
    missing = [key for key in ours if key not in peer]
    extra = [key for key in peer if key not in ours]
    different = []
    for key, row in ours.items():
        if key in peer:
            problems = differences(row, peer[key])
            if problems:
                different.append((key, problems))
    if not (missing or extra or different):
        print(f"equal: {len(ours)} rows")
        return 0
    for key, problems in different[:MAX_LISTED]:
        print(",".join(key) + ": " + "; ".join(problems))
    for label, keys in (("missing in " + sys.argv[2], missing), ("extra in " + sys.argv[2], extra)):
        for key in keys[: max(0, MAX_LISTED - len(different))]:
            print(f"{label}: " + ",".join(key))
    print(
        f"{len(different)} rows differ, {len(missing)} missing, {len(extra)} extra "
        f"({len(ours)} rows in {sys.argv[1]}, {len(peer)} in {sys.argv[2]})"
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
