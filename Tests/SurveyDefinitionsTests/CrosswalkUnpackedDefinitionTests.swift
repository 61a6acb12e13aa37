import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// Issue 25: questionnaire 2026.3 asks the technical-assistance chapter area by area. The crosswalk
/// 2026.2 → 2026.3 unpacks the multiple choice `ta_areas` into the yes / no items
/// `ta_<area>_requested` (kind `unpacked`), declares the other TA items and the `ta_support`
/// repeat new, and the chain 2022.1 → 2026.2 → 2026.3 reads a 2022 list as yes / no per area.
@Suite struct CrosswalkUnpackedDefinitionTests {
    static let folder = Fixtures.packageRoot.appendingPathComponent("Pipelines")
    static let versions: [Questionnaire] = {
        ["questionnaires/cybercrime-survey-2022.yml", "questionnaires/cybercrime-survey-2026.2.yml", "questionnaires/cybercrime-survey.yml"]
            .map { try! Questionnaire.load(from: folder.appendingPathComponent($0)) }
    }()
    static let areas = [
        "legislative_drafting", "investigations", "digital_forensics", "electronic_evidence", "judicial_training",
        "international_cooperation", "prevention_awareness",
    ]

    static func load(_ text: String) throws -> Crosswalk {
        let file = Fixtures.temporaryFolder("crosswalk-unpacked").appendingPathComponent("crosswalk.yml")
        try Data(text.utf8).write(to: file)
        return try Crosswalk.load(from: file, versions: versions)
    }

    static func refusal(_ text: String) -> String {
        do {
            _ = try load(text)
            return "loaded"
        } catch {
            return "\(error)"
        }
    }

    static let head = "from: \"2026.2\"\nto: \"2026.3\"\nchanges:\n"
    /// Every difference but the unpacked areas: the new TA items and the repeat.
    static let rest: String = {
        var text = ""
        for area in areas {
            for aspect in ["activities", "institution", "urgency"] { text += "  - new: {question: ta_\(area)_\(aspect)}\n" }
        }
        return text + "  - new: {repeat: ta_support}\n"
    }()
    static func unpacked(_ areas: [String] = areas) -> String {
        areas.map { "  - unpacked: {from: ta_areas, option: \($0), to: ta_\($0)_requested}\n" }.joined()
    }

    @Test func theVersionsAreWhatTheContractSays() throws {
        let latest = Self.versions[2]
        #expect(latest.version == "2026.3" && Self.versions[1].version == "2026.2")
        #expect(latest.question(id: "ta_areas") == nil && Self.versions[1].question(id: "ta_areas") != nil)
        for area in Self.areas {
            let requested = try #require(latest.question(id: "ta_\(area)_requested"))
            #expect(requested.type == .singleChoice && requested.choiceList == "yes_no" && requested.chapter == .technicalAssistance)
            #expect(requested.attributes == ["cluster": area, "aspect": "requested"])
            #expect(latest.question(id: "ta_\(area)_activities")?.choiceList == "ta_activities")
            #expect(latest.question(id: "ta_\(area)_activities")?.type == .multipleChoice)
            #expect(latest.question(id: "ta_\(area)_institution")?.choiceList == "ta_institutions")
            #expect(latest.question(id: "ta_\(area)_urgency")?.choiceList == "ta_urgency")
            #expect(latest.question(id: "ta_\(area)_urgency")?.attributes["aspect"] == "urgency")
        }
        #expect(latest.question(id: "ta_received") != nil && latest.question(id: "ta_provided") != nil)
        let support = try #require(latest.repeatGroup(path: ["ta_support"]))
        #expect(support.chapter == .technicalAssistance)
        #expect(support.questions.map(\.id) == ["provider", "area", "activity", "year_from", "year_to", "status"])
        #expect(support.question(id: "area")?.choices.map(\.code) == Self.areas)
        #expect(support.question(id: "status")?.choices.map(\.code) == ["ongoing", "completed"])
        #expect(support.question(id: "year_to")?.type == .integer)
    }

    @Test func theProjectsSecondStepLoads() throws {
        let crosswalk = try Crosswalk.load(
            from: Self.folder.appendingPathComponent("crosswalks/cybercrime-survey-2026.3.yml"), versions: Self.versions)
        #expect(crosswalk.from == "2026.2" && crosswalk.to == "2026.3")
        let unpacked = crosswalk.entries.compactMap { entry -> String? in
            guard case .unpacked(let from, let option, let into) = entry.change, from == "ta_areas", into == "ta_\(option)_requested" else { return nil }
            return option
        }
        #expect(unpacked == Self.areas)
        #expect(crosswalk.entries.filter { $0.change.kind == "new" }.count == 21)
        #expect(crosswalk.newRepeats == ["ta_support"])
    }

    /// The chain 2022.1 → 2026.2 → 2026.3: a 2022 list reads as yes / no per area, a blank one as
    /// not answered; the exact source of each request item is ta_areas with its option.
    @Test func theChainFrom2022ReadsTheListAreaByArea() throws {
        let first = try Crosswalk.load(from: Self.folder.appendingPathComponent("crosswalks/cybercrime-survey.yml"), versions: Self.versions)
        let second = try Crosswalk.load(
            from: Self.folder.appendingPathComponent("crosswalks/cybercrime-survey-2026.3.yml"), versions: Self.versions)
        let chain = CrosswalkChain(steps: [
            CrosswalkStep(from: Self.versions[0], to: Self.versions[1], crosswalk: first),
            CrosswalkStep(from: Self.versions[1], to: Self.versions[2], crosswalk: second),
        ])
        let read = chain.translate(["ta_areas": ["digital_forensics", "electronic_evidence"], "ch8_cert": ["yes"]])
        #expect(read["ta_digital_forensics_requested"] == ["yes"] && read["ta_electronic_evidence_requested"] == ["yes"])
        #expect(read["ta_legislative_drafting_requested"] == ["no"] && read["ta_prevention_awareness_requested"] == ["no"])
        #expect(read["ta_digital_forensics_activities"] == nil && read["ch8_cert"] == ["yes"])
        let blank = chain.translate(["ch8_cert": ["no"]])
        #expect(Self.areas.allSatisfy { blank["ta_\($0)_requested"] == nil })
        for area in Self.areas {
            #expect(chain.exactSource(of: "ta_\(area)_requested") == CrosswalkChain.ExactSource(question: "ta_areas", codes: [:], unpacked: area))
            #expect(chain.gap(of: "ta_\(area)_requested") == nil)
            #expect(chain.gap(of: "ta_\(area)_urgency") == "new")
        }
        // Comparable with a caveat, in progress and transitions alike.
        let flag = chain.flag(question: "ta_digital_forensics_requested", option: "yes")
        #expect(flag.comparable == .partial && flag.note.contains("unpacked from option `digital_forensics` of `ta_areas`"))
        #expect(chain.flag(question: "ta_digital_forensics_requested").comparable == .partial)
        #expect(chain.flag(question: "ta_digital_forensics_activities").comparable == .no)
        // ta_areas is reached (unpacked), so it is not listed as retired.
        #expect(!chain.retired.contains { $0.question.id == "ta_areas" })
    }

    @Test func theUnpackedKindIsRefusedUnlessItFits() {
        let good = Self.head + Self.unpacked() + Self.rest
        #expect(Self.refusal(good) == "loaded")
        // The first unpacked line is line 4 of the file.
        let cases: [(String, String)] = [
            ("  - unpacked: {from: ta_received, option: \"yes\", to: ta_extra}\n",
             "changes[0] (unpacked, line 4): ta_received is single_choice: unpacked reads the options of a multiple_choice question"),
            ("  - unpacked: {from: ta_areas, option: cybersecurity, to: ta_legislative_drafting_requested}\n",
             "changes[0] (unpacked, line 4): 'cybersecurity' is not an option of ta_areas in 2026.2"),
            ("  - unpacked: {from: ta_areas, option: legislative_drafting, to: ta_legislative_drafting_activities}\n",
             "changes[0] (unpacked, line 4): ta_legislative_drafting_activities must be a single_choice question with the options yes and no (it is multiple_choice"),
            ("  - unpacked: {from: ta_areas, option: legislative_drafting, to: ta_legislative_drafting_urgency}\n",
             "must be a single_choice question with the options yes and no (it is single_choice with within_12_months"),
            ("  - unpacked: {from: ta_areas, to: ta_legislative_drafting_requested}\n", "changes[0] (unpacked, line 4): option missing"),
            ("  - unpacked: {from: ta_missing, option: x, to: ta_legislative_drafting_requested}\n",
             "changes[0] (unpacked, line 4): from 'ta_missing' is not a question of 2026.2"),
            ("  - unpacked: {from: ch3_instruments, option: budapest, to: ta_legislative_drafting_requested}\n",
             "ch3_instruments is still a question of 2026.3: unpacked replaces it"),
        ]
        for (entry, expected) in cases {
            let message = Self.refusal(Self.head + entry + Self.unpacked(Array(Self.areas.dropFirst())) + Self.rest)
            #expect(message.contains(expected), "\(entry): \(message)")
            #expect(message.contains("crosswalk.yml"), "\(message)")
        }
        // The same option twice.
        let twice = Self.head + Self.unpacked() + "  - unpacked: {from: ta_areas, option: investigations, to: ta_investigations_requested}\n" + Self.rest
        #expect(Self.refusal(twice).contains("changes[7] (unpacked, line 11): option investigations of ta_areas is unpacked twice"), "\(Self.refusal(twice))")
        // ta_areas unpacked and retired too.
        let mixed = Self.head + Self.unpacked() + "  - retired: {question: ta_areas}\n" + Self.rest
        #expect(Self.refusal(mixed).contains("ta_areas is declared twice (unpacked and retired)"), "\(Self.refusal(mixed))")
    }

    /// "Every difference is declared": the unpacked entries account for ta_areas and the request
    /// items; without them the loader names what is missing.
    @Test func unpackedAccountsForTheListAndTheRequestItems() {
        let none = Self.refusal(Self.head + Self.rest)
        #expect(none.contains("ta_areas of 2026.2 is not in 2026.3: declare it renamed, split, merged, unpacked or retired"), "\(none)")
        let oneMissing = Self.refusal(Self.head + Self.unpacked(Array(Self.areas.dropLast())) + Self.rest)
        #expect(oneMissing.contains("ta_prevention_awareness_requested of 2026.3 is not in 2026.2: declare it"), "\(oneMissing)")
        let noRepeat = Self.refusal(Self.head + Self.unpacked() + Self.rest.replacingOccurrences(of: "  - new: {repeat: ta_support}\n", with: ""))
        #expect(noRepeat.contains("repeat ta_support of 2026.3 is not in 2026.2: declare it new"), "\(noRepeat)")
    }
}
