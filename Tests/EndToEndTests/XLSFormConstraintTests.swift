import Foundation
import SurveyDefinitions
import SurveyForms
import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

/// Issue 22, item 3: a form deployed from the XLSForm export makes only data the pipeline accepts.
/// The export is compiled by pyxform; each bind's type, `required` and `constraint` are evaluated
/// by an independent XPath 1.0 engine (lxml, with ODK's `selected()` and `count-selected()`
/// registered) on example answers, and the same answers go through the project's Transformer: the
/// form accepts an answer exactly when the pipeline keeps it, and refuses it for the matching
/// reason (a constraint: `choice-conflict` or `number-out-of-range`; the bind type:
/// `number-not-integer`; the list: `choice-unknown`, `country-unknown`; required: `country-missing`).
@Suite struct XLSFormConstraintTests {
    let questionnaire = Fixtures.questionnaire
    let writer = XLSFormWriter(
        questionnaire: Fixtures.questionnaire, defaultRound: "2026", labels: Fixtures.formLabels, reference: Fixtures.reference,
        rounds: Fixtures.rounds)
    let transformer = Transformer(
        questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, defaultRound: "2026", rounds: Fixtures.rounds)

    /// The group a top-level question is in.
    func nodeset(_ question: Question) -> String {
        "/data/\(question.chapter == .technicalAssistance ? "ta" : "ch\(question.chapter.rawValue)")/\(question.id)"
    }

    /// The compiled XForm of the export (xls2xform, as in XLSFormExportTests); a failure when
    /// pyxform is missing, never a skip.
    func compiledForm() async throws -> URL {
        let program = Fixtures.xls2xform
        try #require(
            FileManager.default.isExecutableFile(atPath: program.path),
            "xls2xform not found at \(program.path): run `make test` (its `interop` target installs requirements-interop.txt into $LEGISURVEY_VENV, default ~/.cache/legisurvey/venv)"
        )
        let folder = Fixtures.temporaryFolder("xlsform-constraints")
        let workbook = folder.appendingPathComponent("questionnaire.xlsx")
        let xform = folder.appendingPathComponent("questionnaire.xml")
        try writer.write(to: workbook)
        let result = try await run(program, [workbook.path, xform.path, "--skip_validate"])
        try #require(result.status == 0, "xls2xform failed: \(result.output)")
        return xform
    }

    /// Runs a program; standard output and error together.
    func run(_ program: URL, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let result = try await ExternalProgram.run(program, arguments, mergeErrors: true)
        return (result.status, result.text)
    }

    @Test func theCompiledFormCarriesTheExclusiveOptionAndRangeConstraints() async throws {
        let text = try String(contentsOf: try await compiledForm(), encoding: .utf8)
        let binds = text.matches(of: /<bind [^>]*>/).map { String($0.output) }
        func bind(_ nodeset: String) throws -> String {
            try #require(binds.first { $0.contains(#"nodeset="\#(nodeset)""#) }, "no bind for \(nodeset)")
        }
        var exclusive = 0
        for question in questionnaire.questions where question.type == .multipleChoice {
            let element = try bind(nodeset(question))
            for code in question.exclusiveCodes {
                exclusive += 1
                #expect(
                    element.contains(#"constraint="not(selected(., '\#(code)') and count-selected(.) &gt; 1)""#), "\(element)")
            }
            if question.exclusiveCodes.isEmpty { #expect(!element.contains("constraint="), "\(element)") }
        }
        #expect(exclusive >= 1, "no question of the questionnaire has an exclusive option")
        for question in questionnaire.questions where question.type.isNumeric {
            let element = try bind(nodeset(question))
            let whole = question.type == .integer || question.type == .year
            #expect(element.contains(whole ? #"type="int""# : #"type="decimal""#), "\(element)")
            if let minimum = question.minimum, let maximum = question.maximum {
                #expect(
                    element.contains(#"constraint=". &gt;= \#(Int(minimum)) and . &lt;= \#(Int(maximum))""#), "\(element)")
            }
        }
        let country = try bind("/data/country")
        #expect(country.contains(#"type="string""#) && country.contains(#"required="true()""#), "\(country)")
        #expect(text.contains(#"<instance id="countries">"#))
        let round = try bind("/data/round")
        #expect(round.contains(#"constraint=". = '2022' or . = '2024' or . = '2026'""#), "\(round)")
        #expect(round.contains(#"required="true()""#), "\(round)")
        // Every constraint has its message in the six languages (pyxform writes "-" for a missing one).
        #expect(!text.contains("<value>-</value>"))
    }

    /// One example answer: the field's nodeset in the form, the value as a form instance holds it.
    struct Example: Codable, Hashable {
        var nodeset: String
        var value: String
    }

    /// The form's verdict: `ok`, or what refuses the value (`required`, `type`, `list`, `constraint`).
    struct FormVerdict: Codable {
        var nodeset: String
        var value: String
        var verdict: String
        var detail: String
    }

    /// The examples of a question: valid and invalid, at and beyond the bounds.
    func examples(of question: Question) -> [String] {
        switch question.type {
        case .multipleChoice:
            let others = question.choices.map(\.code).filter { !question.exclusiveCodes.contains($0) }
            var values = [others[0], others.prefix(2).joined(separator: " "), "", "not_an_option", "\(others[0]) not_an_option"]
            for code in question.exclusiveCodes {
                values += [code, "\(code) \(others[0])", "\(others[0]) \(code)", ([code] + others.prefix(2)).joined(separator: " ")]
            }
            return values
        case .integer, .year, .decimal, .percent:
            let whole = question.type == .integer || question.type == .year
            let low = question.minimum ?? 0
            let high = question.maximum ?? 1000
            func show(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
            var values = [show(low), show(high), show(low - 1), show(high + 1), show(((low + high) / 2).rounded()), ""]
            values += [show(low + 0.5), show(high - 0.5)]  // a fraction: not whole (integer, year), inside the range
            if !whole { values += [show(low - 0.01), show(high + 0.01), "-" + show(high)] }
            values += ["twelve"]
            return values
        default:
            return []
        }
    }

    /// The pipeline's verdict on one answer: `ok` when the Transformer keeps it (or, blank, reports
    /// nothing), else the diagnostic code that drops it.
    func pipelineVerdict(_ question: Question, _ value: String) -> String {
        let location = SourceLocation(file: "form.xml", line: 1)
        let submission = transformer.transform(
            RawSubmission(
                location: location, format: .xformInstance, ordinal: 1, country: RawValue("FRA", at: location),
                round: RawValue("2026", at: location),
                answers: [
                    RawAnswer(field: question.id, values: [value], location: location),
                    RawAnswer(field: "ch8_cert", values: ["yes"], location: location),
                ]))
        if let diagnostic = submission.diagnostics.first(where: { $0.questionID == question.id }) { return diagnostic.code.rawValue }
        return "ok"
    }

    /// The pipeline's verdict on a submission's country or round: `ok` (accepted) or its reason.
    func identityVerdict(country: String, round: String) -> String {
        let location = SourceLocation(file: "form.xml", line: 1)
        let submission = transformer.transform(
            RawSubmission(
                location: location, format: .xformInstance, ordinal: 1, country: RawValue(country, at: location),
                round: RawValue(round, at: location),
                answers: [RawAnswer(field: "ch8_cert", values: ["yes"], location: location)]))
        return submission.status == .accepted ? "ok" : submission.reason?.rawValue ?? "rejected"
    }

    /// What the form's refusal stands for in the pipeline.
    static let matchingCodes: [String: Set<String>] = [
        "constraint": ["choice-conflict", "number-out-of-range", "round-invalid"],
        "type": ["number-not-integer", "number-invalid"],
        "list": ["choice-unknown", "country-unknown"],
        "required": ["country-missing"],
    ]

    @Test func theFormAndThePipelineAgreeOnEveryExample() async throws {
        let xform = try await compiledForm()
        let python = Fixtures.venvPython
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "python not found at \(python.path): run `make test` (its `interop` target installs lxml of requirements-interop.txt)")

        // The pipeline's verdict on every example, by example.
        var expected: [Example: String] = [:]
        var order: [Example] = []
        func add(_ example: Example, _ verdict: String) {
            if expected.updateValue(verdict, forKey: example) == nil { order.append(example) }
        }
        var constrained = 0
        for question in questionnaire.questions where question.type == .multipleChoice || question.type.isNumeric {
            constrained += 1
            for value in examples(of: question) {
                add(Example(nodeset: nodeset(question), value: value), pipelineVerdict(question, value))
            }
        }
        #expect(constrained >= 8, "only \(constrained) constrained questions")
        // The identity fields: the country among the reference's codes, required; the round one of
        // the declared rounds.
        for country in ["FRA", "NAM", "CIV", "", "XXX", "EUR"] {
            add(Example(nodeset: "/data/country", value: country), identityVerdict(country: country, round: "2026"))
        }
        for round in Fixtures.rounds + ["2019", "2026-b", "r2026"] {
            add(Example(nodeset: "/data/round", value: round), identityVerdict(country: "FRA", round: round))
        }

        // The form's verdict on the same examples, by lxml.
        let folder = xform.deletingLastPathComponent()
        let cases = folder.appendingPathComponent("examples.json")
        try JSONEncoder().encode(order).write(to: cases)
        let script = folder.appendingPathComponent("xform_constraints.py")
        try Data(Self.script.utf8).write(to: script)
        let result = try await run(python, [script.path, xform.path, cases.path])
        try #require(result.status == 0, "the XPath evaluation failed: \(result.output)")
        let verdicts = try JSONDecoder().decode([FormVerdict].self, from: Data(result.output.utf8))
        try #require(verdicts.count == order.count, "\(verdicts.count) verdicts for \(order.count) examples")

        var refused = 0
        var refusedBy: Set<String> = []
        for verdict in verdicts {
            let example = Example(nodeset: verdict.nodeset, value: verdict.value)
            let pipeline = try #require(expected[example], "no example \(example)")
            if verdict.verdict == "ok" {
                #expect(pipeline == "ok", "\(example.nodeset) = '\(example.value)': the form accepts it, the pipeline drops it (\(pipeline))")
            } else {
                refused += 1
                refusedBy.insert(verdict.verdict)
                let codes = Self.matchingCodes[verdict.verdict] ?? []
                #expect(
                    codes.contains(pipeline),
                    "\(example.nodeset) = '\(example.value)': the form refuses it (\(verdict.verdict): \(verdict.detail)), the pipeline says \(pipeline)"
                )
            }
        }
        // The examples exercise every kind of refusal, and both verdicts of every rule.
        #expect(refusedBy == ["constraint", "type", "list", "required"], "\(refusedBy)")
        #expect(refused > 0 && refused < verdicts.count)
        for code in ["choice-conflict", "number-out-of-range", "number-not-integer", "choice-unknown", "country-unknown", "country-missing", "round-invalid"] {
            #expect(expected.values.contains(code), "no example the pipeline drops with \(code)")
        }
    }

    /// Values a form cannot produce but the pipeline reads leniently (a label, a lowercase code,
    /// a percent sign, a round spelled loosely, a blank round): the form is stricter, never looser.
    /// docs/formats.md lists these.
    @Test func whereTheyDifferTheFormIsStricter() async throws {
        let xform = try await compiledForm()
        let python = Fixtures.venvPython
        try #require(FileManager.default.isExecutableFile(atPath: python.path), "python not found at \(python.path): run `make test`")
        let instruments = try #require(questionnaire.question(id: "ch3_instruments"))
        let percent = try #require(questionnaire.questions.first { $0.type == .percent })
        let label = try #require(instruments.choice(code: "budapest")).label.text(in: .fr)
        let lenient: [(Example, String)] = [
            (Example(nodeset: nodeset(instruments), value: label), pipelineVerdict(instruments, label)),
            (Example(nodeset: nodeset(percent), value: "50%"), pipelineVerdict(percent, "50%")),
            (Example(nodeset: "/data/country", value: "fra"), identityVerdict(country: "fra", round: "2026")),
            (Example(nodeset: "/data/country", value: "France"), identityVerdict(country: "France", round: "2026")),
            (Example(nodeset: "/data/round", value: "2026.0"), identityVerdict(country: "FRA", round: "2026.0")),
            (Example(nodeset: "/data/round", value: ""), identityVerdict(country: "FRA", round: "")),
        ]
        let folder = xform.deletingLastPathComponent()
        let cases = folder.appendingPathComponent("lenient.json")
        try JSONEncoder().encode(lenient.map(\.0)).write(to: cases)
        let script = folder.appendingPathComponent("xform_constraints.py")
        try Data(Self.script.utf8).write(to: script)
        let result = try await run(python, [script.path, xform.path, cases.path])
        try #require(result.status == 0, "the XPath evaluation failed: \(result.output)")
        let verdicts = try JSONDecoder().decode([FormVerdict].self, from: Data(result.output.utf8))
        try #require(verdicts.count == lenient.count)
        for (verdict, (example, pipeline)) in zip(verdicts, lenient) {
            #expect(pipeline == "ok", "\(example.nodeset) = '\(example.value)': the pipeline says \(pipeline)")
            #expect(verdict.verdict != "ok", "\(example.nodeset) = '\(example.value)': the form accepts it")
        }
    }

    /// The form's verdict on each example, by lxml's XPath 1.0 with ODK's `selected()` and
    /// `count-selected()` as extension functions: the bind's `required` (a blank value), the bind's
    /// type (`int`: an integer numeral; `decimal`: a decimal numeral, as JavaRosa parses them), the
    /// itemset (a select offers only its list's names), then the `constraint`, evaluated with the
    /// field's node of the primary instance as the context (ODK evaluates no constraint on a blank
    /// value).
    static let script = #"""
        import json, re, sys
        from lxml import etree

        XF = "{http://www.w3.org/2002/xforms}"
        JR = "{http://openrosa.org/javarosa}"

        def string(arg):
            """XPath string() of an argument: a node-set's first node, or a string, number or boolean."""
            if isinstance(arg, list):
                if not arg:
                    return ""
                first = arg[0]
                return str(first) if isinstance(first, str) else "".join(first.itertext())
            if isinstance(arg, bool):
                return "true" if arg else "false"
            if isinstance(arg, float):
                return str(int(arg)) if arg == int(arg) else repr(arg)
            return str(arg)

        def selected(context, items, value):
            return string(value).strip() in string(items).split()

        def count_selected(context, items):
            return float(len(string(items).split()))

        functions = etree.FunctionNamespace(None)
        functions["selected"] = selected
        functions["count-selected"] = count_selected

        def plain(element):
            """A copy of an instance without namespaces, so that /data/... paths find it."""
            copy = etree.Element(etree.QName(element).localname)
            copy.text = element.text
            for child in element:
                if isinstance(child.tag, str):
                    copy.append(plain(child))
            return copy

        form = etree.parse(sys.argv[1])
        model = form.find(f".//{XF}model")
        instances = model.findall(f"{XF}instance")
        primary = next(child for child in instances[0] if isinstance(child.tag, str))
        lists = {}
        for instance in instances[1:]:
            root = next(child for child in instance if isinstance(child.tag, str))
            lists[instance.get("id")] = [item.findtext(f"{XF}name") for item in root]
        binds = {bind.get("nodeset"): bind for bind in model.findall(f"{XF}bind")}
        itemsets = {}
        for select in form.iter(f"{XF}select", f"{XF}select1"):
            itemset = select.find(f"{XF}itemset")
            if itemset is not None:
                itemsets[select.get("ref")] = re.match(r"instance\('([^']+)'\)", itemset.get("nodeset")).group(1)

        INT = re.compile(r"[+-]?[0-9]+")
        DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")

        single = {select.get("ref") for select in form.iter(f"{XF}select1")}

        def verdict(nodeset, value):
            bind = binds[nodeset]
            if value == "":
                return ("required", "required") if bind.get("required") == "true()" else ("ok", "")
            kind = bind.get("type", "string")
            if kind == "int" and not INT.fullmatch(value):
                return "type", "int"
            if kind == "decimal" and not DECIMAL.fullmatch(value):
                return "type", "decimal"
            if nodeset in itemsets:
                names = lists[itemsets[nodeset]]
                chosen = [value] if nodeset in single else value.split()
                if any(name not in names for name in chosen):
                    return "list", itemsets[nodeset]
            constraint = bind.get("constraint")
            if constraint:
                document = etree.ElementTree(plain(primary))
                node = document.xpath(nodeset)[0]
                node.text = value
                if not node.xpath(f"boolean({constraint})"):
                    return "constraint", constraint
            return "ok", ""

        examples = json.load(open(sys.argv[2], encoding="utf-8"))
        out = []
        for example in examples:
            result, detail = verdict(example["nodeset"], example["value"])
            out.append({"nodeset": example["nodeset"], "value": example["value"], "verdict": result, "detail": detail})
        json.dump(out, sys.stdout, ensure_ascii=False)
        """#
}
