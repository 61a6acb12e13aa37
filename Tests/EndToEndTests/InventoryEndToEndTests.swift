// The legislation inventory end to end (issue 20): a reader that reports repeat groups (here a
// test reader of JSON lines, so the run does not wait for the project's readers), the
// Transform, the store's repeat_answer rows, the file cache on the next run, a complement's laws,
// and the three tables and `explain law` made from them.
import Foundation
import SurveyDefinitions
import SurveyExtract
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// JSON lines (`.laws`): `{"country": "FRA", "round": "2026", "answers": {...}, "laws": [{...}],
/// "practices": [{...}]}`, one submission per line; an answer inside `laws` is reported in group
/// `laws` at its 1-based position, a list value as one raw answer per option.
struct InventoryLinesReader: SubmissionReader {
    static let format = SourceFormat(rawValue: "inventory-lines")!
    var name: String { "inventory lines" }
    var extensions: [String] { ["laws"] }
    var formats: [SourceFormat] { [Self.format] }
    var selectableFormats: [SourceFormat] { [Self.format] }

    func read(_ input: SubmissionInput, _ submit: (RawSubmission) -> Void) -> ReaderResult {
        var bytes: [UInt8] = []
        while let chunk = input.next() { bytes += chunk }
        var ordinal = 0
        for (offset, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let country = object["country"] as? String
            else { continue }
            let here = SourceLocation(file: input.path, line: offset + 1)
            var answers = (object["answers"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map {
                RawAnswer(field: $0.key, values: [$0.value], location: here)
            }
            for group in ["laws", "practices"] {
                for (index, entry) in (object[group] as? [[String: Any]] ?? []).enumerated() {
                    for (field, value) in entry.sorted(by: { $0.key < $1.key }) {
                        let values = value as? [String] ?? [value as? String ?? ""]
                        for single in values {
                            answers.append(RawAnswer(field: field, values: [single], location: here, groups: [group], groupPositions: [index + 1]))
                        }
                    }
                }
            }
            ordinal += 1
            submit(
                RawSubmission(
                    location: here, format: Self.format, ordinal: ordinal, country: RawValue(country, at: here),
                    round: (object["round"] as? String).map { RawValue($0, at: here) }, answers: answers))
        }
        return ReaderResult(format: Self.format, diagnostics: [])
    }
}

@Suite struct InventoryEndToEndTests {
    static let france = """
        {"country": "FRA", "round": "2026", \
        "answers": {"ch4_illegal_interception": "cyber_specific", "ch4_spam": "cyber_specific", "ch5_search_basis": "general"}, \
        "laws": [{"title": "Loi 1", "title_en": "Law 1", "type": "act", "status": "in_force", "year_adopted": "2004", \
        "acts": ["ch4_illegal_interception"], "powers": ["search"]}, \
        {"title": "Projet", "type": "draft_bill", "status": "draft", "acts": ["ch4_spam", "ch4_illegal_interception"], "expected_year": "2027"}], \
        "practices": [{"kind": "good_practice", "chapter": "ch5", "title": "=cmd"}]}
        {"country": "KEN", "round": "2026", "answers": {"ch8_cert": "yes"}}

        """
    static let correction = """
        {"country": "FRA", "round": "2026", "answers": {"ch8_cert": "yes"}, \
        "laws": [{"title": "Loi corrigée", "type": "act", "status": "in_force", "acts": ["ch4_spam"]}]}

        """

    func lines(_ output: URL, _ file: String) throws -> [String] {
        try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test func lawsGoFromTheInboxToTheTablesAndAComplementReplacesThem() async throws {
        let folder = Fixtures.temporaryFolder("inventory-e2e")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("inbox")
        let output = folder.appendingPathComponent("out")
        try Fixtures.write(["fra.laws": Self.france], in: input)
        let file = try Fixtures.pipelineFile(
            in: folder, input: input, output: output, extra: "complements: [\"fix/**\"]\n")
        let readers = try ReaderRegistry.standard.registering(InventoryLinesReader())
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file.path, readers: readers))
        let first = try await pipeline.run()
        #expect(first.total.accepted == 2 && first.total.isBalanced)
        #expect(first.total.answersKept == 3 + 15 + 1, "FRA's ordinary answers, its repeat answers (a multiple choice is one), KEN's")

        #expect(try lines(output, "legislation.csv") == [
            "round,country,law_index,title,title_en,type,status,year_adopted,year_amended,citation,url,acts,powers,expected_year,source,profile",
            "2026,FRA,1,Loi 1,Law 1,act,in_force,2004,,,,ch4_illegal_interception,search,,fra.laws:1,countries/FRA.html",
            "2026,FRA,2,Projet,,draft_bill,draft,,,,,ch4_illegal_interception;ch4_spam,,2027,fra.laws:1,countries/FRA.html",
        ])
        let byAct = try lines(output, "legislation_by_act.csv")
        #expect(byAct.first == "round,country,kind,code,label,laws,law_titles,cyber_specific_law,statuses")
        #expect(byAct.dropFirst().map { $0.components(separatedBy: ",").prefix(4).joined(separator: ",") } == [
            "2026,FRA,act,ch4_illegal_interception", "2026,FRA,act,ch4_spam", "2026,FRA,power,search",
        ])
        #expect(byAct.contains { $0.hasPrefix("2026,FRA,act,ch4_illegal_interception,") && $0.hasSuffix(",1;2,Law 1 | Projet,yes,in_force;draft") })
        #expect(byAct.contains { $0.hasPrefix("2026,FRA,act,ch4_spam,") && $0.hasSuffix(",2,Projet,no,draft") }, "only a draft bill covers it")
        #expect(byAct.contains { $0.hasPrefix("2026,FRA,power,search,") && $0.hasSuffix(",1,Law 1,no,in_force") }, "the legal basis answered general")
        #expect(try lines(output, "practices.csv") == [
            "round,country,practice_index,kind,chapter,title,description,institution,year,link,source",
            "2026,FRA,1,good_practice,ch5,'=cmd,,,,,fra.laws:1",
        ])

        // The next run reuses fra.laws from the file cache and a complement replaces France's laws
        // (its practices stay); the merged law names the complement's file.
        try Fixtures.write(["fix/fra.laws": Self.correction], in: input)
        let second = try await pipeline.run()
        #expect(second.filesReused >= 1)
        #expect(second.total.accepted == 2 && second.total.superseded == 1 && second.total.isBalanced)
        #expect(try lines(output, "legislation.csv").dropFirst() == ["2026,FRA,1,Loi corrigée,,act,in_force,,,,,ch4_spam,,,fix/fra.laws:1,countries/FRA.html"])
        #expect(try lines(output, "practices.csv").dropFirst() == ["2026,FRA,1,good_practice,ch5,'=cmd,,,,,fra.laws:1"])
        // The merge note names the repeat it replaced, as it names replaced questions.
        let merged = try lines(output, "validation_report.csv").filter { $0.contains("submission-merged") }
        #expect(merged.count == 1 && merged[0].contains("1 added, 1 replaced (added: ch8_cert)"), "\(merged)")
        #expect(merged.first?.contains("on laws, answered before, this complement's answer wins") == true, "\(merged)")
        let explained = try await pipeline.explainLaws(country: "FRA", round: nil).text
        #expect(explained.contains("title          Loi corrigée  [fix/fra.laws:1]"), "\(explained)")
        #expect(try await pipeline.explainLaws(country: "KEN", round: nil).text.hasSuffix("no laws listed\n"))

        // A run with the file gone: its laws go with it.
        try FileManager.default.removeItem(at: input.appendingPathComponent("fix"))
        try FileManager.default.removeItem(at: input.appendingPathComponent("fra.laws"))
        try Fixtures.write(["ken.laws": "{\"country\": \"KEN\", \"round\": \"2026\", \"answers\": {\"ch8_cert\": \"yes\"}}\n"], in: input)
        _ = try await pipeline.run()
        #expect(try lines(output, "legislation.csv").count == 1, "the header alone")
    }
}
