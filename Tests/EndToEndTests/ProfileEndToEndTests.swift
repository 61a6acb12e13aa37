import Foundation
import GRDB
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// The country profiles of the demo run (issue 21): every answer a profile's JSON shows is the
/// store's, read independently (SQL on the store file, not the project's reads), for one State per
/// format family; and every profile and the index validate against the JSON Schemas in docs/ with
/// the `jsonschema` validator of the interop venv.
@Suite(.serialized) struct ProfileEndToEndTests {
    /// The demo run with the project's pipeline file (its rounds, crosswalks, groups and headline
    /// list); the output folder.
    static func demoRun() async throws -> URL { try await DemoRun.fresh("profiles") }

    static let shared = Task { try await demoRun() }

    /// A JSON file as plain dictionaries and arrays (JSONSerialization, not the project's types).
    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any], "\(url.path)")
    }

    /// An answer reduced to comparable text: sorted option codes, or the number, or the text.
    static func key(options: [String], number: Double?, text: String?) -> String {
        if !options.isEmpty { return "options:" + options.sorted().joined(separator: ",") }
        if let number { return "number:\(number)" }
        return "text:\(text ?? "")"
    }

    /// The State's accepted submission in each round: key and file, read with SQL.
    static func submissions(_ db: Database, country: String) throws -> [String: (key: Int64, file: String)] {
        var result: [String: (key: Int64, file: String)] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT s.key, s.round, f.path FROM submission s JOIN source_file f ON f.id = s.file_id
                WHERE s.status = 'accepted' AND s.country = ? AND s.respondent IS NULL
                """, arguments: [country])
        {
            result[row[1] as String] = (row[0] as Int64, row[2] as String)
        }
        return result
    }

    /// The profiles' JSON is written by ``PrettyJSON``, not JSONEncoder (for speed): every profile
    /// and the index of the demo, read back, are JSONEncoder's bytes for the same value.
    @Test func everyProfileIsJSONEncodersText() async throws {
        let output = try await Self.shared.value
        let folder = output.appendingPathComponent("countries")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        var compared = 0
        for name in names {
            let written = try Data(contentsOf: folder.appendingPathComponent(name))
            let again: Data
            if name == "index.json" {
                again = try encoder.encode(JSONDecoder().decode(CountryProfileIndex.self, from: written))
            } else {
                again = try encoder.encode(JSONDecoder().decode(CountryProfile.self, from: written))
            }
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: again, as: UTF8.self) + "\n", "\(name)")
            compared += 1
        }
        // Every State with a profile, and the index.
        let index = try JSONDecoder().decode(CountryProfileIndex.self, from: Data(contentsOf: folder.appendingPathComponent("index.json")))
        let profiles = index.regions.flatMap(\.countries).filter(\.hasProfile).count
        #expect(profiles > 50)
        #expect(compared == profiles + 1, "files compared: \(compared), profiles: \(profiles)")
    }

    /// A State is in an answer-defined group (the demo pipeline's `budapest_parties`: chose
    /// `budapest` in ch3_instruments) exactly when its latest round's answer, as its own profile
    /// lists it, chose the option, and it is in the population.
    @Test func answerDefinedGroupsFollowTheProfilesOwnAnswers() async throws {
        let output = try await Self.shared.value
        let folder = output.appendingPathComponent("countries")
        var members = 0
        var others = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        where name.hasSuffix(".json") && name != "index.json" {
            let profile = try JSONDecoder().decode(CountryProfile.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
            let chosen = profile.rounds.filter { $0.round == profile.latestRound }.flatMap(\.chapters).flatMap(\.items)
                .filter { $0.question == "ch3_instruments" }.flatMap(\.answers).contains { $0.options.contains("budapest") }
            let member = profile.country.groups.contains { $0.code == "custom:budapest_parties" }
            #expect(member == (chosen && profile.country.inPopulation), "\(name)")
            if member { members += 1 } else { others += 1 }
        }
        #expect(members > 5 && others > 5, "members \(members), others \(others)")
    }

    @Test func everyAnswerOfThreeProfilesIsTheStoresOnePerFormatFamily() async throws {
        let output = try await Self.shared.value
        let queue = try DatabaseQueue(path: output.appendingPathComponent("store.sqlite").path)
        // One State per format family: its latest (2026) submission read from a native XML file, a
        // CSV file (the long layout, which carries laws) and an XForm instance.
        let families = [("demo-1-xml/", "XML"), ("demo-3-long.csv", "CSV"), ("demo-6-odk-instances/", "XForm instance")]
        let chosen: [(country: String, family: String)] = try await queue.read { db in
            var chosen: [(country: String, family: String)] = []
            for (prefix, family) in families {
                let country = try String.fetchOne(
                    db,
                    sql: """
                        SELECT s.country FROM submission s JOIN source_file f ON f.id = s.file_id
                        WHERE s.status = 'accepted' AND s.round = '2026' AND f.path LIKE ? || '%'
                          AND EXISTS (SELECT 1 FROM repeat_answer r WHERE r.submission_key = s.key)
                        ORDER BY s.country LIMIT 1
                        """, arguments: [prefix])
                chosen.append((try #require(country, "no accepted 2026 submission with laws from \(prefix)"), family))
            }
            return chosen
        }
        #expect(Set(chosen.map(\.country)).count == 3)
        var comparedAnswers = 0, comparedLaws = 0
        for (country, family) in chosen {
            let profile = try Self.json(output.appendingPathComponent("countries/\(country).json"))
            let rounds = try #require(profile["rounds"] as? [[String: Any]])
            let stored = try await queue.read { db in try Self.submissions(db, country: country) }
            #expect(Set(rounds.filter { $0["answered"] as? Bool == true }.map { $0["round"] as! String }) == Set(stored.keys), "\(country)")
            for round in rounds where round["answered"] as? Bool == true {
                let name = round["round"] as! String
                let submission = try #require(stored[name])
                // The store: question id → answer.
                let answers: [String: (options: [String], number: Double?, text: String?)] = try await queue.read { db in
                    var answers: [String: (options: [String], number: Double?, text: String?)] = [:]
                    for row in try Row.fetchAll(
                        db, sql: "SELECT question_id, option, number, text FROM answer WHERE submission_key = ?", arguments: [submission.key])
                    {
                        let id: String = row[0]
                        var entry = answers[id] ?? ([], nil, nil)
                        if let option = row[1] as String? { entry.options.append(option) }
                        if let number = row[2] as Double? { entry.number = number }
                        if let text = row[3] as String? { entry.text = text }
                        answers[id] = entry
                    }
                    return answers
                }
                // The JSON: question id → its one answer (no respondent key in the demo).
                var shown: [String: String] = [:]
                for chapter in try #require(round["chapters"] as? [[String: Any]]) {
                    for item in try #require(chapter["items"] as? [[String: Any]]) {
                        let list = try #require(item["answers"] as? [[String: Any]])
                        #expect(list.count <= 1, "\(country) \(name) \(item["question"]!): more than one answer")
                        guard let answer = list.first else { continue }
                        shown[item["question"] as! String] = Self.key(
                            options: answer["options"] as? [String] ?? [], number: (answer["number"] as? NSNumber)?.doubleValue,
                            text: answer["text"] as? String)
                    }
                }
                let expected = answers.mapValues { Self.key(options: $0.options, number: $0.number, text: $0.text) }
                for (question, value) in expected.sorted(by: { $0.key < $1.key }) {
                    #expect(shown[question] == value, "\(family) \(country) \(name): \(question) stored \(value), JSON \(shown[question] ?? "not answered")")
                }
                for question in shown.keys.sorted() where expected[question] == nil {
                    Issue.record("\(family) \(country) \(name): \(question) answered in the JSON, not in the store")
                }
                comparedAnswers += expected.count
            }
            // Laws of the latest round: every field of every law, both ways.
            let latest = profile["latestRound"] as! String
            let submission = try #require(stored[latest])
            let laws: [Int: [String: [String]]] = try await queue.read { db in
                var laws: [Int: [String: [String]]] = [:]
                for row in try Row.fetchAll(
                    db,
                    sql: "SELECT path, question_id, option, number, text FROM repeat_answer WHERE submission_key = ? AND path LIKE 'laws[%' AND path NOT LIKE '%/%'",
                    arguments: [submission.key])
                {
                    let path: String = row[0]
                    let index = try #require(Int(path.dropFirst("laws[".count).dropLast()))
                    let value: String
                    if let option = row[2] as String? { value = option }
                    else if let number = row[3] as Double? { value = String(Int(number)) }
                    else { value = row[4] as String? ?? "" }
                    laws[index, default: [:]][row[1] as String, default: []].append(value)
                }
                return laws
            }
            let shownLaws = try #require(profile["laws"] as? [[String: Any]])
            #expect(shownLaws.map { $0["index"] as! Int } == laws.keys.sorted(), "\(country): the laws listed")
            for law in shownLaws {
                let fields = laws[law["index"] as! Int] ?? [:]
                var shown: [String: [String]] = [:]
                for (key, field) in [("title", "title"), ("titleEnglish", "title_en"), ("citation", "citation"), ("url", "url")] {
                    if let text = law[key] as? String, !text.isEmpty { shown[field] = [text] }
                }
                for (key, field) in [("yearAdopted", "year_adopted"), ("yearAmended", "year_amended"), ("expectedYear", "expected_year")] {
                    if let year = law[key] as? Int { shown[field] = [String(year)] }
                }
                for (key, field) in [("type", "type"), ("status", "status")] {
                    if let code = (law[key] as? [String: Any])?["code"] as? String { shown[field] = [code] }
                }
                for (key, field) in [("acts", "acts"), ("powers", "powers")] {
                    let codes = (law[key] as? [[String: Any]] ?? []).map { $0["code"] as! String }
                    if !codes.isEmpty { shown[field] = codes }
                }
                #expect(shown.mapValues { $0.sorted() } == fields.mapValues { $0.sorted() }, "\(family) \(country) laws[\(law["index"]!)]")
                comparedLaws += 1
            }
        }
        #expect(comparedAnswers > 100)
        #expect(comparedLaws >= 3)
    }

    @Test func everyDemoProfileAndTheIndexValidateAgainstTheSchemas() async throws {
        let output = try await Self.shared.value
        let folder = output.appendingPathComponent("countries")
        let profiles = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".json") && $0 != "index.json"
        }.sorted()
        #expect(profiles.count >= 70)
        let python = Fixtures.venvPython
        // Never skipped: without the venv's validator the test fails and says what to run.
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record("python not found at \(python.path): run `make interop` (installs jsonschema of requirements-interop.txt into $LEGISURVEY_VENV, default ~/.cache/legisurvey/venv)")
            return
        }
        let docs = Fixtures.packageRoot.appendingPathComponent("docs")
        let script = """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                sys.exit("jsonschema is not installed in this venv: run `make interop`")
            docs, folder = sys.argv[1], sys.argv[2]
            def load(path):
                with open(path, encoding="utf-8") as f:
                    return json.load(f)
            profile = jsonschema.Draft202012Validator(load(docs + "/country-profile.schema.json"))
            index = jsonschema.Draft202012Validator(load(docs + "/country-profile-index.schema.json"))
            profile.check_schema(profile.schema)
            index.check_schema(index.schema)
            failures = 0
            for name in sys.argv[3:]:
                validator = index if name == "index.json" else profile
                for error in validator.iter_errors(load(folder + "/" + name)):
                    failures += 1
                    print(f"{name}: {'/'.join(map(str, error.absolute_path))}: {error.message}", file=sys.stderr)
            print(len(sys.argv) - 3)
            sys.exit(1 if failures else 0)
            """
        let scriptFile = output.appendingPathComponent("validate_profiles.py")
        try Data(script.utf8).write(to: scriptFile)
        let run = try await ExternalProgram.run(python, [scriptFile.path, docs.path, folder.path, "index.json"] + profiles)
        #expect(run.status == 0, "\(run.errors.prefix(4000))")
        #expect(run.text.trimmingCharacters(in: .whitespacesAndNewlines) == String(profiles.count + 1))
    }

    @Test func theProfilesFollowTheDemoRunsFigures() async throws {
        let output = try await Self.shared.value
        let index = try Self.json(output.appendingPathComponent("countries/index.json"))
        let regions = try #require(index["regions"] as? [[String: Any]])
        let entries = regions.flatMap { $0["countries"] as? [[String: Any]] ?? [] }
        // Every Member State of the population is listed with its status in every round.
        #expect(entries.filter { $0["inPopulation"] as? Bool == true }.count == 193)
        #expect(entries.allSatisfy { ($0["status"] as? [[String: Any]])?.count == 3 })
        let withProfiles = entries.filter { $0["hasProfile"] as? Bool == true }.map { $0["iso3"] as! String }.sorted()
        let files = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("countries").path)
            .filter { $0.hasSuffix(".json") && $0 != "index.json" }.map { String($0.dropLast(5)) }.sorted()
        #expect(withProfiles == files)
        // A profile's numeric answer carries its unit; the headline list is the pipeline file's.
        let profile = try Self.json(output.appendingPathComponent("countries/\(files[0]).json"))
        let headline = try #require(profile["headline"] as? [[String: Any]])
        #expect(headline.map { $0["question"] as! String } == [
            "ch3_specific_law", "ch4_illegal_access", "ch5_search_basis", "ch6_evidence_admissibility", "ch7_mla_bases", "ch8_strategy",
            "ta_legislative_drafting_requested",
        ])
        let latest = try #require((profile["rounds"] as? [[String: Any]])?.first { $0["round"] as? String == profile["latestRound"] as? String })
        let items = (latest["chapters"] as? [[String: Any]] ?? []).flatMap { $0["items"] as? [[String: Any]] ?? [] }
        let days = try #require(items.first { $0["question"] as? String == "ch7_response_days" })
        #expect((days["unit"] as? [String: String])?["en"] == "days")
    }
}
