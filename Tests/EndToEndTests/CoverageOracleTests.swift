import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// `responses.csv` and `nonrespondents.csv` (issue 17) and `legislation_by_act.csv` (issue 20) on the
/// demo against an independent count: a Python script (standard library only: csv, xml.etree,
/// zipfile, json) reads the inbox files and the reference file itself, with none of LegiSurvey's
/// readers, and compares.
@Suite struct CoverageOracleTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")
    static let referenceFile = Fixtures.packageRoot.appendingPathComponent("Pipelines/reference/countries.yml")

    struct Result: Decodable {
        var differences: [String]
        var submissions: Int
        var rejected: Int
        var rounds: [String]
        var compared_rows: Int
        var nonrespondents: Int
        var outside: [String]
        var world: [String: [String]]
        var by_act_rows: Int
        var laws: Int
    }

    /// Runs the oracle on `output`; nil (with an issue recorded) when python3 cannot run it.
    func oracle(_ output: URL, in folder: URL) async throws -> Result? {
        let script = folder.appendingPathComponent("coverage_oracle.py")
        try Data(Self.script.utf8).write(to: script)
        let run = try await ExternalProgram.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, Self.input.path, Self.referenceFile.path, output.path])
        guard run.status == 0 else {
            Issue.record("the oracle (python3) failed with status \(run.status): \(run.errors)")
            return nil
        }
        return try JSONDecoder().decode(Result.self, from: run.output)
    }

    @Test func responsesAndNonrespondentsAgreeWithAnIndependentCount() async throws {
        let folder = Fixtures.temporaryFolder("coverage")
        let output = folder.appendingPathComponent("out")
        let pipelineFile = try Fixtures.pipelineFile(
            in: folder, input: Self.input, output: output, rounds: Fixtures.rounds, extra: Fixtures.defaultStatisticsKeys)
        let summary = try await Pipeline(configuration: try PipelineConfiguration.load(path: pipelineFile.path)).run()
        guard let result = try await oracle(output, in: folder) else { return }
        #expect(result.differences.isEmpty, "\(result.differences.count) differences: \(result.differences.prefix(10))")
        // The oracle saw what the run saw.
        #expect(result.submissions == summary.total.accepted)
        #expect(result.rejected == summary.total.rejected)
        #expect(result.rounds == Fixtures.rounds)
        #expect(result.outside == ["COK", "NIU", "VAT"])
        // Every row but the answer-defined custom groups': 3 rounds × 29 groups × 7 chapters.
        #expect(result.compared_rows == 3 * 29 * 7)
        #expect(result.world["2026"] == ["193", "67", "67", "34.7"])
        // 2022: 193 − 52 Member States; 2024: 193 − 20; 2026: 193 − 67.
        #expect(result.nonrespondents == (193 - 52) + (193 - 20) + (193 - 67))
        // legislation_by_act.csv (issue 20): every round × country × act or power a listed law
        // covers, with the positions of the laws that cover it, as the oracle reads the files.
        #expect(result.by_act_rows == 342 && result.laws == 131, "\(result.by_act_rows) rows, \(result.laws) laws")

        // The oracle notices a wrong figure: one count changed in a copy of the outputs.
        let tampered = folder.appendingPathComponent("tampered")
        try FileManager.default.createDirectory(at: tampered, withIntermediateDirectories: true)
        var responses = try String(contentsOf: output.appendingPathComponent("responses.csv"), encoding: .utf8)
        responses = responses.replacingOccurrences(of: "2026,world,001,4,193,67,67,34.7", with: "2026,world,001,4,193,67,66,34.2")
        try Data(responses.utf8).write(to: tampered.appendingPathComponent("responses.csv"))
        var nonrespondents = try String(contentsOf: output.appendingPathComponent("nonrespondents.csv"), encoding: .utf8)
        nonrespondents = nonrespondents.components(separatedBy: "\r\n").dropLast(2).joined(separator: "\r\n") + "\r\n"
        try Data(nonrespondents.utf8).write(to: tampered.appendingPathComponent("nonrespondents.csv"))
        // legislation_by_act.csv: its last row left out.
        let byAct = try String(contentsOf: output.appendingPathComponent("legislation_by_act.csv"), encoding: .utf8)
        try Data((byAct.components(separatedBy: "\r\n").dropLast(2).joined(separator: "\r\n") + "\r\n").utf8)
            .write(to: tampered.appendingPathComponent("legislation_by_act.csv"))
        let caught = try #require(try await oracle(tampered, in: folder))
        #expect(caught.differences.count == 3, "\(caught.differences)")
    }

    /// The oracle. Kept in the test so it runs wherever the tests run (python3, standard library).
    static let script = #"""
        """Independent count of responses.csv and nonrespondents.csv from the inbox files.

            python3 coverage_oracle.py INPUT_DIR countries.yml OUTPUT_DIR

        Standard library only (csv, xml.etree, json, re); shares no code with LegiSurvey. Reads every
        .xml and .csv file under INPUT_DIR, resolves countries through the reference file's codes, names
        and aliases, drops rows rejected in the sender's review (ODK Central ReviewState "rejected",
        KoboToolbox "not approved"), keeps the last submission per country and round in path order,
        then counts, per round: the UN Member States (un_status "member") of each group with a submission,
        those with a non-blank answer to an item of each chapter (the chapter is the question id's prefix,
        ch3_ … ch8_, ta_), and the Member States without a submission. Compares with OUTPUT_DIR's
        responses.csv and nonrespondents.csv and prints one JSON object: the differences and what was
        counted.
        """

        import csv
        import json
        import os
        import re
        import sys
        import xml.etree.ElementTree as ET
        import zipfile

        QUESTION = re.compile(r"^(ch[3-8]|ta)_[a-z0-9_]+$")
        CHAPTERS = {"ch3": "3", "ch4": "4", "ch5": "5", "ch6": "6", "ch7": "7", "ch8": "8", "ta": "TA"}
        DEFAULT_ROUND = "2026"
        LAWS = "laws"  # the inventory's laws, position → field → values (not a question: QUESTION does not match)
        TEMPLATE = "{http://openrosa.org/javarosa}template"


        def chapter(question):
            return CHAPTERS[question.split("_", 1)[0]]


        # --- The reference file, read line by line (it is generated: one key per line, strings quoted) ---

        def strings(text):
            """The double-quoted strings of a flow value, decoded as YAML double-quoted scalars (JSON's
            escapes are a subset)."""
            return [json.loads('"' + raw + '"') for raw in re.findall(r'"((?:[^"\\]|\\.)*)"', text)]


        def language_map(text):
            return {key: json.loads('"' + raw + '"') for key, raw in re.findall(r'(\w+): "((?:[^"\\]|\\.)*)"', text)}


        def read_reference(path):
            regions, subregions, countries = [], [], []
            section, entry = None, None
            with open(path, encoding="utf-8") as file:
                for line in file:
                    line = line.rstrip("\n")
                    if line and not line.startswith(" ") and not line.startswith("#"):
                        section = line.split(":", 1)[0]
                        continue
                    match = re.match(r"^  - (\w+): (.*)$", line) or re.match(r"^    (\w+): (.*)$", line)
                    if not match or section not in ("regions", "subregions", "countries"):
                        continue
                    key, value = match.groups()
                    if line.startswith("  - "):
                        entry = {}
                        {"regions": regions, "subregions": subregions, "countries": countries}[section].append(entry)
                    if key in ("name", "formal_name"):
                        entry[key] = language_map(value)
                    elif key == "aliases":
                        entry[key] = strings(value)
                    elif value in ("true", "false"):
                        entry[key] = value == "true"
                    elif value == "null":
                        entry[key] = None
                    else:
                        entry[key] = strings(value)[0] if strings(value) else value
            return regions, subregions, countries


        def fold(text):
            return " ".join(text.strip().casefold().split())


        def resolver(countries):
            found = {}
            for country in countries:
                iso3 = country["iso3"]
                names = list(country.get("name", {}).values()) + list(country.get("formal_name", {}).values())
                for spelling in [iso3, country["iso2"], country["m49"], *names, *country.get("aliases", [])]:
                    found.setdefault(fold(spelling), set()).add(iso3)
            return lambda text: next(iter(found[fold(text)])) if len(found.get(fold(text), ())) == 1 else None


        # --- The inbox ---

        def local(tag):
            return tag.rsplit("}", 1)[-1]


        def xml_submissions(path):
            root = ET.parse(path).getroot()
            submissions = [element for element in root.iter() if local(element.tag) == "submission"]
            if submissions:  # the native format
                for element in submissions:
                    answers = {}
                    for answer in element:
                        if local(answer.tag) != "answer":
                            continue
                        entries = [e for e in answer if local(e.tag) == "entry"]
                        if answer.get("question") == "laws":  # the inventory: one <entry> per law
                            answers[LAWS] = {
                                position: {
                                    a.get("question"): [v.text.strip() for v in a if local(v.tag) == "value"] or (a.text or "").split()
                                    for a in entry if local(a.tag) == "answer"
                                }
                                for position, entry in enumerate(entries, 1)
                            }
                        elif not entries:
                            values = [v.text or "" for v in answer if local(v.tag) == "value"] or [answer.text or ""]
                            answers[answer.get("question")] = " ".join(v.strip() for v in values).strip()
                    yield element.get("country", ""), element.get("round") or DEFAULT_ROUND, answers
                return
            # An XForm instance: the country, the round and the question fields, wherever they are nested.
            fields = {local(e.tag): (e.text or "").strip() for e in root.iter() if len(e) == 0}
            answers = {name: value for name, value in fields.items() if QUESTION.match(name)}
            # The inventory: each <laws> element is one law, numbered among its siblings; the form's
            # jr:template copy is not data.
            for parent in root.iter():
                laws = [c for c in parent if local(c.tag) == "laws" and TEMPLATE not in c.attrib]
                if laws:
                    answers[LAWS] = {
                        position: {local(f.tag): (f.text or "").split() if local(f.tag) in ("acts", "powers") else [(f.text or "").strip()]
                                   for f in law if (f.text or "").strip()}
                        for position, law in enumerate(laws, 1)
                    }
            yield fields.get("country", ""), fields.get("round") or DEFAULT_ROUND, answers


        def csv_submissions(path):
            zip_laws = {}
            if path.endswith(".zip"):
                # An ODK Central .csv.zip: the main table is the shortest-named top-level .csv.
                with zipfile.ZipFile(path) as archive:
                    names = [n for n in archive.namelist() if n.endswith(".csv") and "/" not in n]
                    main_table = min(names, key=lambda n: (len(n), n))
                    text = archive.read(main_table).decode("utf-8-sig")
                    # The inventory's repeat table: a law per row, joined to its submission by
                    # PARENT_KEY (the main table's KEY); its position is the [n] ending its KEY.
                    repeat = main_table[:-len(".csv")] + "-laws.csv"
                    if repeat in names:
                        for row in csv.DictReader(archive.read(repeat).decode("utf-8-sig").splitlines()):
                            position = int(re.search(r"\[(\d+)\]$", row["KEY"]).group(1))
                            zip_laws.setdefault(row["PARENT_KEY"], {})[position] = {
                                "acts": row["acts"].split(), "powers": row["powers"].split()}
            else:
                with open(path, encoding="utf-8-sig", newline="") as file:
                    text = file.read()
            delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
            rows = [row for row in csv.reader(text.splitlines(), delimiter=delimiter)]
            # KoboToolbox's HXL row (every non-empty cell a "#tag") is not a submission.
            hxl = lambda row: all(cell.startswith("#") for cell in row if cell)
            header, rows = rows[0], [row for row in rows[1:] if row and not hxl(row)]
            column = {name: index for index, name in enumerate(header)}
            excluded = lambda row: (
                ("ReviewState" in column and row[column["ReviewState"]].strip() == "rejected")
                or ("_validation_status" in column and "not_approved" in row[column["_validation_status"]])
            )
            if "question_id" in column:  # the long layout: one row per answer
                grouped = {}
                for row in rows:
                    key = (row[column["country"]], row[column["round"]] or DEFAULT_ROUND)
                    answers = grouped.setdefault(key, {})
                    question, value = row[column["question_id"]], row[column["value"]].strip()
                    if question.startswith("laws/"):  # the inventory: repeat_index numbers the law
                        law = answers.setdefault(LAWS, {}).setdefault(int(row[column["repeat_index"]]), {})
                        law.setdefault(question.split("/", 1)[1], []).append(value)
                        continue
                    answers[question] = (answers.get(question, "") + " " + value).strip()
                for (country, round_), answers in grouped.items():
                    yield country, round_, answers
                return
            # Wide layouts: a question's column is named by its id, or ends with it after a group path
            # ("ch3-ch3_instruments", "ch3/ch3_instruments"); "…/budapest" columns are select_multiple splits.
            questions = {}
            for name, index in column.items():
                last = re.split(r"[-/]", name)[-1]
                if QUESTION.match(last):
                    questions[last] = index
            for row in rows:
                if excluded(row):
                    continue
                answers = {q: row[i].strip() for q, i in questions.items() if i < len(row)}
                if "KEY" in column and row[column["KEY"]] in zip_laws:
                    answers[LAWS] = zip_laws[row[column["KEY"]]]
                yield row[column["country"]] if "country" in column else "", (row[column["round"]] if "round" in column else "") or DEFAULT_ROUND, answers


        def main():
            inbox, reference_path, output = sys.argv[1:4]
            regions, subregions, countries = read_reference(reference_path)
            resolve = resolver(countries)
            by_iso = {c["iso3"]: c for c in countries}
            members = {c["iso3"] for c in countries if c["un_status"] == "member"}

            latest = {}  # (iso3, round) -> answers; later files (in path order) replace earlier ones
            rejected = 0
            paths = sorted(
                os.path.relpath(os.path.join(folder, name), inbox)
                for folder, _, names in os.walk(inbox) for name in names if name.endswith((".xml", ".csv", ".zip"))
            )
            for path in paths:
                full = os.path.join(inbox, path)
                for country, round_, answers in (xml_submissions(full) if path.endswith(".xml") else csv_submissions(full)):
                    iso3 = resolve(country) if country.strip() else None
                    if iso3 is None:
                        rejected += 1
                        continue
                    latest[(iso3, round_.strip())] = answers

            rounds = sorted({round_ for _, round_ in latest})
            groups = [("world", "001", lambda c: True)]
            groups += [("region", r["code"], lambda c, code=r["code"]: c.get("region") == code) for r in regions]
            groups += [("subregion", s["code"], lambda c, code=s["code"]: c.get("subregion") == code) for s in subregions]
            groups += [
                ("development", "514", lambda c: c.get("development") == "developed"),
                ("development", "515", lambda c: c.get("development") == "developing"),
                ("ldc", "199", lambda c: c.get("ldc")), ("lldc", "432", lambda c: c.get("lldc")), ("sids", "722", lambda c: c.get("sids")),
            ]
            expected = {}
            for round_ in rounds:
                submitted = {iso3: answers for (iso3, r), answers in latest.items() if r == round_}
                for group_type, code, belongs in groups + [("outside", "outside", None)]:
                    if belongs is None:
                        states = [iso3 for iso3 in submitted if iso3 not in members]
                        size = ""
                    else:
                        states = [iso3 for iso3 in submitted if iso3 in members and belongs(by_iso[iso3])]
                        size = str(sum(1 for iso3 in members if belongs(by_iso[iso3])))
                    for chapter_ in CHAPTERS.values():
                        answering = sum(
                            1 for iso3 in states
                            if any(value.strip() and QUESTION.match(q) and chapter(q) == chapter_ for q, value in submitted[iso3].items())
                        )
                        rate = "%.1f" % (100 * answering / int(size)) if size and int(size) > 0 else ""
                        expected[(round_, group_type, code, chapter_)] = [size, str(len(states)), str(answering), rate]

            region_order = [r["code"] for r in regions]
            region_name = {r["code"]: r["name"]["en"] for r in regions}
            subregion_name = {s["code"]: s["name"]["en"] for s in subregions}
            nonrespondents = []
            for round_ in rounds:
                missing = [by_iso[iso3] for iso3 in members if (iso3, round_) not in latest]
                missing.sort(key=lambda c: (region_order.index(c["region"]), c["iso3"]))
                # The follow-up columns (issue 26): without a focal-point register only the current
                # round's language, the State's configured one; earlier rounds blank.
                def follow_up(c):
                    return ["", c.get("language") or "", "", "", "", ""] if round_ == rounds[-1] else [""] * 6
                nonrespondents += [
                    [round_, c["iso3"], c["name"]["en"], c["region"], region_name[c["region"]], c["subregion"], subregion_name[c["subregion"]]]
                    + follow_up(c)
                    for c in missing
                ]

            differences = []
            with open(os.path.join(output, "responses.csv"), encoding="utf-8", newline="") as file:
                reader = csv.DictReader(file)
                compared = set()
                for row in reader:
                    key = (row["round"], row["group_type"], row["group_code"], row["chapter"])
                    if key not in expected:
                        continue  # custom groups: defined by answers, not counted here
                    compared.add(key)
                    got = [row["n_in_group"], row["n_with_submission"], row["n_answering"], row["response_rate"]]
                    if got != expected[key]:
                        differences.append(f"responses {key}: {got} != oracle {expected[key]}")
                for key in sorted(set(expected) - compared):
                    differences.append(f"responses: no row {key}")
            with open(os.path.join(output, "nonrespondents.csv"), encoding="utf-8", newline="") as file:
                rows = list(csv.reader(file))
            if rows[0] != ["round", "country", "name", "region", "region_name", "subregion", "subregion_name", "focal_point",
                           "language", "invited", "reminders_sent", "last_reminder", "deadline"]:
                differences.append(f"nonrespondents header {rows[0]}")
            if rows[1:] != nonrespondents:
                got = {tuple(r) for r in rows[1:]}
                want = {tuple(r) for r in nonrespondents}
                differences.append(
                    f"nonrespondents: {len(rows) - 1} rows, oracle {len(nonrespondents)}; only in the file: {sorted(got - want)[:5]}; "
                    f"only in the oracle: {sorted(want - got)[:5]}; same set, other order: {got == want}"
                )
            # legislation_by_act.csv: per round, country, act or power, the positions of the laws that cover it.
            by_act = {}
            for (iso3, round_), answers in latest.items():
                for position, law in answers.get(LAWS, {}).items():
                    for kind, field in (("act", "acts"), ("power", "powers")):
                        for code in law.get(field, []):
                            by_act.setdefault((round_, iso3, kind, code), set()).add(position)
            with open(os.path.join(output, "legislation_by_act.csv"), encoding="utf-8", newline="") as file:
                found = {}
                for row in csv.DictReader(file):
                    found[(row["round"], row["country"], row["kind"], row["code"])] = {int(p) for p in row["laws"].split(";")}
            for key in sorted(set(by_act) | set(found)):
                if by_act.get(key) != found.get(key):
                    differences.append(f"legislation_by_act {key}: {sorted(found.get(key, []))} != oracle {sorted(by_act.get(key, []))}")

            print(json.dumps({
                "by_act_rows": len(by_act), "laws": sum(len(a.get(LAWS, {})) for a in latest.values()),
                "differences": differences, "submissions": len(latest), "rejected": rejected, "rounds": rounds,
                "compared_rows": len(compared), "nonrespondents": len(nonrespondents),
                "outside": sorted({iso3 for (iso3, _) in latest if iso3 not in members}),
                "world": {r: expected[(r, "world", "001", "4")] for r in rounds},
            }))


        if __name__ == "__main__":
            main()
        """#
}
