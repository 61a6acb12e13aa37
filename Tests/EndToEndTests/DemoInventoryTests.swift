import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SurveyDefinitions
import SurveyModel
@testable import SurveySamples
import SurveyTestSupport
import Testing

/// The demo's legislation inventory (issue 20, part 6), read back without the project's readers
/// (Foundation's XMLParser, ZIPFoundation and a hand-written CSV splitter): the laws the shipped
/// files list, the interim round, and the generator's record of what it planted between the
/// rounds, which must be exactly the differences between the files.
@Suite struct DemoInventoryTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")

    /// One law as written: field → values (one per selected option), keyed across rounds by its citation.
    typealias Law = [String: [String]]

    /// Every law a file lists, by citation (each citation names its country's ISO3).
    static func laws(in path: String) throws -> [String: Law] {
        let data = try Data(contentsOf: input.appendingPathComponent(path))
        var entries: [Law] = []
        if path.hasSuffix(".zip") {
            let tables = try MinimalReader.zipEntries(data)
            let name = try #require(tables.keys.first { $0.hasSuffix("-laws.csv") }, "\(path): no laws table")
            var rows = MinimalReader.splitCSV(String(decoding: tables[name]!, as: UTF8.self))
            let header = rows.removeFirst()
            // Keys as Central writes them: PARENT_KEY the instance id, KEY `<instanceID>/laws[n]`.
            #expect(Array(header.suffix(2)) == ["PARENT_KEY", "KEY"])
            var occurrences: [String: Int] = [:]
            for row in rows where row.count == header.count {
                var law: Law = [:]
                for (column, cell) in zip(header, row) where !cell.isEmpty && !column.contains("/") && column != "PARENT_KEY" && column != "KEY" {
                    law[column] = column == "acts" || column == "powers" ? cell.components(separatedBy: " ") : [cell]
                }
                let parent = row[header.count - 2]
                occurrences[parent, default: 0] += 1
                #expect(row[header.count - 1] == "\(parent)/laws[\(occurrences[parent]!)]")
                entries.append(law)
            }
        } else if path.hasSuffix(".csv") {
            var rows = MinimalReader.splitCSV(String(decoding: data, as: UTF8.self))
            let header = rows.removeFirst()
            let q = header.firstIndex(of: "question_id")!, v = header.firstIndex(of: "value")!, c = header.firstIndex(of: "country")!
            let index = try #require(header.firstIndex(of: "repeat_index"))
            var byKey: [String: Law] = [:]
            var order: [String] = []
            for row in rows where row.count == header.count && row[q].hasPrefix("laws/") {
                let key = row[c] + "#" + row[index]
                if byKey[key] == nil { order.append(key) }
                byKey[key, default: [:]][String(row[q].dropFirst(5)), default: []].append(row[v])
            }
            entries = order.map { byKey[$0]! }
        } else {
            let collector = LawCollector()
            let parser = XMLParser(data: data)
            parser.delegate = collector
            #expect(parser.parse(), "\(path)")
            entries = collector.laws
        }
        var result: [String: Law] = [:]
        for var law in entries {
            law["_parent"] = nil
            let citation = try #require(law["citation"]?.first, "\(path): a law without a citation")
            #expect(result[citation] == nil, "\(path): two laws cite \(citation)")
            result[citation] = law
        }
        return result
    }

    /// Native XML (`<answer question="laws"><entry>…`) and XForm instances (`<laws>…</laws>`).
    final class LawCollector: NSObject, XMLParserDelegate {
        var laws: [Law] = []
        private var stack: [String] = []
        private var inLaw = false
        private var law: Law = [:]
        private var field: String?
        private var text = ""
        private var values: [String] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            let parent = stack.last
            stack.append(name == "answer" ? "answer:" + (attributes["question"] ?? "") : name)
            text = ""
            if !inLaw && (name == "laws" || (name == "entry" && parent == "answer:laws")) {
                inLaw = true
                law = [:]
            } else if inLaw && name == "answer" {
                field = attributes["question"]
                values = []
            } else if inLaw && name != "value" && name != "entry" {
                field = name
                values = []
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
            guard inLaw else { return }
            if name == "value" {
                values.append(text)
            } else if (name == "laws" && stack.last != "answer:laws") || name == "entry" {
                laws.append(law)
                inLaw = false
            } else if let field {
                let all = values.isEmpty ? [text] : values
                if field == "acts" || field == "powers" {
                    law[field] = all.flatMap { $0.split(separator: " ").map(String.init) }
                } else if !text.isEmpty || !values.isEmpty {
                    law[field] = all
                }
                self.field = nil
            }
        }
    }

    struct Planted {
        var country, kind, key, field, before, after, fileBefore, fileAfter: String
        var title = ""
    }

    static func planted() throws -> [Planted] {
        let text = try String(contentsOf: input.appendingPathComponent(SampleGenerator.plantedDevelopmentsFile), encoding: .utf8)
        var rows = MinimalReader.splitCSV(text)
        let header = rows.removeFirst()
        #expect(header.prefix(4) == ["country", "development", "law_key", "law_title_en"])
        func cell(_ row: [String], _ name: String) -> String { row[header.firstIndex(of: name)!] }
        return rows.filter { $0.count == header.count }.map {
            Planted(
                country: cell($0, "country"), kind: cell($0, "development"), key: cell($0, "law_key"), field: cell($0, "field"),
                before: cell($0, "before"), after: cell($0, "after"), fileBefore: cell($0, "file_before"), fileAfter: cell($0, "file_after"),
                title: cell($0, "law_title_en"))
        }
    }

    /// The files of the current round that carry laws (the superseded original of the revision
    /// left out) and of the interim round.
    static func files() throws -> (current: [String], interim: [String]) {
        let all = try FileManager.default.subpathsOfDirectory(atPath: input.path).sorted()
            .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".csv") || $0.hasSuffix(".zip") }
        let revised = all.filter { $0.hasPrefix("demo-4-revisions/") }.map { "demo-1-xml/" + ($0 as NSString).lastPathComponent.replacingOccurrences(of: "-revised", with: "") }
        let current = all.filter {
            ($0.hasPrefix("demo-1-xml/") && !revised.contains($0)) || $0.hasPrefix("demo-4-revisions/") || $0 == "demo-3-long.csv"
                || $0.hasPrefix("demo-6-odk-instances/") || $0 == SampleGenerator.centralArchive
        }
        return (current, all.filter { $0.hasPrefix("demo-10-interim-2024/") })
    }

    /// The record names ten developments, two of each kind, in several formats of the current
    /// round, and each one is what the files show for that law (found by its citation).
    @Test func thePlantedRecordMatchesTheFiles() throws {
        let planted = try Self.planted()
        #expect(planted.count == 10)
        #expect(Dictionary(grouping: planted, by: \.kind).mapValues(\.count)
            == ["draft_became_law": 2, "amended": 2, "law_added": 2, "law_repealed": 2, "act_newly_covered": 2])
        #expect(Set(planted.map(\.fileAfter).map { String($0.prefix(6)) }).count >= 4, "developments in several formats")
        for item in planted {
            let before = try Self.laws(in: item.fileBefore)[item.key]
            let after = try #require(try Self.laws(in: item.fileAfter)[item.key], "\(item.key) in \(item.fileAfter)")
            #expect(item.key.contains(item.country))
            switch item.kind {
            case "law_added":
                #expect(before == nil, "\(item.key)")
            case "draft_became_law":
                #expect(before?["status"] == ["draft"] && after["status"] == ["in_force"], "\(item.key)")
                #expect(before?["year_adopted"] == nil && after["year_adopted"] != nil, "\(item.key)")
            case "amended":
                #expect(before?["year_amended"]?.first ?? "" == item.before && after["year_amended"] == [item.after], "\(item.key)")
            case "law_repealed":
                #expect(before?["status"] == [item.before] && after["status"] == ["repealed"], "\(item.key)")
            case "act_newly_covered":
                #expect(!(before?["acts"] ?? []).contains(item.after) && after["acts"]?.contains(item.after) == true, "\(item.key)")
            default:
                Issue.record("unknown development \(item.kind)")
            }
        }
    }

    /// "Exactly what was planted": every law of the interim round's countries, compared field by
    /// field with the current round, differs only where the record says.
    @Test func nothingElseChangedBetweenTheRounds() throws {
        let (current, interim) = try Self.files()
        #expect(interim.count >= 20 && interim.count <= 28, "about one respondent in three: \(interim.count)")
        var now: [String: Law] = [:]
        for file in current { now.merge(try Self.laws(in: file)) { a, _ in a } }
        var then: [String: Law] = [:]
        for file in interim { then.merge(try Self.laws(in: file)) { a, _ in a } }
        let countries = Set(then.keys.map { String($0.split(separator: ",").first!.suffix(3)) })
        var changed = Set<String>()
        for key in Set(now.keys).union(then.keys) where countries.contains(String(key.split(separator: ",").first!.suffix(3))) {
            guard let old = then[key], let new = now[key] else {
                changed.insert(key + " (law)")
                continue
            }
            for field in Set(old.keys).union(new.keys) where old[field] != new[field] { changed.insert(key + " " + field) }
        }
        var expected = Set<String>()
        for item in try Self.planted() {
            switch item.kind {
            case "law_added": expected.insert(item.key + " (law)")
            case "draft_became_law": expected.formUnion(["status", "year_adopted", "expected_year"].map { item.key + " " + $0 })
            default: expected.insert(item.key + " " + item.field)
            }
        }
        #expect(changed == expected)
    }

    /// Most countries of the formats that carry repeats list 1–4 laws; some list none, some answer
    /// with zero laws; links are at the fake domain; every law keeps a type and a status of the lists.
    /// Acceptance (issue 20): `developments.csv` on the demo lists exactly what the generator
    /// planted, no more: each planted change is one row of the matching kind, with the law, the
    /// values before and after, and the files on both sides.
    @Test func developmentsListExactlyWhatWasPlanted() async throws {
        let (_, output) = try await PriorityEndToEndTests.shared.value
        let rows = try PriorityEndToEndTests.rows(output.appendingPathComponent("developments.csv"))
        let planted = try Self.planted()
        #expect(planted.count == 10)
        #expect(rows.count == planted.count, "\(rows.map { "\($0["country"]!) \($0["kind"]!)" })")
        // The generator's words for what it did, and the kind of development each must show as.
        let kinds = [
            "draft_became_law": "status_changed", "amended": "amended", "law_added": "law_added", "law_repealed": "repealed",
            "act_newly_covered": "act_newly_covered",
        ]
        func file(_ source: String?) -> String { source.map { String($0.split(separator: ":").first ?? "") } ?? "" }
        for change in planted {
            let kind = try #require(kinds[change.kind], "unknown planted kind \(change.kind)")
            let matching = rows.filter { $0["country"] == change.country && $0["kind"] == kind }
            try #require(matching.count == 1, "\(change.country) \(kind): \(matching.count) rows")
            let row = matching[0]
            #expect(row["round_from"] == "2024" && row["round_to"] == "2026")
            #expect(row["law"]?.components(separatedBy: " | ").contains(change.title) == true, "\(change.country): \(row["law"] ?? "")")
            if !change.before.isEmpty { #expect(row["old_value"] == change.before, "\(change.country) \(kind)") }
            if !change.after.isEmpty { #expect(row["new_value"] == change.after, "\(change.country) \(kind)") }
            if kind != "law_added" && kind != "act_newly_covered" { #expect(file(row["source_from"]) == change.fileBefore) }
            #expect(file(row["source_to"]) == change.fileAfter, "\(change.country) \(kind)")
        }
    }

    @Test func mostCountriesListLaws() throws {
        let (current, _) = try Self.files()
        var all: [String: Law] = [:]
        for file in current { all.merge(try Self.laws(in: file)) { a, _ in a } }
        let byCountry = Dictionary(grouping: all.keys, by: { String($0.split(separator: ",").first!.suffix(3)) })
        #expect(byCountry.count >= 30)
        #expect(byCountry.values.allSatisfy { (1...5).contains($0.count) })
        #expect(all.values.allSatisfy { $0["url"]?.first?.hasPrefix("https://legislation.example/") == true })
        let questionnaire = Fixtures.questionnaire
        let laws = try #require(questionnaire.repeats.first { $0.id == "laws" })
        for (field, values) in [("type", all.values.compactMap { $0["type"]?.first }), ("status", all.values.compactMap { $0["status"]?.first })] {
            let codes = Set(try #require(laws.question(id: field)).choices.map(\.code))
            #expect(Set(values).isSubset(of: codes))
        }
        let statuses = Set(all.values.compactMap { $0["status"]?.first })
        #expect(statuses.isSuperset(of: ["in_force", "draft", "repealed"]))
        #expect(all.values.contains { $0["status"] == ["draft"] && $0["expected_year"] != nil })
        let zero = try FileManager.default.contentsOfDirectory(atPath: Self.input.appendingPathComponent("demo-1-xml").path)
            .filter { try String(contentsOf: Self.input.appendingPathComponent("demo-1-xml/" + $0), encoding: .utf8).contains("<answer question=\"laws\"/>") }
        #expect(!zero.isEmpty, "some countries answer with zero laws")
    }

    /// The deliberate exceptions of the consistency check: the act is covered by none of the
    /// country's listed laws, and the country lists at least one.
    @Test func theRecordedInconsistenciesAreInTheFiles() throws {
        let text = try String(contentsOf: Self.input.appendingPathComponent(SampleGenerator.plantedInconsistenciesFile), encoding: .utf8)
        var rows = MinimalReader.splitCSV(text)
        let header = rows.removeFirst()
        #expect(header.prefix(4) == ["country", "act", "round", "file"])
        let items = rows.filter { $0.count == header.count }
        #expect(items.count == 3)
        for row in items {
            let laws = try Self.laws(in: row[3]).filter { $0.key.contains(row[0]) }
            #expect(!laws.isEmpty && laws.values.allSatisfy { !($0["acts"] ?? []).contains(row[1]) }, "\(row)")
        }
    }

    /// The inbox walk skips the generator's records (`.txt`): they are not submissions.
    @Test func theRecordsAreNotSubmissions() {
        #expect(SampleGenerator.plantedDevelopmentsFile.hasSuffix(".txt") && SampleGenerator.plantedInconsistenciesFile.hasSuffix(".txt"))
    }

    /// Same seed, same bytes, the Central archive included; another seed, other laws.
    @Test func theInventoryIsDeterministic() throws {
        let definitions = try PipelineDefinitions.load(path: Fixtures.packageRoot.appendingPathComponent("Pipelines/default.yml").path)
        func write(_ seed: UInt64, _ name: String) throws -> (URL, [String]) {
            let folder = Fixtures.temporaryFolder(name)
            var generator = SampleGenerator(
                questionnaire: definitions.questionnaire, reference: definitions.reference, population: definitions.population, seed: seed,
                countries: 30, round: "2026")
            generator.declaredRounds = definitions.configuration.rounds
        generator.answerInterim(in: generator.interimRoundID.map { definitions.questionnaire(forRound: $0) })
            generator.answerInterim(in: generator.interimRoundID.map { definitions.questionnaire(forRound: $0) })
            return (folder, try generator.write(to: folder))
        }
        let (a, files) = try write(7, "inventory-a")
        let (b, again) = try write(7, "inventory-b")
        #expect(files == again)
        #expect(files.contains(SampleGenerator.centralArchive) && files.contains { $0.hasPrefix("demo-10-interim-2024/") })
        for path in files {
            #expect(try Data(contentsOf: a.appendingPathComponent(path)) == Data(contentsOf: b.appendingPathComponent(path)), "\(path)")
        }
    }
}
