#!/usr/bin/env python3
"""Build Pipelines/reference/countries.yml from the datasets/country-codes CSV files.

Usage (from anywhere):

    python3 build_countries.py [CURRENT_CSV [CSV_2020]] [--output PATH] [--check]

CURRENT_CSV defaults to ../../../shared/reference/country-codes.csv and CSV_2020 to
../../../shared/reference/country-codes-2020.csv, both relative to this script. The output
defaults to countries.yml next to this script. With --check nothing is written: the script exits
with status 1 when the file on disk differs from what it would generate.

Python 3 standard library only. The YAML is written by hand (every string double-quoted and
escaped) so the output is deterministic and independent of any YAML library. The project reads
only countries.yml; it never reads the source CSV files at run or test time.

Rules (see README.md next to this script for the reasoning):
- Rows come from the CURRENT file; rows without an M49 code or an ISO alpha-3 code are skipped.
- Codes (M49, region, sub-region, intermediate region) are written as three-digit strings.
- LDC / LLDC / SIDS come from the CURRENT file.
- development comes only from the 2020 file's "Developed / Developing Countries" column, matched
  by ISO alpha-3; no value gives null.
- name: UNTERM short names of the current file (footnote asterisks stripped, whitespace
  normalized). When a language is empty: the 2020 file's UNTERM short name, then the current
  file's official_name_* (the UNSD M49 "Country or Area" names), then the CLDR display name
  (English only). NAME_OVERRIDES below win over all of these.
- formal_name: UNTERM formal names (current file, then the 2020 file); missing languages are
  omitted.
- aliases: CLDR display name, official_name_* where they differ from the names, names from the
  2020 file that changed since (former names), and EXTRA_ALIASES below. An alias that would
  identify more than one country is dropped (automatic ones) or fails the build (EXTRA_ALIASES).
"""

import argparse
import csv
import hashlib
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CURRENT = os.path.join(HERE, "..", "..", "..", "shared", "reference", "country-codes.csv")
DEFAULT_2020 = os.path.join(HERE, "..", "..", "..", "shared", "reference", "country-codes-2020.csv")
DEFAULT_OUTPUT = os.path.join(HERE, "countries.yml")

LANGS = ("ar", "en", "es", "fr", "ru", "zh")
UNTERM_LANG = {"ar": "Arabic", "en": "English", "es": "Spanish", "fr": "French", "ru": "Russian", "zh": "Chinese"}
OFFICIAL_COL = {lang: "official_name_" + ("cn" if lang == "zh" else lang) for lang in LANGS}

A3 = "ISO3166-1-Alpha-3"
A2 = "ISO3166-1-Alpha-2"
M49 = "M49"
REGION = "Region Code"
REGION_NAME = "Region Name"
SUBREGION = "Sub-region Code"
SUBREGION_NAME = "Sub-region Name"
INTERMEDIATE = "Intermediate Region Code"
LDC = "Least Developed Countries (LDC)"
LLDC = "Land Locked Developing Countries (LLDC)"
SIDS = "Small Island Developing States (SIDS)"
INDEPENDENT = "is_independent"

# UN status of each entry (the survey's frame). The counts are filled in when the file is written.
UN_STATUSES = ("member", "observer", "associated", "territory")
UN_STATUS_VINTAGE = (
    "UN membership read from UNTERM's footnote markers in country-codes.csv (current): "
    "{member} Member States (names without a marker; Côte d'Ivoire and Türkiye from the 2020 file), "
    "{observer} non-member observer States (' *': Holy See, State of Palestine), {associated} associated "
    "territories (' **': Cook Islands, Niue), {territory} other territories and areas (no UNTERM name). "
    "193 Member States since South Sudan's admission (14 July 2011); check before each survey round")
# Dates of admission to the United Nations of the Member States admitted since 2000 (the survey's
# rounds start after: UNODC's Comprehensive Study on Cybercrime, 2013), written as member_since so
# that a round's frame counts only the States that were members in its year. Entered by hand (the
# source CSV files carry no dates) from the UN's "Growth in United Nations membership"
# (https://www.un.org/en/about-us/growth-in-un-membership) and its Member States list: Serbia as the
# Federal Republic of Yugoslavia, 1 November 2000. Every other Member State was admitted before
# 2000 and has no member_since: it counts in every round. Add a State here when one is admitted.
MEMBER_SINCE = {
    "TUV": "2000-09-05",
    "SRB": "2000-11-01",
    "CHE": "2002-09-10",
    "TLS": "2002-09-27",
    "MNE": "2006-06-28",
    "SSD": "2011-07-14",
}
MEMBER_SINCE_VINTAGE = (
    "Dates of admission (member_since) of the {count} Member States admitted since 2000, from the UN's "
    "Growth in United Nations membership (entered by hand in build_countries.py); the others were "
    "admitted before 2000. Latest: South Sudan, 14 July 2011")
# The UN official language a focal point of each State most likely reads (countries.yml
# `language`): feedback letters to a sender whose own language cannot be told from what it sent
# are written in it. This is the project's assignment from the States' official languages (as
# listed in the CIA World Factbook's "Languages" field and the States' constitutions), not a UN
# position, and is to be reviewed by the Secretariat before letters are sent. The rule: of the six
# UN languages, the one that is the State's official or main administrative language:
# - Arabic ("ar"): the 22 members of the League of Arab States (Comoros, Djibouti, Mauritania and
#   Somalia included, although French or English is also official there; the State of Palestine);
# - French ("fr"): France, Belgium, Luxembourg, Monaco, Switzerland (French is one of its official
#   languages; none of the others is among the six), Haiti, and the States of Africa where French
#   is the (or the main) official language: Benin, Burkina Faso, Burundi, Cameroon, the Central
#   African Republic, Chad, the Congo, Côte d'Ivoire, the Democratic Republic of the Congo, Gabon,
#   Guinea, Madagascar, Mali, the Niger, Senegal, Togo;
# - Spanish ("es"): Spain, Equatorial Guinea and the eighteen Spanish-speaking States of Latin
#   America and the Caribbean;
# - Russian ("ru"): the Russian Federation and the CIS States where Russian is official or used in
#   official correspondence: Armenia, Azerbaijan, Belarus, Kazakhstan, Kyrgyzstan, Tajikistan,
#   Turkmenistan, Uzbekistan (not Georgia, the Republic of Moldova or Ukraine);
# - Chinese ("zh"): China;
# - English ("en") for every other State, including those whose official languages are none of
#   the six (Brazil, Portugal, Japan…) and bilingual States where English is the administrative
#   language (Canada, Mauritius, Rwanda, Seychelles, Vanuatu).
# Territories and areas follow the State that administers them where it is not English-speaking
# (the French overseas collectivities, Hong Kong, Macao; Taiwan: Chinese; Western Sahara: Arabic).
# Entries not listed here get "en"; the builder fails if a code below is not in the reference.
LANGUAGE = {
    "ar": ["ARE", "BHR", "COM", "DJI", "DZA", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MAR", "MRT",
           "OMN", "PSE", "QAT", "SAU", "SDN", "SOM", "SYR", "TUN", "YEM", "ESH"],
    "fr": ["BEL", "BEN", "BFA", "BDI", "CAF", "CHE", "CIV", "CMR", "COD", "COG", "FRA", "GAB", "GIN",
           "HTI", "LUX", "MCO", "MDG", "MLI", "NER", "SEN", "TCD", "TGO",
           "BLM", "GLP", "GUF", "MAF", "MTQ", "MYT", "NCL", "PYF", "REU", "SPM", "WLF"],
    "es": ["ARG", "BOL", "CHL", "COL", "CRI", "CUB", "DOM", "ECU", "ESP", "GNQ", "GTM", "HND", "MEX",
           "NIC", "PAN", "PER", "PRY", "SLV", "URY", "VEN"],
    "ru": ["ARM", "AZE", "BLR", "KAZ", "KGZ", "RUS", "TJK", "TKM", "UZB"],
    "zh": ["CHN", "HKG", "MAC", "TWN"],
}
LANGUAGE_VINTAGE = (
    "The UN official language a focal point most likely reads: the project's assignment from the "
    "States' official languages (CIA World Factbook, constitutions; rule in build_countries.py, "
    "LANGUAGE), to be reviewed by the Secretariat. Member States: {counts}")
CLDR = "CLDR display name"
DEVELOPMENT = "Developed / Developing Countries"

UNTERM_COLS = [f"UNTERM {UNTERM_LANG[l]} {kind}" for l in LANGS for kind in ("Short", "Formal")]
REQUIRED_CURRENT = [A3, A2, M49, REGION, REGION_NAME, SUBREGION, SUBREGION_NAME, INTERMEDIATE,
                    LDC, LLDC, SIDS, INDEPENDENT, CLDR] + UNTERM_COLS + list(OFFICIAL_COL.values())
REQUIRED_2020 = [A3, M49, DEVELOPMENT, CLDR] + UNTERM_COLS + list(OFFICIAL_COL.values())

SOURCE = "datasets/country-codes: country-codes.csv (current) and country-codes-2020.csv (October 2020)"
LICENCE = ("ODC-PDDL-1.0 (Open Data Commons Public Domain Dedication and License); "
           "facts from ISO 3166 and UNSD M49")

# The five M49 regions, in M49 order. Names as in UNSD's M49 language versions.
REGIONS = [
    ("002", {"ar": "أفريقيا", "en": "Africa", "es": "África", "fr": "Afrique", "ru": "Африка", "zh": "非洲"}),
    ("019", {"ar": "الأمريكتان", "en": "Americas", "es": "Américas", "fr": "Amériques",
             "ru": "Северная и Южная Америка", "zh": "美洲"}),
    ("142", {"ar": "آسيا", "en": "Asia", "es": "Asia", "fr": "Asie", "ru": "Азия", "zh": "亚洲"}),
    ("150", {"ar": "أوروبا", "en": "Europe", "es": "Europa", "fr": "Europe", "ru": "Европа", "zh": "欧洲"}),
    ("009", {"ar": "أوقيانوسيا", "en": "Oceania", "es": "Oceanía", "fr": "Océanie", "ru": "Океания",
             "zh": "大洋洲"}),
]

# Sub-region names other than English (English comes from the source file). Transcribed from
# UNSD's M49 overview in Arabic, Chinese, French, Russian and Spanish (as saved in the
# datasets/country-codes repository, tmp/UNSD-*.csv); not reviewed by the project's translators.
# A sub-region code in the source that is missing here fails the build.
SUBREGION_NAMES = {
    "015": {"ar": "أفريقيا الشمالية", "es": "África septentrional", "fr": "Afrique septentrionale",
            "ru": "Северная Африка", "zh": "北非"},
    "202": {"ar": "أفريقيا جنوب الصحراء الكبرى", "es": "África Subsahariana", "fr": "Afrique subsaharienne",
            "ru": "Африка к югу от Сахары", "zh": "撒哈拉以南非洲"},
    "419": {"ar": "أمريكا اللاتينية ومنطقة البحر الكاريبي", "es": "América Latina y el Caribe",
            "fr": "Amérique latine et Caraïbes", "ru": "Латинская Америка и Карибский бассейн",
            "zh": "拉丁美洲和加勒比"},
    "021": {"ar": "أمريكا الشمالية", "es": "América septentrional", "fr": "Amérique septentrionale",
            "ru": "Северная Америка", "zh": "北美"},
    "143": {"ar": "آسيا الوسطى", "es": "Asia central", "fr": "Asie centrale", "ru": "Центральная Азия",
            "zh": "中亚"},
    "030": {"ar": "شرقي آسيا", "es": "Asia oriental", "fr": "Asie orientale", "ru": "Восточная Азия",
            "zh": "东亚"},
    "035": {"ar": "جنوب شرقي آسيا", "es": "Asia sudoriental", "fr": "Asie du Sud-Est",
            "ru": "Юго-Восточная Азия", "zh": "东南亚"},
    "034": {"ar": "جنوب آسيا", "es": "Asia meridional", "fr": "Asie méridionale", "ru": "Южная Азия",
            "zh": "南亚"},
    "145": {"ar": "غربي آسيا", "es": "Asia occidental", "fr": "Asie occidentale", "ru": "Западная Азия",
            "zh": "西亚"},
    "151": {"ar": "أوروبا الشرقية", "es": "Europa oriental", "fr": "Europe orientale",
            "ru": "Восточная Европа", "zh": "东欧"},
    "154": {"ar": "أوروبا الشمالية", "es": "Europa septentrional", "fr": "Europe septentrionale",
            "ru": "Северная Европа", "zh": "北欧"},
    "039": {"ar": "أوروبا الجنوبية", "es": "Europa meridional", "fr": "Europe méridionale",
            "ru": "Южная Европа", "zh": "南欧"},
    "155": {"ar": "أوروبا الغربية", "es": "Europa occidental", "fr": "Europe occidentale",
            "ru": "Западная Европа", "zh": "西欧"},
    "053": {"ar": "أستراليا ونيوزيلندا", "es": "Australia y Nueva Zelandia",
            "fr": "Australie et Nouvelle-Zélande", "ru": "Австралия и Новая Зеландия",
            "zh": "澳大利亚和新西兰"},
    "054": {"ar": "ميلانيزيا", "es": "Melanesia", "fr": "Mélanésie", "ru": "Меланезия", "zh": "美拉尼西亚"},
    "057": {"ar": "ميكرونيزيا", "es": "Micronesia", "fr": "Micronésie", "ru": "Микронезия", "zh": "密克罗尼西亚"},
    "061": {"ar": "بولينيزيا", "es": "Polinesia", "fr": "Polynésie", "ru": "Полинезия", "zh": "波利尼西亚"},
}

# Corrections that win over every source value. Keep each one justified.
NAME_OVERRIDES = {
    # The current file has no UNTERM names for Türkiye; the 2020 file still has "Turkey". At
    # Ankara's request (letter of 1 June 2022) the UN uses "Türkiye" in English, French and
    # Spanish; the Arabic, Chinese and Russian names did not change (2020 UNTERM values kept).
    "TUR": {
        "name": {"en": "Türkiye", "es": "Türkiye", "fr": "Türkiye"},
        "formal_name": {"en": "the Republic of Türkiye", "es": "la República de Türkiye",
                        "fr": "la République de Türkiye"},
    },
    # Russian M49 names that are not in the nominative case, or garbled, in both source files
    # ("Аландских островов" genitive — the 2020 file's official_name_ru has "Аландские острова";
    # "Антарктике" prepositional; "Кокосовых (Килинг) островов" genitive; "Кайман острова").
    "ALA": {"name": {"ru": "Аландские острова"}},
    "ATA": {"name": {"ru": "Антарктика"}},
    "CCK": {"name": {"ru": "Кокосовые (Килинг) острова"}},
    "CYM": {"name": {"ru": "Каймановы острова"}},
}

# Names people type that the source does not give. Each must identify exactly one country: a
# collision with another country's name or alias fails the build. Never add plain "Congo" (the
# Republic of the Congo's own name), "Korea", "Guinea" (outside GIN) or "Holland".
# Each entry is a common short form in the languages people type it in. The Arabic forms (one for
# every entry whose common Arabic form differs from UNTERM's, as the other languages had: "لاوس"
# as "Laos", "ساحل العاج" as "Ivory Coast", "الكونغو - كينشاسا" as "Congo-Kinshasa") are written
# by the project from common usage, not taken from the country-name test lists' sources.
EXTRA_ALIASES = {
    "ARE": ["UAE", "الإمارات"],
    "BHS": ["Bahamas", "The Bahamas", "البهاما"],
    "BIH": ["Bosnia-Herzegovina"],
    "BOL": ["Bolivia", "Bolivie", "Боливия", "玻利维亚", "بوليفيا"],
    "BRN": ["Brunei", "Brunéi", "Бруней", "文莱", "بروناي"],
    "CIV": ["Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast", "Costa de Marfil", "ساحل العاج"],
    "COD": ["DR Congo", "DRC", "Democratic Republic of Congo", "Congo, Democratic Republic of the",
            "Congo-Kinshasa", "RD Congo", "RDC", "Zaire", "Zaïre", "刚果金", "الكونغو الديمقراطية", "الكونغو - كينشاسا", "زائير"],
    "COG": ["Republic of the Congo", "Republic of Congo", "Congo, Republic of the", "Congo-Brazzaville",
            "刚果布", "الكونغو - برازافيل"],
    "CPV": ["Cabo Verde", "Cape Verde", "Cap-Vert", "الرأس الأخضر"],
    "CZE": ["Czechia", "Czech Republic", "التشيك"],
    "FSM": ["Micronesia", "Federated States of Micronesia", "ميكرونيزيا"],
    "GBR": ["United Kingdom", "UK", "U.K.", "Great Britain", "Britain", "Royaume-Uni", "Reino Unido",
            "Великобритания", "Соединенное Королевство", "英国", "المملكة المتحدة", "بريطانيا"],
    "GMB": ["Gambia", "The Gambia"],
    "HKG": ["Hong Kong", "Hong Kong SAR", "Hong Kong, China", "香港", "هونغ كونغ"],
    "IRN": ["Iran", "Irán", "Иран", "伊朗", "إيران"],
    "KGZ": ["Kyrgyz Republic"],
    "KOR": ["South Korea", "Korea, Republic of", "Corée du Sud", "Corea del Sur", "Южная Корея", "韩国", "كوريا الجنوبية"],
    "LAO": ["Laos", "Lao PDR", "Лаос", "老挝", "لاوس"],
    "MAC": ["Macao", "Macau", "Macao SAR", "澳门", "ماكاو"],
    "MDA": ["Moldova", "Moldavie", "Moldavia", "Молдова", "Молдавия", "摩尔多瓦", "مولدوفا", "مولدافيا"],
    "MKD": ["Macedonia", "Republic of Macedonia", "The former Yugoslav Republic of Macedonia", "FYROM", "مقدونيا"],
    "MMR": ["Burma", "Birmanie", "Birmania", "Бирма", "بورما"],
    "NLD": ["Netherlands", "The Netherlands", "Pays-Bas", "Países Bajos"],
    "PRK": ["North Korea", "Korea, Democratic People's Republic of", "DPRK", "Corée du Nord",
            "Corea del Norte", "Северная Корея", "朝鲜", "كوريا الشمالية"],
    "PSE": ["Palestine", "State of Palestine", "Palestina", "Палестина", "巴勒斯坦", "فلسطين"],
    "RUS": ["Russia", "Russie", "Rusia", "Россия", "俄罗斯", "روسيا"],
    "SHN": ["Saint Helena, Ascension and Tristan da Cunha"],
    "SVK": ["Slovak Republic"],
    "SWZ": ["Swaziland", "Kingdom of Eswatini", "سوازيلاند"],
    "SYR": ["Syria", "Syrie", "Siria", "Сирия", "叙利亚", "سوريا"],
    "TLS": ["East Timor", "Timor Oriental", "Восточный Тимор", "تيمور الشرقية"],
    "TUR": ["Türkiye", "Turkiye", "Turkey", "Turquie", "Turquía"],
    "TWN": ["Taiwan, Province of China", "Taiwan Province of China", "Chinese Taipei"],
    "TZA": ["Tanzania", "Tanzanie", "Tanzanía", "Танзания", "坦桑尼亚", "تنزانيا"],
    "USA": ["United States", "United States of America", "U.S.", "Etats-Unis", "États-Unis",
            "Estados Unidos", "США", "Соединенные Штаты", "美国", "الولايات المتحدة"],
    "VAT": ["Vatican", "Vatican City", "Vatican City State", "Holy See", "Cité du Vatican",
            "Ciudad del Vaticano", "Ватикан", "梵蒂冈", "الفاتيكان"],
    "VEN": ["Venezuela", "Венесуэла", "委内瑞拉"],
    "VNM": ["Vietnam", "Viêt Nam", "Вьетнам", "فيتنام"],
}

_FOOTNOTE = re.compile(r"\s*\*+\s*$")                      # UNTERM " *" / " **" markers
_GENDER_TAG = re.compile(r"\s*\[(?:masc|fém|fem)\.?\]", re.I)  # 2020 French "[masc.]" / "[fém.]"
_SANS_ARTICLE = re.compile(r"\s*\(sans article\)", re.I)    # 2020 French "Cabo Verde (sans article)"
_ARTICLE = re.compile(r"\s*\((?:the|le|la|les|l'|l’|el|los|las)\)\s*$", re.I)
_PARENS = re.compile(r"\([^()]*\)|（[^（）]*）")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fail(message):
    print("build_countries.py: error: " + message, file=sys.stderr)
    sys.exit(2)


def clean(value):
    """Source text as published, minus footnote markers, 2020 gender tags and stray whitespace."""
    if value is None:
        return ""
    text = " ".join(value.replace("\u00a0", " ").split())
    text = _FOOTNOTE.sub("", text)
    text = _GENDER_TAG.sub("", text)
    text = _SANS_ARTICLE.sub("", text)
    return " ".join(text.split())


def without_article(value):
    return _ARTICLE.sub("", value)


def code3(value, what, where):
    """'4' or '004' -> '004'; '' -> None."""
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 3:
        fail(f"{where}: {what} {value!r} is not a numeric code of up to three digits")
    return text.zfill(3)


def key(value):
    """Comparison key: casefolded, accents stripped, parenthesized text and punctuation removed."""
    text = value.replace("’", "'").replace("‘", "'")
    text = _PARENS.sub(" ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def mixed_script(value):
    """True for text mixing Latin and Cyrillic letters (a source defect: 'Coeдинeнныx')."""
    latin = cyrillic = False
    for ch in value:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            latin = latin or name.startswith("LATIN")
            cyrillic = cyrillic or name.startswith("CYRILLIC")
    return latin and cyrillic


def read_rows(path, required):
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                fail(f"{path}: missing columns {missing}")
            rows = list(reader)
    except OSError as error:
        fail(f"cannot read {path}: {error}")
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    return rows, digest


LANGUAGE_OF = {iso3: lang for lang, codes in LANGUAGE.items() for iso3 in codes}


def build(current_rows, rows_2020):
    log = {"skipped": [], "fallbacks": [], "dropped_aliases": [], "warnings": [], "only_2020": [],
           "no_development": []}

    # --- 2020 file: index by alpha-3 (rows without alpha-3, e.g. Sark, cannot be matched).
    by_iso3_2020 = {}
    for number, row in enumerate(rows_2020, start=2):
        iso3 = (row.get(A3) or "").strip()
        if not iso3:
            log["skipped"].append(f"2020 file line {number}: no ISO alpha-3 "
                                  f"(M49 {row.get(M49)!r}, {clean(row.get('official_name_en'))!r})")
            continue
        if not (row.get(M49) or "").strip():
            log["skipped"].append(f"2020 file line {number}: {iso3} has no M49 code and no UN data")
        by_iso3_2020[iso3] = row

    region_codes = [code for code, _ in REGIONS]
    countries = []
    subregions = {}
    seen = {"iso3": {}, "iso2": {}, "m49": {}}
    for number, row in enumerate(current_rows, start=2):
        iso3 = (row.get(A3) or "").strip()
        iso2 = (row.get(A2) or "").strip()
        where = f"current file line {number} ({iso3 or '?'})"
        m49 = code3(row.get(M49), "M49", where)
        if not iso3 or m49 is None:
            log["skipped"].append(f"{where}: no ISO alpha-3 or no M49 code")
            continue
        if not re.fullmatch(r"[A-Z]{3}", iso3) or not re.fullmatch(r"[A-Z]{2}", iso2):
            fail(f"{where}: bad ISO codes {iso3!r} / {iso2!r}")
        for field, value in (("iso3", iso3), ("iso2", iso2), ("m49", m49)):
            if value in seen[field]:
                fail(f"{where}: {field} {value} already used by {seen[field][value]}")
            seen[field][value] = iso3

        region = code3(row.get(REGION), "region", where)
        subregion = code3(row.get(SUBREGION), "sub-region", where)
        intermediate = code3(row.get(INTERMEDIATE), "intermediate region", where)
        if region is not None and region not in region_codes:
            fail(f"{where}: unknown M49 region {region}")
        if (region is None) != (subregion is None):
            fail(f"{where}: region {region} without sub-region {subregion} (or the reverse)")
        if subregion is not None:
            english = clean(row.get(SUBREGION_NAME))
            entry = subregions.setdefault(subregion, {"region": region, "en": english})
            if entry["region"] != region or entry["en"] != english:
                fail(f"{where}: sub-region {subregion} is {region}/{english!r} here but "
                     f"{entry['region']}/{entry['en']!r} elsewhere")

        old = by_iso3_2020.get(iso3)
        if old is None:
            log["warnings"].append(f"{iso3}: not in the 2020 file")
            old = {}

        # Names.
        overrides = NAME_OVERRIDES.get(iso3, {})
        name, formal, sources = {}, {}, {}
        for lang in LANGS:
            candidates = [
                ("UNTERM", clean(row.get(f"UNTERM {UNTERM_LANG[lang]} Short"))),
                ("UNTERM 2020", clean(old.get(f"UNTERM {UNTERM_LANG[lang]} Short"))),
                ("M49 official name", clean(row.get(OFFICIAL_COL[lang]))),
                ("CLDR", clean(row.get(CLDR)) if lang == "en" else ""),
                ("M49 official name 2020", clean(old.get(OFFICIAL_COL[lang]))),
            ]
            chosen = next(((src, val) for src, val in candidates if val), (None, ""))
            if lang in overrides.get("name", {}):
                chosen = ("override", overrides["name"][lang])
            if not chosen[1]:
                fail(f"{where}: no {lang} name in any source")
            name[lang] = chosen[1]
            sources.setdefault(chosen[0], []).append(lang)

            formal_value = (clean(row.get(f"UNTERM {UNTERM_LANG[lang]} Formal"))
                            or clean(old.get(f"UNTERM {UNTERM_LANG[lang]} Formal")))
            if lang in overrides.get("formal_name", {}):
                formal_value = overrides["formal_name"][lang]
            if formal_value:
                formal[lang] = formal_value
        if set(sources) != {"UNTERM"}:
            described = "; ".join(f"{src}: {','.join(langs)}" for src, langs in sources.items()
                                  if src != "UNTERM")
            log["fallbacks"].append(f"{iso3} ({name['en']}): {described}")

        # Alias candidates: (text, manual?) in priority order.
        candidates = [(clean(row.get(CLDR)), False)]
        candidates += [(clean(row.get(OFFICIAL_COL[lang])), False) for lang in LANGS]
        for lang in LANGS:  # former UNTERM short names (renamed since 2020)
            then = without_article(clean(old.get(f"UNTERM {UNTERM_LANG[lang]} Short")))
            now = without_article(clean(row.get(f"UNTERM {UNTERM_LANG[lang]} Short")))
            if then and then != now:
                candidates.append((then, False))
        for column in [CLDR] + [OFFICIAL_COL[lang] for lang in LANGS]:
            then, now = clean(old.get(column)), clean(row.get(column))
            if then and then != now:
                candidates.append((then, False))
        candidates += [(alias, True) for alias in EXTRA_ALIASES.get(iso3, [])]

        names_here = set(name.values()) | set(formal.values())
        aliases = []
        for text, manual in candidates:
            if not text:
                continue
            variants = [text] + ([text.replace("’", "'")] if "’" in text else [])
            for variant in variants:
                if "_" in variant or mixed_script(variant):
                    log["dropped_aliases"].append(f"{iso3}: {variant!r} (defective source text)")
                    continue
                if not manual and (variant in names_here and variant != clean(row.get(CLDR))):
                    continue
                if variant.casefold() not in {a.casefold() for a, _ in aliases}:
                    aliases.append((variant, manual))

        development = clean(old.get(DEVELOPMENT)).lower() or None
        if development not in (None, "developed", "developing"):
            fail(f"{where}: unexpected development status {development!r} in the 2020 file")
        if development is None:
            log["no_development"].append(iso3)

        # UN status from UNTERM's footnote markers on the raw (uncleaned) short names: " **" marks
        # associated territories (Cook Islands, Niue), " *" the non-member observer States (Holy
        # See, State of Palestine); every other row with a UNTERM name (this file's, or the 2020
        # file's for Côte d'Ivoire and Türkiye) is a Member State; rows UNTERM does not cover are
        # territories and areas.
        raw_unterm = [(row.get(f"UNTERM {UNTERM_LANG[lang]} Short") or "").strip() for lang in LANGS]
        raw_unterm_2020 = [(old.get(f"UNTERM {UNTERM_LANG[lang]} Short") or "").strip() for lang in LANGS]
        if any(value.endswith("**") for value in raw_unterm):
            un_status = "associated"
        elif any(value.endswith("*") for value in raw_unterm):
            un_status = "observer"
        elif any(raw_unterm) or any(raw_unterm_2020):
            un_status = "member"
        else:
            un_status = "territory"

        countries.append({
            "iso3": iso3, "iso2": iso2, "m49": m49, "name": name, "formal_name": formal,
            "aliases": aliases, "region": region, "subregion": subregion,
            "intermediate_region": intermediate, "development": development,
            "ldc": flag(row.get(LDC), where), "lldc": flag(row.get(LLDC), where),
            "sids": flag(row.get(SIDS), where),
            "independent": (row.get(INDEPENDENT) or "").strip() == "Yes",
            "un_status": un_status,
            "member_since": MEMBER_SINCE.get(iso3),
            "language": LANGUAGE_OF.get(iso3, "en"),
        })

    current_iso3 = {c["iso3"] for c in countries}
    log["only_2020"] = sorted(set(by_iso3_2020) - current_iso3)

    missing = sorted(set(subregions) - set(SUBREGION_NAMES))
    if missing:
        fail(f"sub-region codes without translations in SUBREGION_NAMES: {missing}")

    resolve_alias_collisions(countries, log)
    countries.sort(key=lambda c: c["iso3"])
    for country in countries:
        country["aliases"] = [a for a, _ in country["aliases"]]

    ordered_subregions = []
    for code in sorted(subregions, key=lambda c: (region_codes.index(subregions[c]["region"]), c)):
        names = dict(SUBREGION_NAMES[code])
        names["en"] = subregions[code]["en"]
        ordered_subregions.append({"code": code, "region": subregions[code]["region"],
                                   "name": {lang: names[lang] for lang in LANGS}})
    return countries, ordered_subregions, log


def flag(value, where):
    text = (value or "").strip().lower()
    if text not in ("", "x"):
        fail(f"{where}: unexpected flag value {value!r}")
    return text == "x"


def resolve_alias_collisions(countries, log):
    """Drop automatic aliases that would point at another country; manual ones must not collide."""
    owners = {}  # key -> set of iso3 (names, formal names and codes)
    for country in countries:
        for text in list(country["name"].values()) + list(country["formal_name"].values()):
            owners.setdefault(key(text), set()).add(country["iso3"])
        for code in (country["iso3"], country["iso2"]):
            owners.setdefault(code.casefold(), set()).add(country["iso3"])
    alias_owners = {}
    for country in countries:
        for text, _ in country["aliases"]:
            alias_owners.setdefault(key(text), set()).add(country["iso3"])

    errors = []
    for country in countries:
        kept = []
        for text, manual in country["aliases"]:
            k = key(text)
            others = (owners.get(k, set()) | alias_owners.get(k, set())) - {country["iso3"]}
            if not k:
                others = {"(empty key)"}
            if others:
                if manual:
                    errors.append(f"EXTRA_ALIASES[{country['iso3']}] {text!r} also identifies "
                                  f"{sorted(others)}")
                else:
                    log["dropped_aliases"].append(f"{country['iso3']}: {text!r} (also identifies "
                                                  f"{', '.join(sorted(others))})")
                continue
            kept.append((text, manual))
        country["aliases"] = kept
    if errors:
        fail("ambiguous aliases:\n  " + "\n  ".join(errors))


# ----------------------------------------------------------------------------------------------
# YAML output

def q(value):
    """A YAML double-quoted scalar."""
    out = ['"']
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif (ord(ch) < 0x20 or ord(ch) == 0x7F or ch in "\u0085\u2028\u2029\ufeff"
              or unicodedata.category(ch) in ("Cc", "Cs")):
            out.append("\\u%04x" % ord(ch) if ord(ch) <= 0xFFFF else "\\U%08x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def opt(value):
    return "null" if value is None else q(value)


def lang_map(names):
    return "{" + ", ".join(f"{lang}: {q(names[lang])}" for lang in LANGS if lang in names) + "}"


def render(countries, subregions, log, digests):
    count = {flag_: sum(1 for c in countries if c[flag_]) for flag_ in ("ldc", "lldc", "sids")}
    lines = [
        "# Country reference data for LegiSurvey.",
        "# Generated by build_countries.py: do not edit by hand. Alias additions and name",
        "# corrections live in the script (EXTRA_ALIASES, NAME_OVERRIDES); rerun it instead.",
        "# Source: datasets/country-codes (https://github.com/datasets/country-codes),",
        "#   country-codes.csv (current) and country-codes-2020.csv (October 2020).",
        "# Licence: ODC-PDDL-1.0, public domain dedication; the facts come from ISO 3166 and UNSD M49,",
        "#   names from UNTERM, UNSD M49 and Unicode CLDR.",
        "# language: the project's assignment of the UN official language a focal point most likely",
        "#   reads, from the States' official languages (CIA World Factbook, constitutions); rule and",
        "#   table in build_countries.py (LANGUAGE); to be reviewed by the UN Secretariat.",
        f"# Input sha256: country-codes.csv {digests[0]}",
        f"#               country-codes-2020.csv {digests[1]}",
        f"source: {q(SOURCE)}",
        f"licence: {q(LICENCE)}",
        "vintages:",
        "  iso3166: " + q("ISO 3166-1 codes as carried by country-codes.csv (current; the file is "
                          "undated, post-June 2022 as it names Türkiye); 249 entries"),
        "  m49_regions: " + q("UNSD M49 regions, sub-regions and intermediate regions as carried by "
                              "country-codes.csv (current); Channel Islands (830) no longer used"),
        "  development_status: " + q("M49, 2020 (last edition with the Developed / Developing column)"),
        "  ldc: " + q(f"UN list as carried by country-codes.csv (current): {count['ldc']} countries; "
                      "reflects Vanuatu's (2020) and Bhutan's (December 2023) graduation, "
                      "not São Tomé and Príncipe's (December 2024)"),
        "  lldc: " + q(f"M49 list as carried by country-codes.csv (current): {count['lldc']} countries"),
        "  sids: " + q(f"M49 list as carried by country-codes.csv (current): {count['sids']} countries "
                       "and territories"),
        "  names: " + q("UNTERM, as in the source file (current; the 2020 file for Côte d'Ivoire and "
                        "Türkiye, set to Türkiye in en/es/fr as used by the UN since 2022); "
                        "UNSD M49 names where UNTERM has none"),
        "  un_status: " + q(UN_STATUS_VINTAGE.format(**{s: sum(1 for c in countries if c["un_status"] == s)
                                                            for s in UN_STATUSES})),
        "  member_since: " + q(MEMBER_SINCE_VINTAGE.format(count=len(MEMBER_SINCE))),
        "  language: " + q(LANGUAGE_VINTAGE.format(counts=", ".join(
            f"{lang} {sum(1 for c in countries if c['un_status'] == 'member' and c['language'] == lang)}"
            for lang in LANGS))),
        "regions:",
    ]
    for code, names in REGIONS:
        lines += [f"  - code: {q(code)}", f"    name: {lang_map(names)}"]
    lines += [
        "# Sub-region names: English from the source file; Arabic, Chinese, French, Russian and",
        "# Spanish transcribed from UNSD's M49 language versions; not reviewed by the project's",
        "# translators.",
        "subregions:",
    ]
    for sub in subregions:
        lines += [f"  - code: {q(sub['code'])}", f"    region: {q(sub['region'])}",
                  f"    name: {lang_map(sub['name'])}"]
    lines.append("countries:")
    for c in countries:
        lines += [
            f"  - iso3: {q(c['iso3'])}",
            f"    iso2: {q(c['iso2'])}",
            f"    m49: {q(c['m49'])}",
            f"    name: {lang_map(c['name'])}",
            f"    formal_name: {lang_map(c['formal_name'])}",
            "    aliases: [" + ", ".join(q(a) for a in c["aliases"]) + "]",
            f"    region: {opt(c['region'])}",
            f"    subregion: {opt(c['subregion'])}",
            f"    intermediate_region: {opt(c['intermediate_region'])}",
            f"    development: {opt(c['development'])}",
            f"    ldc: {'true' if c['ldc'] else 'false'}",
            f"    lldc: {'true' if c['lldc'] else 'false'}",
            f"    sids: {'true' if c['sids'] else 'false'}",
            f"    independent: {'true' if c['independent'] else 'false'}",
            f"    un_status: {q(c['un_status'])}",
        ] + ([f"    member_since: {q(c['member_since'])}"] if c["member_since"] else []) + [
            f"    language: {q(c['language'])}",
        ]
    return "\n".join(lines) + "\n"


def verify(countries, subregions):
    """Checks on the generated data; returns a list of problems."""
    problems = []
    statuses = {s: sorted(c["iso3"] for c in countries if c["un_status"] == s) for s in UN_STATUSES}
    if len(statuses["member"]) != 193:
        problems.append(f"{len(statuses['member'])} Member States, not 193")
    for iso3, date in sorted(MEMBER_SINCE.items()):
        if iso3 not in statuses["member"]:
            problems.append(f"MEMBER_SINCE: {iso3} is not a Member State")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            problems.append(f"MEMBER_SINCE: {iso3} {date!r} is not YYYY-MM-DD")
    known = {c["iso3"] for c in countries}
    for lang, codes in sorted(LANGUAGE.items()):
        if lang not in LANGS:
            problems.append(f"LANGUAGE: {lang!r} is not one of the six UN languages")
        for iso3 in codes:
            if iso3 not in known:
                problems.append(f"LANGUAGE: {iso3} is not in the reference")
    if len(LANGUAGE_OF) != sum(len(codes) for codes in LANGUAGE.values()):
        problems.append("LANGUAGE: a code is listed under two languages")
    if statuses["observer"] != ["PSE", "VAT"]:
        problems.append(f"observer States {statuses['observer']}, not the Holy See and the State of Palestine")
    for field in ("iso3", "iso2", "m49"):
        values = [c[field] for c in countries]
        if len(values) != len(set(values)):
            problems.append(f"duplicate {field}")
    sub_codes = {s["code"]: s["region"] for s in subregions}
    region_codes = {code for code, _ in REGIONS}
    for c in countries:
        if not re.fullmatch(r"\d{3}", c["m49"]):
            problems.append(f"{c['iso3']}: m49 {c['m49']!r}")
        if c["region"] is not None:
            if c["region"] not in region_codes:
                problems.append(f"{c['iso3']}: unknown region {c['region']}")
            if sub_codes.get(c["subregion"]) != c["region"]:
                problems.append(f"{c['iso3']}: sub-region {c['subregion']} not listed under {c['region']}")
        if set(c["name"]) != set(LANGS):
            problems.append(f"{c['iso3']}: names missing")
    # No alias (or name) key may belong to two countries, except name-versus-name clashes that the
    # source itself has (reported as warnings by main()).
    owners = {}
    for c in countries:
        for text in c["aliases"]:
            owners.setdefault(key(text), set()).add(c["iso3"])
    name_owners = {}
    for c in countries:
        for text in list(c["name"].values()) + list(c["formal_name"].values()):
            name_owners.setdefault(key(text), set()).add(c["iso3"])
    for k, isos in owners.items():
        clash = isos | name_owners.get(k, set())
        if len(clash) > 1:
            problems.append(f"alias key {k!r} identifies {sorted(clash)}")
    return problems


def name_clashes(countries):
    owners = {}
    for c in countries:
        for lang, text in c["name"].items():
            owners.setdefault(key(text), {}).setdefault(c["iso3"], []).append(f"{lang} {text!r}")
    return [f"{k!r}: " + "; ".join(f"{iso3} {', '.join(v)}" for iso3, v in sorted(hits.items()))
            for k, hits in sorted(owners.items()) if len(hits) > 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("current", nargs="?", default=DEFAULT_CURRENT, help="current country-codes.csv")
    parser.add_argument("csv2020", nargs="?", default=DEFAULT_2020, help="country-codes-2020.csv")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="where to write countries.yml")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the output file is not up to date")
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    args = parser.parse_args()

    current_rows, digest_current = read_rows(args.current, REQUIRED_CURRENT)
    rows_2020, digest_2020 = read_rows(args.csv2020, REQUIRED_2020)
    countries, subregions, log = build(current_rows, rows_2020)

    problems = verify(countries, subregions)
    if problems:
        fail("verification failed:\n  " + "\n  ".join(problems))
    text = render(countries, subregions, log, (digest_current, digest_2020))

    if not args.quiet:
        report = sys.stderr
        print(f"{len(countries)} countries and territories, {len(subregions)} sub-regions", file=report)
        for title, entries in (("skipped rows", log["skipped"]), ("name fallbacks", log["fallbacks"]),
                               ("dropped aliases", log["dropped_aliases"]),
                               ("in the 2020 file only", log["only_2020"]),
                               ("no development status", log["no_development"]),
                               ("warnings", log["warnings"]),
                               ("names that clash once parentheses are removed", name_clashes(countries))):
            if entries:
                print(f"{title}:", file=report)
                for entry in entries:
                    print(f"  {entry}", file=report)

    if args.check:
        try:
            with open(args.output, encoding="utf-8", newline="") as handle:
                on_disk = handle.read()
        except OSError:
            on_disk = None
        if on_disk != text:
            print(f"{args.output} is not up to date; rerun build_countries.py", file=sys.stderr)
            sys.exit(1)
        return
    with open(args.output, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
