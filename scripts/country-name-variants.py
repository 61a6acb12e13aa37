#!/usr/bin/env python3
"""Write the held-out country-name test lists: Tests/Fixtures/country-names/<lang>.tsv.

Usage (from the repository root; needs Debian's iso-codes and the PyPI package babel, for
generation only; the tests read only the TSV files this writes):

    apt-get install -y iso-codes
    python3 -m venv /tmp/babel-venv && /tmp/babel-venv/bin/pip install babel
    /tmp/babel-venv/bin/python scripts/country-name-variants.py

The resolver (Sources/SurveyTransform/CountryResolver.swift) reads only
Pipelines/reference/countries.yml (UNTERM and UNSD M49 names). These lists come from two other
sources it never reads, so they test whether its rules generalize:

- Debian iso-codes: /usr/share/iso-codes/json/iso_3166-1.json (name, official_name,
  common_name) translated with the gettext catalogues iso_3166-1.mo of each language (zh: zh_CN
  and zh_TW). These are ISO 3166's inverted forms ("Corée, République de", "Iran, République
  islamique d'").
- Unicode CLDR territory names as the babel package ships them (zh: zh_Hans and zh_Hant).

and spelling variants generated from those names (source `variant:<rule>`): upper and lower
case; accents dropped (fr, es); Arabic with vowel marks (harakat) added, with the conjunction و
written apart or attached, with hamza and alef forms changed, teh marbuta as heh and the reverse
of alef maqsura; Russian with ё written е.

Only the UN Member States are listed (un_status: member in countries.yml; the script reads the
reference only for that status and the alpha-2/alpha-3 codes, never its names). Each line:
iso3 TAB name TAB sources (comma-separated: every source that gives the name); sorted; one name
once per country.
"""

import gettext
import json
import os
import re
import sys
import unicodedata

from babel import Locale

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.path.join(ROOT, "Pipelines", "reference", "countries.yml")
OUTPUT = os.path.join(ROOT, "Tests", "Fixtures", "country-names")
ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"
LOCALE_DIR = "/usr/share/locale"

LANGS = {
    # list language: (gettext catalogues, CLDR locales)
    "ar": (["ar"], ["ar"]),
    "en": ([], ["en"]),
    "es": (["es"], ["es"]),
    "fr": (["fr"], ["fr"]),
    "ru": (["ru"], ["ru"]),
    "zh": (["zh_CN", "zh_TW"], ["zh_Hans", "zh_Hant"]),
}


def members():
    """alpha-2 → alpha-3 of the Member States, read from the reference's codes and status only."""
    result = {}
    iso3 = iso2 = None
    for line in open(REFERENCE, encoding="utf-8"):
        m = re.match(r'\s+- iso3: "(\w+)"', line)
        if m:
            iso3, iso2 = m.group(1), None
            continue
        m = re.match(r'\s+iso2: "(\w+)"', line)
        if m:
            iso2 = m.group(1)
            continue
        m = re.match(r'\s+un_status: "(\w+)"', line)
        if m and m.group(1) == "member":
            result[iso2] = iso3
    assert len(result) == 193, len(result)
    return result


HARAKAT = ["\u064E", "\u064F", "\u0650", "\u0652"]  # fatha, damma, kasra, sukun


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def arabic_variants(name):
    out = {}
    # Vowel marks on every other letter, deterministic.
    marked, k = [], 0
    for c in name:
        marked.append(c)
        if "\u0621" <= c <= "\u064A":
            if k % 2 == 0:
                marked.append(HARAKAT[(k // 2) % len(HARAKAT)])
            k += 1
    out["harakat"] = "".join(marked)
    # The conjunction و written attached / apart.
    if " و" in name:
        out["waw-attached"] = name.replace(" و ", " و").replace(" و", " و")
        out["waw-apart"] = re.sub(r" و(?=\S)", " و ", name)
    # Hamza and alef forms.
    bare = name.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
    if bare != name:
        out["alef-bare"] = bare
    hamzated = re.sub(r"(^|\s)ا", lambda m: m.group(1) + "أ", name)
    if hamzated != name:
        out["alef-hamza"] = hamzated
    if "ة" in name:
        out["teh-marbuta-heh"] = name.replace("ة", "ه")
    if "ي" in name and re.search(r"ي(\s|$)", name):
        out["yeh-maqsura"] = re.sub(r"ي(?=\s|$)", "ى", name)
    if "ى" in name:
        out["maqsura-yeh"] = name.replace("ى", "ي")
    return out


def variants(lang, name):
    out = {}
    if lang in ("en", "es", "fr", "ru"):
        out["upper"] = name.upper()
        out["lower"] = name.lower()
    if lang in ("es", "fr"):
        plain = strip_accents(name)
        if plain != name:
            out["no-accents"] = plain
    if lang == "ru" and "ё" in name.lower():
        out["yo-ye"] = name.replace("ё", "е").replace("Ё", "Е")
    if lang == "ar":
        out.update(arabic_variants(name))
    return {rule: text for rule, text in out.items() if text != name}


def main():
    codes = members()
    iso = json.load(open(ISO_JSON, encoding="utf-8"))["3166-1"]
    os.makedirs(OUTPUT, exist_ok=True)
    for lang, (catalogues, locales) in LANGS.items():
        rows = {}

        def add(iso3, name, source):
            name = " ".join(name.split())
            if not name:
                return
            sources = rows.setdefault((iso3, name), [])
            if source not in sources:
                sources.append(source)

        for catalogue in catalogues or [None]:
            if catalogue:
                translate = gettext.translation("iso_3166-1", LOCALE_DIR, [catalogue]).gettext
                tag = "iso-codes:" + catalogue
            else:
                translate = lambda s: s
                tag = "iso-codes"
            for entry in iso:
                iso3 = codes.get(entry["alpha_2"])
                if not iso3:
                    continue
                for field in ("name", "official_name", "common_name"):
                    if field in entry:
                        add(iso3, translate(entry[field]), tag + ":" + field)
        for locale in locales:
            territories = Locale.parse(locale).territories
            for iso2, iso3 in codes.items():
                if iso2 in territories:
                    add(iso3, territories[iso2], "cldr:" + locale)
        for (iso3, name), sources in list(rows.items()):
            if all(source.startswith("variant:") for source in sources):
                continue
            for rule, text in variants(lang, name).items():
                add(iso3, text, "variant:" + rule)
        path = os.path.join(OUTPUT, lang + ".tsv")
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write("# Held-out country names (scripts/country-name-variants.py; do not edit). iso3\tname\tsource\n")
            for (iso3, name), sources in sorted(rows.items()):
                out.write(f"{iso3}\t{name}\t{','.join(sources)}\n")
        print(f"{path}: {len(rows)} names, {len({k[0] for k in rows})} Member States", file=sys.stderr)


if __name__ == "__main__":
    main()
