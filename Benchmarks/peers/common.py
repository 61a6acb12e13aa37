"""Shared set-up of the benchmark peers (pandas_job.py, polars_job.py, duckdb_job.py).

Only the parts that are not the benchmark: the command line, the questionnaire and the country
reference read into plain Python lookups, and the writer of the output CSV. Lookup keys are
folded with str.strip().lower(); each peer folds the submitted text the same way with its own
library (trim + lower case) before joining.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

CHOICE_TYPES = ("single_choice", "legal_form", "multiple_choice")
ANY_FORM = "any_form"
ANY_FORM_CODES = ("cyber_specific", "general")
# Output groups in output order: the world, then the five M49 regions.
GROUPS = [("world", "001"), ("region", "002"), ("region", "019"), ("region", "142"), ("region", "150"), ("region", "009")]
# bench.yml's reliability.suppress_below. LegiSurvey never suppresses the share of a group whose
# every State answered (n = N), but only where n counts States: with bench.yml's respondent key n
# counts respondents, N States, and the plain threshold applies, as here.
SUPPRESS_BELOW = 5
OUTPUT_COLUMNS = ["round", "question_id", "option", "group_type", "group_code", "n_responding", "n_option", "percent"]
# What UN short names carry and people leave out: a trailing "*" and an article in parentheses.
TRAILING_ARTICLES = (" (the)", " (le)", " (la)", " (l')", " (les)", " (el)", " (los)", " (las)")


def fold(text: str) -> str:
    return text.strip().lower()


def parse_args(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--questionnaire", required=True, type=Path)
    parser.add_argument("--reference", required=True, type=Path)
    parser.add_argument("--input", required=True, type=Path, help="inbox: every .xml and .csv file under it is read")
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument(
        "--pipeline", type=Path, help="a LegiSurvey pipeline file: its population: key says which States count "
        "(default, as without the key: the UN Member States)")
    return parser.parse_args()


def load_population(pipeline: Path | None, countries) -> set[str]:
    """The ISO alpha-3 codes of the population the pipeline file declares, as LegiSurvey reads its
    `population:` key: absent or member_states, the UN Member States (`un_status: member`);
    member_and_observer_states, and the observer States; a mapping, its `countries` list."""
    declared = (_yaml(pipeline) or {}).get("population") if pipeline else None
    if declared is None or declared == "member_states":
        statuses = {"member"}
    elif declared == "member_and_observer_states":
        statuses = {"member", "observer"}
    elif isinstance(declared, dict):
        return set(declared["countries"])
    else:
        raise SystemExit(f"{pipeline}: population {declared!r} is not one this peer knows")
    return {country["iso3"] for country in countries if country["un_status"] in statuses}


def _yaml(path: Path):
    with open(path, encoding="utf-8") as file:
        return yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass(frozen=True)
class Questionnaire:
    fields: list[str]  # every question id, in questionnaire order
    types: dict[str, str]  # question id -> type
    options: list[tuple[str, str]]  # (question id, option) of every choice question, in output order
    labels: dict[tuple[str, str], str]  # (question id, folded code or label) -> code
    # (question id, code) of the "don't know" options (`dont_know: true`): the one rule of
    # docs/statistics.md — such an option's share is over every respondent that answered, every
    # other option's (any_form included) over those that answered something else.
    dont_know: frozenset[tuple[str, str]]

    @property
    def choice_questions(self) -> list[str]:
        return [q for q in self.fields if self.types[q] in CHOICE_TYPES]

    def of_type(self, kind: str) -> set[str]:
        return {q for q, t in self.types.items() if t == kind}


def load_questionnaire(path: Path) -> Questionnaire:
    data = _yaml(path)
    lists = data["choice_lists"]
    fields, types, options, labels, dont_know = [], {}, [], {}, set()
    for question in data["questions"]:
        qid, kind = question["id"], question["type"]
        fields.append(qid)
        types[qid] = kind
        if kind not in CHOICE_TYPES:
            continue
        for choice in lists[question["choices"]]:
            code = str(choice["code"])
            options.append((qid, code))
            if choice.get("dont_know") is True:
                dont_know.add((qid, code))
            for spelling in [code, *choice["label"].values()]:
                labels[(qid, fold(str(spelling)))] = code
        if kind == "legal_form":
            options.append((qid, ANY_FORM))
    return Questionnaire(fields, types, options, labels, frozenset(dont_know))


@dataclass(frozen=True)
class Countries:
    # folded ISO alpha-3, alpha-2, M49 code or name -> ISO alpha-3, for the population's States
    # only (load_population: the pipeline's `population:`, by default the UN Member States):
    # LegiSurvey counts only them in the world and the regions (the others go to its `outside`
    # group, which compare.py does not compare), so each peer's join on these keys drops the
    # others out, as it drops unresolved names.
    keys: dict[str, str]
    region: dict[str, str]  # ISO alpha-3 -> M49 region (countries without one are left out)


def _short_name(name: str) -> str:
    name = name.strip()
    while name.endswith("*"):
        name = name[:-1].strip()
    for article in TRAILING_ARTICLES:
        if name.endswith(article):
            name = name[: -len(article)]
    return name


def load_countries(path: Path, pipeline: Path | None = None) -> Countries:
    found: dict[str, set[str]] = defaultdict(set)
    region = {}
    entries = _yaml(path)["countries"]
    members = load_population(pipeline, entries)
    for country in entries:
        iso3 = country["iso3"]
        names = [*(country.get("name") or {}).values(), *(country.get("formal_name") or {}).values()]
        spellings = [iso3, country["iso2"], country["m49"], *names, *map(_short_name, names), *(country.get("aliases") or [])]
        for spelling in spellings:
            if spelling:
                found[fold(str(spelling))].add(iso3)
        if country.get("region"):
            region[iso3] = country["region"]
    # A spelling two countries share is ambiguous: it resolves to neither. Then only the
    # population's States are kept (ambiguity is decided over every country, as LegiSurvey's
    # resolver does).
    keys = {key: next(iter(isos)) for key, isos in found.items() if len(isos) == 1}
    return Countries({key: iso3 for key, iso3 in keys.items() if iso3 in members}, region)


ID_FIELDS = ["country", "round", "respondent_id"]


def xform_records(paths, fields, multiple) -> list[dict]:
    """One dict per XForm instance, parsed with lxml (the same loop for every peer, so that the
    comparison is about what each library does with the records); select_multiple values are
    re-joined the CSV way (" | ")."""
    from lxml import etree

    records = []
    for path in paths:
        record = {}
        for element in etree.parse(path).getroot().iter(*ID_FIELDS, *fields):
            text = element.text
            if text and element.tag in multiple:
                text = " | ".join(text.split())
            record[element.tag] = text
        records.append(record)
    return records


def write_output(path: Path, rows) -> int:
    """Writes rows of OUTPUT_COLUMNS (percent a float or None) as CSV; percent as "%.1f"."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(OUTPUT_COLUMNS)
        for *keys, n_responding, n_option, percent in rows:
            percent = "" if percent is None or percent != percent else "%.1f" % percent
            writer.writerow([*keys, int(n_responding), int(n_option), percent])
            count += 1
    return count
