#!/usr/bin/env python3
"""Check Output/legisurvey.xlsx with openpyxl (an independent reader) against the CSV files beside it.

Usage: check-workbook.py OUTPUT_FOLDER

Every sheet but README equals its CSV file (named in README): the same header and cells; a number
column's non-empty cells are numbers (int or float) equal to the CSV text, a percent column's shown
with one decimal (0.0); every other cell is text equal to the CSV cell (the CSV files' leading
apostrophe before =, +, -, @ is not in the workbook); codes with leading zeros (001) and rounds are
text; an empty CSV cell is an empty cell; the header row is frozen. Every CSV table but
statistics.sdmx.csv has its sheet. Prints one line per problem and exits 1 when there is one.
"""
import csv
import os
import sys

from openpyxl import load_workbook


def main(folder):
    problems = []
    book = load_workbook(os.path.join(folder, "legisurvey.xlsx"), read_only=False)
    readme = book["README"]
    rows = list(readme.iter_rows(values_only=True))
    files, kinds = {}, {}
    section = None
    for row in rows:
        if row[:2] == ("sheet", "file"):
            section = "tables"
            continue
        if row[:2] == ("sheet", "column"):
            section = "columns"
            continue
        if not row or row[0] is None:
            continue
        if section == "tables":
            files[row[0]] = row[1]
        elif section == "columns":
            kinds.setdefault(row[0], {})[row[1]] = row[2]
    csv_files = {name for name in os.listdir(folder) if name.endswith(".csv") and name != "statistics.sdmx.csv"}
    missing = csv_files - set(files.values())
    if missing:
        problems.append(f"no sheet for {sorted(missing)}")
    if book.sheetnames[0] != "README" or set(book.sheetnames[1:]) != set(files):
        problems.append(f"sheets {book.sheetnames} differ from README's list {sorted(files)}")
    cells_checked = 0
    for name, file in files.items():
        sheet = book[name]
        if sheet.freeze_panes != "A2":
            problems.append(f"{name}: header row not frozen ({sheet.freeze_panes})")
        with open(os.path.join(folder, file), newline="", encoding="utf-8") as handle:
            table = list(csv.reader(handle))
        values = list(sheet.iter_rows())
        if len(values) != len(table):
            problems.append(f"{name}: {len(values)} rows, {file} has {len(table)}")
        for number, (cells, record) in enumerate(zip(values, table), start=1):
            cells = list(cells)
            while cells and cells[-1].value is None and len(cells) > len(record):
                cells.pop()
            if len(cells) != len(record):
                problems.append(f"{name} row {number}: {len(cells)} cells, {file} has {len(record)}")
                continue
            for column, (cell, text) in enumerate(zip(cells, record)):
                header = table[0][column]
                kind = kinds.get(name, {}).get(header, "text")
                where = f"{name}!{cell.coordinate} ({header})"
                value = cell.value
                cells_checked += 1
                if number == 1:
                    if value != text:
                        problems.append(f"{where}: header {value!r}, {file} has {text!r}")
                    continue
                if text == "":
                    if value is not None:
                        problems.append(f"{where}: {value!r} where {file} is empty")
                elif kind in ("number", "percent"):
                    if isinstance(value, bool) or not isinstance(value, (int, float)):
                        problems.append(f"{where}: {value!r} is not a number ({file}: {text!r})")
                    elif abs(value - float(text)) > 1e-9 * max(1.0, abs(float(text))):
                        problems.append(f"{where}: {value!r} differs from {text!r}")
                    elif kind == "percent" and cell.number_format != "0.0":
                        problems.append(f"{where}: percent shown as {cell.number_format!r}, not 0.0")
                else:
                    expected = text[1:] if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r" else text
                    if not isinstance(value, str) or value != expected:
                        problems.append(f"{where}: {value!r} where {file} has text {text!r}")
    for problem in problems[:50]:
        print(problem)
    print(f"check-workbook: {len(files)} sheets, {cells_checked} cells, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
