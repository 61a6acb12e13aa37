import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Issue 25 items 6–7 on the demo, run with the project's own pipeline file (its crosswalks and the
/// synthetic programmes file beside it): ta_planning.csv reads in words, its requested activities
/// and ta_requests_by_group.csv's counts recomputed here from answers.csv, both tables a sheet of
/// the workbook.
@Suite(.serialized) struct PlanningTablesEndToEndTests {
    static let run = Task { () throws -> URL in try await DemoRun.fresh("planning-tables") }

    static func table(_ output: URL, _ file: String) throws -> (header: [String], rows: [[String: String]]) {
        let records = MinimalReader.splitCSV(try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8))
        let header = records.first ?? []
        return (header, records.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
    }

    static let questionnaire = Fixtures.questionnaire
    static func labels(_ list: String) -> [(code: String, label: String)] {
        questionnaire.choices(ofList: list).map { ($0.code, $0.label[.en] ?? $0.code) }
    }

    @Test func taPlanningReadsInWords() async throws {
        let output = try await Self.run.value
        let (header, rows) = try Self.table(output, "ta_planning.csv")
        #expect(
            header == [
                "quadrant", "rank_in_quadrant", "round", "country", "country_name", "region", "subregion", "development", "special_groups",
                "area", "area_label", "pillar", "need_tier", "need", "coverage", "p_quadrant_change", "demand", "activities_requested", "institutions", "urgency",
                "already_supported_by", "support_source", "change_since_previous", "reasons",
            ])
        #expect(rows.count == 254)
        // How firm the quadrant is: ta_matrix.csv's figure for the same State and area.
        let matrix = try Self.table(output, "ta_matrix.csv").rows
        let firmness = Dictionary(uniqueKeysWithValues: matrix.map { ("\($0["country"]!) \($0["area"]!)", $0["p_quadrant_change"]!) })
        for row in rows {
            #expect(firmness["\(row["country"]!) \(row["area"]!)"] == row["p_quadrant_change"], "\(row["country"]!) \(row["area"]!)")
        }
        #expect(rows.contains { Double($0["p_quadrant_change"]!)! > 0 } && rows.contains { $0["p_quadrant_change"] == "0.000" })
        // Reasons: words only, never an ISO code, a question id, a weight or points.
        let codes = Set(Fixtures.reference.countries.map(\.iso3))
        let ids = Set(Self.questionnaire.questions.map(\.id))
        for row in rows {
            let reasons = try #require(row["reasons"])
            // A need of 0 (requested, no gap answered: scope) has no reason; every other has one.
            #expect(reasons.isEmpty == (row["need"] == "0.0"), "\(row["country"]!) \(row["area"]!)")
            if reasons.isEmpty { continue }
            let words = reasons.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
            #expect(!words.contains(where: codes.contains), "\(reasons)")
            #expect(!words.contains(where: ids.contains), "\(reasons)")
            #expect(!reasons.contains("weight") && !reasons.contains("+") && !reasons.contains("="), "\(reasons)")
            #expect(reasons.contains("(answered ") || reasons.contains("answered items with a gap"), "\(reasons)")
        }
        // The planner's words for the change since the previous round, one of the declared forms.
        let forms = ["new request", "request withdrawn", "tier up: ", "tier down: ", "quadrant was ", "unchanged", "not scored in ", "no previous round"]
        #expect(rows.allSatisfy { row in row["change_since_previous"]!.components(separatedBy: "; ").allSatisfy { part in forms.contains { part.hasPrefix($0) } } })
        #expect(Set(rows.map { $0["change_since_previous"]! }).isSuperset(of: ["unchanged", "new request", "no previous round"]))
    }

    @Test func requestedActivitiesInstitutionsAndUrgencyMatchAnswersCSV() async throws {
        let output = try await Self.run.value
        let planning = try Self.table(output, "ta_planning.csv").rows
        let answers = try Self.table(output, "answers.csv").rows
        let model = try ScoringModel.load(
            from: Fixtures.packageRoot.appendingPathComponent("Pipelines/scoring/priorities.yml"), questionnaire: Self.questionnaire)
        let urgencies = Self.labels("ta_urgency").map(\.label)
        var withActivities = 0
        for row in planning {
            let answer = try #require(answers.first { $0["round"] == row["round"] && $0["country"] == row["country"] })
            let area = try #require(model.area(id: row["area"]!))
            // The area's TA clusters: ta_<cluster>_requested of its request.
            let clusters = try #require(area.request).questionIDs.map { $0.replacingOccurrences(of: "ta_", with: "").replacingOccurrences(of: "_requested", with: "") }
            func chosen(_ aspect: String, _ list: String) -> String {
                Self.labels(list).filter { option in clusters.contains { answer["ta_\($0)_\(aspect)__\(option.code)"] == "1" } }.map(\.label)
                    .joined(separator: "; ")
            }
            #expect(row["activities_requested"] == chosen("activities", "ta_activities"), "\(row["country"]!) \(row["area"]!)")
            #expect(row["institutions"] == chosen("institution", "ta_institutions"), "\(row["country"]!) \(row["area"]!)")
            let urgency = clusters.compactMap { answer["ta_\($0)_urgency"] }.filter { !$0.isEmpty }
                .min { urgencies.firstIndex(of: $0)! < urgencies.firstIndex(of: $1)! } ?? ""
            #expect(row["urgency"] == urgency, "\(row["country"]!) \(row["area"]!)")
            if !(row["activities_requested"] ?? "").isEmpty { withActivities += 1 }
        }
        #expect(withActivities > 50)
    }

    @Test func existingSupportFromTheCountryAndFromTheSyntheticProgrammesFile() async throws {
        let output = try await Self.run.value
        let rows = try Self.table(output, "ta_planning.csv").rows
        func row(_ country: String, _ area: String) throws -> [String: String] {
            try #require(rows.first { $0["country"] == country && $0["area"] == area }, "\(country) \(area)")
        }
        // Cuba, named in the file by its name: the programme covers 2024–2027.
        #expect(try row("CUB", "prevention")["already_supported_by"] == "Synthetic programme B (Training, 2024–2027)")
        #expect(try row("CUB", "prevention")["support_source"] == "programmes")
        // Guatemala: its forensic programme (2025–) shown; its prevention one ended in 2023.
        #expect(try row("GTM", "forensics_evidence")["already_supported_by"] == "Synthetic programme A (Setting up a forensic laboratory, Training, 2025–)")
        #expect(try row("GTM", "prevention")["already_supported_by"] == "")
        // Norway: its own two ta_support entries in digital forensics and the file's in electronic evidence.
        #expect(
            try row("NOR", "forensics_evidence")["already_supported_by"]
                == "Demo donor B (Training, 2024–); Demo foundation D (Equipment, 2017–); Synthetic programme C (Training, 2023–2026)")
        #expect(try row("NOR", "forensics_evidence")["support_source"] == "country; programmes")
        #expect(rows.filter { $0["support_source"] == "country" }.count == 9)
        #expect(rows.filter { $0["support_source"] == "programmes" }.count == 10)
        #expect(rows.filter { $0["support_source"] == "country; programmes" }.count == 3)
    }

    @Test func requestsByGroupRecomputedFromAnswersCSV() async throws {
        let output = try await Self.run.value
        let (header, rows) = try Self.table(output, "ta_requests_by_group.csv")
        #expect(
            header == [
                "round", "area", "area_label", "group_type", "group_code", "n_states", "n_answered", "n_requested", "n_not_requested",
                "n_not_answered", "percent_requested", "flag", "activities", "group_name",
            ])
        let answers = try Self.table(output, "answers.csv").rows
        let reference = Fixtures.reference
        let members = reference.countries.filter { $0.unStatus == .member }
        let areas = Self.labels("ta_areas")
        #expect(areas.count == 7)
        let activityLabels = Self.labels("ta_activities")
        // World and Africa (M49 002), every round and area.
        let groups: [(type: String, code: String, contains: (Country) -> Bool)] = [
            ("world", "001", { _ in true }), ("region", "002", { $0.region == "002" }),
        ]
        var checked = 0
        for round in ["2022", "2024", "2026"] {
            for group in groups {
                let units = answers.filter { answer in
                    answer["round"] == round && members.first { $0.iso3 == answer["country"] }.map(group.contains) == true
                }
                for area in areas {
                    // 2026.3: ta_<area>_requested; older rounds: the ta_areas list, unpacked (a
                    // blank list: not answered).
                    var answered = 0
                    var requested = 0
                    var counts: [String: Int] = [:]
                    for unit in units {
                        let direct = unit["ta_\(area.code)_requested"] ?? ""
                        let reading: Bool?
                        if !direct.isEmpty {
                            reading = direct == "Yes"
                        } else if !(unit["ta_areas"] ?? "").isEmpty {
                            reading = unit["ta_areas__\(area.code)"] == "1"
                        } else {
                            reading = nil
                        }
                        guard let reading else { continue }
                        answered += 1
                        guard reading else { continue }
                        requested += 1
                        for activity in activityLabels where unit["ta_\(area.code)_activities__\(activity.code)"] == "1" {
                            counts[activity.label, default: 0] += 1
                        }
                    }
                    let activities = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                        .map { "\($0.key) \($0.value)" }.joined(separator: "; ")
                    let row = try #require(
                        rows.first { $0["round"] == round && $0["area"] == area.code && $0["group_type"] == group.type && $0["group_code"] == group.code })
                    let place = "\(round) \(area.code) \(group.code)"
                    #expect(row["area_label"] == area.label, "\(place)")
                    #expect(row["n_states"] == String(members.filter(group.contains).count), "\(place)")
                    #expect(row["n_answered"] == String(answered), "\(place)")
                    #expect(row["n_requested"] == String(requested), "\(place)")
                    #expect(row["n_not_requested"] == String(answered - requested), "\(place)")
                    #expect(row["n_not_answered"] == String(units.count - answered), "\(place)")
                    #expect(row["percent_requested"] == (answered >= 5 ? String(format: "%.1f", 100 * Double(requested) / Double(answered)) : ""), "\(place)")
                    #expect(row["activities"] == activities, "\(place)")
                    checked += 1
                }
            }
        }
        #expect(checked == 3 * 2 * 7)
        // Every row's denominators add up to the group's States with a submission (world: the
        // Member States among answers.csv's rows of the round).
        for row in rows {
            let answered = Int(row["n_answered"]!)!
            #expect(Int(row["n_requested"]!)! + Int(row["n_not_requested"]!)! == answered)
            if row["group_type"] == "world" {
                let submitted = answers.filter { answer in row["round"] == answer["round"] && members.contains { $0.iso3 == answer["country"] } }.count
                #expect(answered + Int(row["n_not_answered"]!)! == submitted, "\(row["round"]!) \(row["area"]!)")
            }
        }
        // 2026 World, legislative drafting: the demo's figures.
        let world = try #require(rows.first { $0["round"] == "2026" && $0["area"] == "legislative_drafting" && $0["group_type"] == "world" })
        #expect(world["n_answered"] == "61" && world["n_requested"] == "33" && world["n_not_answered"] == "6")
        #expect(world["activities"]?.hasPrefix("Drafting or review of legislation 16; ") == true)
    }

    /// legisurvey.xlsx, read by openpyxl: a sheet of each new table, with its header.
    @Test func theWorkbookHasASheetOfEachPlanningTable() async throws {
        let python = Fixtures.venvPython
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "python not found at \(python.path): run `make test` (its `interop` target installs openpyxl into $LEGISURVEY_VENV)")
        let output = try await Self.run.value
        let script = """
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1], read_only=True)
            for name in ("ta_planning", "ta_requests_by_group"):
                sheet = book[name]
                rows = sheet.iter_rows(values_only=True)
                print(name, sheet.max_row, "|".join(str(v) for v in next(rows)))
            """
        let result = try await ExternalProgram.run(python, ["-c", script, output.appendingPathComponent("legisurvey.xlsx").path])
        #expect(result.status == 0, "\(result.text)")
        let lines = result.text.split(separator: "\n").map(String.init)
        let planning = try Self.table(output, "ta_planning.csv")
        let requests = try Self.table(output, "ta_requests_by_group.csv")
        #expect(lines.contains("ta_planning \(planning.rows.count + 1) \(planning.header.joined(separator: "|"))"), "\(result.text)")
        #expect(lines.contains("ta_requests_by_group \(requests.rows.count + 1) \(requests.header.joined(separator: "|"))"), "\(result.text)")
    }
}
