import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

/// Issue 18, part 2: the crosswalk between two questionnaire versions is data, checked against
/// both versions when it is loaded.
@Suite struct CrosswalkDefinitionTests {
    static let folder = Fixtures.packageRoot.appendingPathComponent("Pipelines")
    static let versions: [Questionnaire] = {
        // The step this file declares: 2022.1 → 2026.2 (2026.3 follows, CrosswalkUnpackedDefinitionTests).
        ["questionnaires/cybercrime-survey-2022.yml", "questionnaires/cybercrime-survey-2026.2.yml"].map {
            try! Questionnaire.load(from: folder.appendingPathComponent($0))
        }
    }()

    static func load(_ text: String) throws -> Crosswalk {
        let file = Fixtures.temporaryFolder("crosswalk").appendingPathComponent("crosswalk.yml")
        try Data(text.utf8).write(to: file)
        return try Crosswalk.load(from: file, versions: versions)
    }

    /// The message of the definition error `text` is refused with.
    static func refusal(_ text: String) -> String {
        do {
            _ = try load(text)
            return "loaded"
        } catch {
            return "\(error)"
        }
    }

    /// The newer version of the step, as the refusals name it.
    static var latest: String { versions[1].version }

    static let head = """
        from: "2022.1"
        to: "\(latest)"
        changes:

        """
    static let complete = """
          - renamed: {from: ch3_framework_adequate, to: ch3_framework_sufficient}
          - split: {from: ch4_fraud_identity, to: [ch4_fraud_forgery, ch4_identity_offences]}
          - option_added: {question: ch3_instruments, option: un_convention}
          - new: {repeat: laws}
          - new: {repeat: practices}

        """

    @Test func theProjectsCrosswalkLoads() throws {
        let crosswalk = try Crosswalk.load(
            from: Self.folder.appendingPathComponent("crosswalks/cybercrime-survey.yml"), versions: Self.versions)
        #expect(crosswalk.from == "2022.1" && crosswalk.to == "2026.2")
        #expect(crosswalk.entries.map(\.change.kind) == ["renamed", "split", "option_added"])
        #expect(crosswalk.entries[1].change == .split(from: "ch4_fraud_identity", into: ["ch4_fraud_forgery", "ch4_identity_offences"], options: [:]))
    }

    @Test func everyKindIsRead() throws {
        // Against the project's versions, with every difference declared and the other kinds
        // checked for what they name.
        let crosswalk = try Self.load(Self.head + Self.complete)
        #expect(crosswalk.entries.count == 3)
        for (entry, expected) in [
            ("- option_recoded: {question: ch3_instruments, from: budapest, to: malabo}", "loaded"),
            ("- option_removed: {question: ch3_instruments, option: budapest}", "still an option"),
            ("- retired: {question: ch8_cert}", "still a question of 2026.2"),
            ("- new: {question: ch8_cert}", "already a question of 2022.1"),
            ("- merged: {from: [ch8_cert, ch8_awareness], to: ch8_strategy, prefer: [\"yes\"]}", "prefer must list every option"),
        ] {
            let message = Self.refusal(Self.head + Self.complete + "  " + entry + "\n")
            #expect(message.contains(expected), "\(entry): \(message)")
        }
    }

    /// Unknown ids and options are definition errors naming the file and the entry.
    @Test func unknownIdsAndOptionsNameTheFileAndTheEntry() {
        let cases: [(String, String)] = [
            ("  - renamed: {from: ch3_framework_missing, to: ch3_framework_sufficient}\n",
             "changes[0] (renamed, line 4): from 'ch3_framework_missing' is not a question of 2022.1"),
            ("  - renamed: {from: ch3_framework_adequate, to: ch3_framework_typo}\n",
             "changes[0] (renamed, line 4): to 'ch3_framework_typo' is not a question of 2026.2"),
            ("  - option_added: {question: ch3_instruments, option: treaty_x}\n",
             "changes[0] (option_added, line 4): 'treaty_x' is not an option of ch3_instruments in 2026.2"),
            ("  - split: {from: ch4_fraud_identity, to: [ch4_fraud_forgery, ch4_identity_offences], options: {ch4_fraud_forgery: {general: generic}}}\n",
             "changes[0] (split, line 4): 'generic' is not an option of ch4_fraud_forgery in 2026.2"),
            ("  - widened: {question: ch3_instruments}\n", "changes[0]: unknown kind 'widened'"),
        ]
        for (entry, expected) in cases {
            let message = Self.refusal(Self.head + entry)
            #expect(message.contains(expected), "\(message)")
            #expect(message.contains("crosswalk.yml"), "\(message)")
        }
    }

    /// A difference the crosswalk does not declare is refused, naming the item or option.
    @Test func anUndeclaredDifferenceIsRefused() {
        let withoutOption = Self.head + """
              - renamed: {from: ch3_framework_adequate, to: ch3_framework_sufficient}
              - split: {from: ch4_fraud_identity, to: [ch4_fraud_forgery, ch4_identity_offences]}

            """
        #expect(Self.refusal(withoutOption).contains("option 'un_convention' of ch3_instruments is new in 2026.2"))
        let withoutRename = Self.head + """
              - split: {from: ch4_fraud_identity, to: [ch4_fraud_forgery, ch4_identity_offences]}
              - option_added: {question: ch3_instruments, option: un_convention}

            """
        #expect(Self.refusal(withoutRename).contains("ch3_framework_adequate of 2022.1 is not in 2026.2"))
        let backwards = """
            from: "2026.2"
            to: "2022.1"
            changes: []

            """
        #expect(Self.refusal(backwards).contains("must be consecutive versions"))
    }
}

/// Issue 20: a top-level repeat group the newer version adds is declared `new: {repeat: id}`,
/// one the older had and the newer lacks `retired: {repeat: id}`; nothing else about repeats.
@Suite struct CrosswalkRepeatDefinitionTests {
    typealias C = CrosswalkDefinitionTests

    @Test func theProjectsCrosswalkDeclaresTheNewRepeats() throws {
        let crosswalk = try Crosswalk.load(
            from: C.folder.appendingPathComponent("crosswalks/cybercrime-survey.yml"), versions: C.versions)
        #expect(crosswalk.newRepeats == ["laws", "practices"])
        #expect(crosswalk.retiredRepeats.isEmpty)
        // Repeats are not question entries: nothing in progress or transitions names them.
        #expect(!crosswalk.entries.contains { $0.change.kind == "new" })
    }

    @Test func aNewRepeatMustBeDeclaredAndOnlyAsARepeat() {
        let questions = """
              - renamed: {from: ch3_framework_adequate, to: ch3_framework_sufficient}
              - split: {from: ch4_fraud_identity, to: [ch4_fraud_forgery, ch4_identity_offences]}
              - option_added: {question: ch3_instruments, option: un_convention}

            """
        #expect(C.refusal(C.head + questions + "  - new: {repeat: laws}\n").contains(
            "repeat practices of \(C.latest) is not in 2022.1: declare it new (new: {repeat: practices})"))
        let cases: [(String, String)] = [
            ("- new: {question: laws}", "'laws' is not a question of \(C.latest) (it is a repeat group: declare it as new: {repeat: laws}"),
            ("- new: {repeat: ch8_cert}", "changes[3] (new, line 7): repeat 'ch8_cert' is not a repeat group of \(C.latest)"),
            ("- retired: {repeat: laws}", "changes[3] (retired, line 7): repeat 'laws' is not a repeat group of 2022.1"),
            ("- renamed: {repeat: laws}", "a repeat group can only be new or retired"),
            ("- new: {repeat: laws, question: ch8_cert}", "a repeat entry names only repeat:"),
            ("- new: {repeat: laws}\n  - new: {repeat: laws}", "repeat laws is declared new twice"),
        ]
        for (entry, expected) in cases {
            let message = C.refusal(C.head + questions + "  " + entry + "\n  - new: {repeat: practices}\n")
            #expect(message.contains(expected), "\(entry): \(message)")
            #expect(!message.contains("\n"), "\(message)")
        }
    }

    @Test func aRepeatGoneFromTheNewerVersionMustBeDeclaredRetired() throws {
        var older = Fixtures.questionnaire
        older.version = "1"
        var newer = Fixtures.questionnaire
        newer.version = "2"
        newer.repeats.removeAll { $0.id == "practices" }
        // Sub-questions of a repeat both versions have may change without a declaration.
        newer.repeats[0].questions.removeAll { $0.id == "url" }
        let file = Fixtures.temporaryFolder("crosswalk").appendingPathComponent("crosswalk.yml")
        func load(_ changes: String) throws -> Crosswalk {
            try Data("from: \"1\"\nto: \"2\"\nchanges:\n\(changes)".utf8).write(to: file)
            return try Crosswalk.load(from: file, versions: [older, newer])
        }
        #expect(throws: DefinitionError.self) { try load("  []\n") }
        do {
            _ = try load("  []\n")
        } catch {
            #expect("\(error)".contains("repeat practices of 1 is not in 2: declare it retired (retired: {repeat: practices})"))
        }
        let loaded = try load("  - retired: {repeat: practices}\n")
        #expect(loaded.retiredRepeats == ["practices"])
        #expect(loaded.newRepeats.isEmpty)
    }
}
