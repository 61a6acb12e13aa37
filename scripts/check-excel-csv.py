#!/usr/bin/env python3
"""Reads back the spreadsheet copies a run writes with `excel_csv: true` and compares them with the
default CSV tables, with Python's csv module only (no LegiSurvey code).

    check-excel-csv.py OUTPUT_FOLDER NUMERIC_COLUMNS_JSON

NUMERIC_COLUMNS_JSON maps each table file to the headers its description declares numeric. For every
`OUTPUT/excel/NAME.csv`: the file starts with the UTF-8 byte order mark, every record ends in CRLF;
read with `delimiter=';'` after the mark, with the decimal comma of the numeric columns turned back
into a point, it equals `OUTPUT/NAME.csv` read with the default dialect, cell for cell. Every CSV
table of OUTPUT but statistics.sdmx.csv has its copy, and statistics.sdmx.csv has none.
Prints one JSON object: {"differences": [...], "tables": N, "rows": N}.
"""
import csv
import io
import json
import os
import sys


def main():
    output, numeric_file = sys.argv[1], sys.argv[2]
    with open(numeric_file, encoding="utf-8") as handle:
        numeric = json.load(handle)
    excel = os.path.join(output, "excel")
    differences = []
    tables = rows = 0
    defaults = sorted(name for name in os.listdir(output) if name.endswith(".csv"))
    copies = sorted(name for name in os.listdir(excel) if name.endswith(".csv"))
    expected = [name for name in defaults if name != "statistics.sdmx.csv"]
    if copies != expected:
        differences.append(f"copies {copies} != tables {expected}")
    for name in copies:
        with open(os.path.join(excel, name), "rb") as handle:
            data = handle.read()
        if not data.startswith(b"\xef\xbb\xbf"):
            differences.append(f"{name}: no UTF-8 byte order mark")
        text = data[3:].decode("utf-8")
        copy = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        # Every record ends in CRLF: the records rejoined with CRLF give the file back.
        out = io.StringIO(newline="")
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(copy)
        if not text.endswith("\r\n") or text.count("\r\n") < len(copy):
            differences.append(f"{name}: records not ended by CRLF")
        with open(os.path.join(output, name), encoding="utf-8", newline="") as handle:
            original = list(csv.reader(handle))
        if not copy or copy[0] != original[0]:
            differences.append(f"{name}: header {copy[:1]} != {original[:1]}")
            continue
        columns = {index for index, header in enumerate(copy[0]) if header in set(numeric.get(name, []))}
        if len(copy) != len(original):
            differences.append(f"{name}: {len(copy)} records, the default file {len(original)}")
        for number, (mine, theirs) in enumerate(zip(copy[1:], original[1:]), start=2):
            back = [cell.replace(",", ".") if index in columns else cell for index, cell in enumerate(mine)]
            if back != theirs:
                differences.append(f"{name} record {number}: {mine} != {theirs}")
            for index in columns:
                if "." in mine[index] if index < len(mine) else False:
                    differences.append(f"{name} record {number}: a point in numeric column {copy[0][index]}")
            rows += 1
        tables += 1
    print(json.dumps({"differences": differences[:50], "tables": tables, "rows": rows}))


if __name__ == "__main__":
    main()
