#!/usr/bin/env python3
"""Fill a LegiSurvey questionnaire workbook as a focal point would, with openpyxl (an independent
writer): the answers are placed by the workbook's hidden codes (column A of the identification and
chapter sheets, row 1 of the repeat sheets), never by the project's own code.

Usage: fill-questionnaire-workbook.py TEMPLATE.xlsx FILLS.json OUTPUT.xlsx

FILLS.json: {"identification": {"country": "...", "round": "...", "submitted": "YYYY-MM-DD"},
             "answers": {"question_id" or "question_id/option": value, ...},
             "repeats": [{"path": "laws", "row": 3, "parent": 1 or null, "values": {code: value}}]}
A value is written as given: a JSON number as a number, a string as text; "submitted" as a date.
Tests run it (Tests/EndToEndTests/QuestionnaireTemplateTests.swift); also `--dump TEMPLATE.xlsx`,
which prints, as JSON, every visible sheet's answer cells with their code and data validation
(type, operator, bounds, the list's values resolved through the defined names), as openpyxl sees them.
"""
import datetime
import json
import sys

from openpyxl import load_workbook
from openpyxl.utils import range_boundaries


def marker(sheet):
    value = sheet.cell(1, 1).value
    return value if isinstance(value, str) else ""


def coded_rows(sheet):
    """Code in column A -> row number, for the identification and chapter sheets."""
    rows = {}
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
        if isinstance(cell.value, str) and not cell.value.startswith("#"):
            rows[cell.value] = cell.row
    return rows


def fill(template, fills_path, output):
    with open(fills_path, encoding="utf-8") as handle:
        fills = json.load(handle)
    book = load_workbook(template)
    identification = next(s for s in book.worksheets if marker(s) == "#identification")
    rows = coded_rows(identification)
    for code, value in fills.get("identification", {}).items():
        if code == "submitted":
            value = datetime.date.fromisoformat(value)
        identification.cell(rows[code], 3).value = value
    places = {}
    for sheet in book.worksheets:
        if marker(sheet).startswith("#chapter "):
            for code, row in coded_rows(sheet).items():
                places[code] = (sheet, row)
    for code, value in fills.get("answers", {}).items():
        sheet, row = places[code]
        sheet.cell(row, 3).value = value
    for entry in fills.get("repeats", []):
        sheet = next(s for s in book.worksheets if marker(s) == "#repeat " + entry["path"])
        columns = {cell.value: cell.column for cell in sheet[1] if isinstance(cell.value, str)}
        row = 3 + entry["row"]
        if entry.get("parent") is not None:
            sheet.cell(row, columns["#parent"]).value = entry["parent"]
        for code, value in entry["values"].items():
            sheet.cell(row, columns[code]).value = value
    book.save(output)


def dump(template):
    book = load_workbook(template)
    lists = {}
    for name, defined in book.defined_names.items():
        for title, reference in defined.destinations:
            sheet = book[title]
            lists[name] = [row[0].value for row in sheet[reference.replace("$", "")]]
    result = {"sheets": [], "states": {s.title: s.sheet_state for s in book.worksheets},
              "lock_structure": bool(book.security and book.security.lockStructure)}
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        validations = {}
        for validation in sheet.data_validations.dataValidation:
            for cell_range in validation.sqref.ranges:
                low_col, low_row, high_col, high_row = range_boundaries(str(cell_range))
                for row in range(low_row, high_row + 1):
                    for column in range(low_col, high_col + 1):
                        validations[(row, column)] = {
                            "type": validation.type, "operator": validation.operator,
                            "formula1": validation.formula1, "formula2": validation.formula2,
                            "list": lists.get(validation.formula1), "error": validation.error,
                        }
        cells = []
        if marker(sheet).startswith("#repeat "):
            codes = {cell.column: cell.value for cell in sheet[1] if isinstance(cell.value, str)}
            for column, code in codes.items():
                if code.startswith("#") and code != "#parent":
                    continue
                cells.append({"code": code, "validation": validations.get((4, column))})
        else:
            for code, row in coded_rows(sheet).items():
                cells.append({"code": code, "validation": validations.get((row, 3))})
        result["sheets"].append({"title": sheet.title, "marker": marker(sheet), "protected": bool(sheet.protection.sheet),
                                 "right_to_left": bool(sheet.sheet_view.rightToLeft), "cells": cells})
    json.dump(result, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    if sys.argv[1] == "--dump":
        dump(sys.argv[2])
    else:
        fill(sys.argv[1], sys.argv[2], sys.argv[3])
