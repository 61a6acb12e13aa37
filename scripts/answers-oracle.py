#!/usr/bin/env python3
"""An independent reading of the inbox for answers.csv (issue 23): the answers of a few countries,
read straight from the input files with the standard library only (xml.etree, csv, zipfile), never
with LegiSurvey's readers, and printed as answers.csv prints them.

    python3 scripts/answers-oracle.py INPUT_DIR DEFINITIONS.json ISO3 [ISO3 ...]

DEFINITIONS.json (written by the test from the pipeline's definitions, not from the inbox):
    {"language": "en", "default_round": "2026", "values": "labels",
     "rounds": [{"id": "2022", "version": "2022.1",
                 "questions": [{"id": ..., "type": ..., "labels": {lang: text},
                                "choices": [{"code": ..., "labels": {lang: text}}]}]}],
     "countries": {"ISO3": ["every name, code and number the country goes by"]}}

Reads native XML (<answer question=...>), XForm instances (one element per field), wide CSV (a
column per question) and long CSV (question_id, value). A chosen country found in a file this
reader does not read (an ODK Central .zip, a ';' Kobo export) or twice for one round (a revision)
stops it with an error: pick countries without those. Prints the header and one row per chosen
country and round, ordered by country then round, as answers.csv writes them.
"""

import csv
import io
import json
import os
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def fold(text):
    """Case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold()
    return "".join(c for c in text if c.isalnum())


def local(tag):
    return tag.rsplit("}", 1)[-1]


class Oracle:
    def __init__(self, definitions, chosen):
        self.definitions = definitions
        self.rounds = {r["id"]: r for r in definitions["rounds"]}
        self.round_order = [r["id"] for r in definitions["rounds"]]
        self.chosen = chosen
        self.names = {}
        for iso3, names in definitions["countries"].items():
            for name in names:
                self.names[fold(name)] = iso3
        # (iso3, round) -> {question id: value (list of codes, float or str)}, and the file it came from.
        self.found = {}
        self.sources = {}

    def country(self, text):
        return self.names.get(fold(text or ""))

    def question(self, round_id, qid):
        for q in self.rounds[round_id]["questions"]:
            if q["id"] == qid:
                return q
        return None

    def round_of(self, text):
        text = (text or "").strip()
        if not text:
            return self.definitions["default_round"]
        if text.endswith(".0"):
            text = text[:-2]
        return text

    # -- values --------------------------------------------------------------------------------

    def code(self, question, text):
        text = text.strip()
        for choice in question["choices"]:
            if choice["code"] == text:
                return choice["code"]
        matches = [c["code"] for c in question["choices"]
                   if fold(c["code"]) == fold(text) or any(fold(l) == fold(text) for l in c["labels"].values())]
        if len(matches) != 1:
            raise SystemExit(f"answers-oracle: '{text}' fits {len(matches)} options of {question['id']}")
        return matches[0]

    def value(self, question, pieces):
        """pieces: the texts given for the field (one, or several <value>s)."""
        pieces = [p for p in pieces if p is not None and p.strip() != ""]
        if not pieces:
            return None
        kind = question["type"]
        if kind == "multiple_choice":
            words = []
            for piece in pieces:
                if any(s in piece for s in "|;\n\r"):
                    words += [w for w in piece.replace(";", "|").replace("\n", "|").replace("\r", "|").split("|") if w.strip()]
                elif self.fits(question, piece):
                    words.append(piece)
                else:
                    words += piece.split()
            codes = {self.code(question, w) for w in words}
            return [c["code"] for c in question["choices"] if c["code"] in codes]
        if kind in ("single_choice", "legal_form"):
            if len(pieces) != 1:
                raise SystemExit(f"answers-oracle: several values for {question['id']}")
            return [self.code(question, pieces[0])]
        text = " ".join(pieces).strip()
        if kind in ("integer", "decimal", "percent", "year"):
            number = text.replace("%", "").replace(" ", "").strip()
            return float(number)
        return text

    def fits(self, question, text):
        try:
            self.code(question, text)
            return True
        except SystemExit:
            return False

    def record(self, iso3, round_id, answers, source):
        if iso3 not in self.chosen:
            return
        key = (iso3, round_id)
        if key in self.found:
            raise SystemExit(f"answers-oracle: {iso3} {round_id} is in {self.sources[key]} and {source}: pick a country without revisions")
        if round_id not in self.rounds:
            raise SystemExit(f"answers-oracle: {source}: round {round_id} is not declared")
        values = {}
        for qid, pieces in answers.items():
            question = self.question(round_id, qid)
            if question is None:
                continue
            value = self.value(question, pieces)
            if value is not None:
                values[qid] = value
        self.found[key] = values
        self.sources[key] = source

    # -- files ---------------------------------------------------------------------------------

    def read(self, folder):
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                relative = os.path.relpath(path, folder)
                lower = name.lower()
                if lower.endswith(".xml"):
                    self.read_xml(path, relative)
                elif lower.endswith(".csv"):
                    with open(path, encoding="utf-8-sig", newline="") as handle:
                        self.read_csv(handle.read(), relative)
                elif lower.endswith(".zip"):
                    self.refuse_zip(path, relative)

    def read_xml(self, path, source):
        root = ET.parse(path).getroot()
        answers = {}
        if local(root.tag) == "submission":
            iso3 = self.country(root.get("country"))
            round_id = self.round_of(root.get("round"))
            for element in root:
                if local(element.tag) != "answer":
                    continue
                values = [v for v in element if local(v.tag) == "value"]
                pieces = [v.text or "" for v in values] if values else [element.text or ""]
                answers.setdefault(element.get("question"), []).extend(pieces)
        else:
            iso3, round_id = None, None
            for element in root.iter():
                if len(element) > 0:
                    continue
                name = local(element.tag)
                if name == "country":
                    iso3 = self.country(element.text)
                elif name == "round":
                    round_id = self.round_of(element.text)
                elif self.inside_repeat(root, element):
                    continue
                else:
                    answers[name] = [element.text or ""]
            round_id = round_id or self.definitions["default_round"]
        if iso3 is not None:
            self.record(iso3, round_id, answers, source)

    def inside_repeat(self, root, target):
        """Whether the element sits in a repeat (the laws or practices): a parent element that is
        not a top-level group, i.e. deeper than root/group/field."""
        parents = {child: parent for parent in root.iter() for child in parent}
        depth, node = 0, target
        while node in parents:
            node = parents[node]
            depth += 1
        return depth > 2

    def read_csv(self, text, source):
        first = text.split("\n", 1)[0]
        if ";" in first and "," not in first:
            self.refuse_rows(csv.DictReader(io.StringIO(text), delimiter=";"), source)
            return
        rows = list(csv.DictReader(io.StringIO(text)))
        if not rows:
            return
        if "question_id" in rows[0]:
            grouped = {}
            for row in rows:
                iso3 = self.country(row["country"])
                if iso3 is None or (row.get("repeat_index") or "").strip():
                    continue
                key = (iso3, self.round_of(row.get("round")))
                grouped.setdefault(key, {}).setdefault(row["question_id"].strip(), []).append(row["value"])
            for (iso3, round_id), answers in grouped.items():
                self.record(iso3, round_id, answers, source)
            return
        for row in rows:
            iso3 = self.country(row.get("country"))
            if iso3 is None:
                continue
            answers = {k.strip(): [v] for k, v in row.items() if k and k not in ("country", "round")}
            self.record(iso3, self.round_of(row.get("round")), answers, source)

    def refuse_rows(self, rows, source):
        for row in rows:
            for key, value in row.items():
                if key and key.split("-")[-1].split("/")[-1].lower() == "country" and self.country(value) in self.chosen:
                    raise SystemExit(f"answers-oracle: {self.country(value)} is in {source}, which this reader does not read")

    def refuse_zip(self, path, source):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.lower().endswith(".csv"):
                    text = archive.read(name).decode("utf-8-sig")
                    self.refuse_rows(csv.DictReader(io.StringIO(text)), source + "/" + name)

    # -- output --------------------------------------------------------------------------------

    def questions(self):
        """Every round's questions once: the newest version's in order, then each older version's
        new ones after the question they follow there; options of older versions after."""
        versions, seen = [], set()
        for round_id in reversed(self.round_order):
            r = self.rounds[round_id]
            if r["version"] not in seen:
                seen.add(r["version"])
                versions.append(r)
        ordered = []
        for version in versions:
            previous = None
            for q in version["questions"]:
                known = next((k for k in ordered if k["id"] == q["id"]), None)
                if known is not None:
                    for choice in q["choices"]:
                        if all(c["code"] != choice["code"] for c in known["choices"]):
                            known["choices"] = known["choices"] + [choice]
                else:
                    at = 0
                    if previous is not None:
                        at = next(i for i, k in enumerate(ordered) if k["id"] == previous) + 1
                    ordered.insert(at, dict(q))
                previous = q["id"]
        return ordered

    def label(self, choice):
        if self.definitions["values"] == "codes":
            return choice["code"]
        labels = choice["labels"]
        return labels.get(self.definitions["language"]) or labels.get("en") or choice["code"]

    @staticmethod
    def number(value):
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)

    @staticmethod
    def text(value):
        return "'" + value if value.startswith(FORMULA_STARTS) else value

    def write(self, out):
        questions = self.questions()
        header = ["round", "country", "questionnaire_version"]
        for q in questions:
            header.append(q["id"])
            if q["type"] == "multiple_choice":
                header += [q["id"] + "__" + c["code"] for c in q["choices"]]
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        missing = set(self.chosen) - {iso3 for iso3, _ in self.found}
        if missing:
            raise SystemExit(f"answers-oracle: no submission found for {', '.join(sorted(missing))}")
        for iso3, round_id in sorted(self.found, key=lambda k: (k[0], self.round_order.index(k[1]))):
            answers = self.found[(iso3, round_id)]
            row = [round_id, iso3, self.rounds[round_id]["version"]]
            for q in questions:
                value = answers.get(q["id"])
                if q["type"] == "multiple_choice":
                    if value is None:
                        row += [""] * (1 + len(q["choices"]))
                    else:
                        row.append(self.text("; ".join(self.label(c) for c in q["choices"] if c["code"] in value)))
                        row += ["1" if c["code"] in value else "0" for c in q["choices"]]
                elif value is None:
                    row.append("")
                elif isinstance(value, list):
                    row.append(self.text("; ".join(self.label(c) for c in q["choices"] if c["code"] in value)))
                elif isinstance(value, float):
                    row.append(self.number(value))
                else:
                    row.append(self.text(value))
            writer.writerow(row)


def main(arguments):
    if len(arguments) < 3:
        raise SystemExit(__doc__)
    with open(arguments[1], encoding="utf-8") as handle:
        definitions = json.load(handle)
    oracle = Oracle(definitions, set(arguments[2:]))
    oracle.read(arguments[0])
    oracle.write(sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
