import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

/// Issue 29, item 1: the readers match cells to codes as libxml2 and libcsv hand them on
/// (`AnswerCodebook`), and Transform reads matched cells straight into answers. Both must give
/// exactly what the general path gives. Each test reads generated files twice, with the
/// transformer's codebook and without, and compares the submissions (answers, their order and
/// locations, diagnostics, the sender's language) and what the reader handed on once its matched
/// cells are put back as raw answers. Every test also checks that cells were matched at all.
@Suite struct MatchedCellsTests {
    static let rounds = ["2024", "2026"]

    static func transformer(_ questionnaires: [Questionnaire] = [Fixtures.questionnaire], versions: [String: String] = [:]) -> Transformer {
        Transformer(
            questionnaires: questionnaires, roundVersions: versions, reference: Fixtures.reference, defaultRound: "2026",
            respondentField: "respondent_id", rounds: rounds)
    }

    struct Paths {
        var fast: [Submission]
        var general: [Submission]
        var fastRaw: [RawSubmission]
        var generalRaw: [RawSubmission]
        var fastFile: ExtractedFile
        var generalFile: ExtractedFile
        var matched: Int { fastRaw.reduce(0) { $0 + $1.matched.cells.count } }
    }

    static func bothPaths(_ text: String, name: String, transformer: Transformer) -> Paths {
        var extractor = Extractor(respondentField: "respondent_id")
        var generalRaw: [RawSubmission] = []
        let generalFile = extractor.extract(bytes: Array(text.utf8), path: name) { generalRaw.append($0) }
        extractor.codebook = transformer.answerCodebook
        var fastRaw: [RawSubmission] = []
        let fastFile = extractor.extract(bytes: Array(text.utf8), path: name) { fastRaw.append($0) }
        return Paths(
            fast: transformer.transform(file: fastRaw, format: fastFile.file.format),
            general: transformer.transform(file: generalRaw, format: generalFile.file.format),
            fastRaw: fastRaw, generalRaw: generalRaw, fastFile: fastFile, generalFile: generalFile)
    }

    /// Compares the two paths of one file; returns the matched cells.
    @discardableResult
    static func expectSame(_ paths: Paths, _ context: String) -> Int {
        #expect(paths.fastFile == paths.generalFile, "\(context)")
        // The reader: its matched cells put back are the raw answers the general reader made.
        let restored = paths.fastRaw.map { raw -> RawSubmission in
            var copy = raw
            copy.answers = raw.matched.merged(into: raw.answers)
            copy.matched = MatchedAnswers()
            return copy
        }
        #expect(restored == paths.generalRaw, "\(context)")
        #expect(paths.fast.count == paths.general.count, "\(context)")
        for (fast, general) in zip(paths.fast, paths.general) where fast != general {
            #expect(fast.answers == general.answers, "\(context) \(general.id)")
            #expect(fast.diagnostics == general.diagnostics, "\(context) \(general.id)")
            if ProcessInfo.processInfo.environment["MATCHED_DEBUG"] != nil {
                for change in fast.diagnostics.difference(from: general.diagnostics) { print("DIFF \(context) \(change)") }
                for change in fast.answers.difference(from: general.answers) { print("DIFF \(context) \(change)") }
            }
            #expect(fast == general, "\(context) \(general.id)")
        }
        return paths.matched
    }

    // MARK: Generated spellings

    /// A value a sender may write for `question`: mostly what the codebook reads (codes, labels
    /// as written, plain numbers), and every way of writing it that it must leave to the general
    /// path (case, padding, other normal forms, separators, numbers out of range or written
    /// otherwise, partial labels, nonsense).
    static func spelling(_ question: Question, _ random: inout SplitMix64) -> String {
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        func choiceText(_ choice: Choice) -> String {
            switch random.next() % 10 {
            case 0, 1, 2, 3: return choice.code
            case 4: return choice.code.uppercased()
            case 5: return choice.label[pick(Language.allCases)] ?? choice.code
            case 6: return (choice.label[pick(Language.allCases)] ?? choice.code).decomposedStringWithCanonicalMapping
            case 7: return " \(choice.label[.en] ?? choice.code)\u{00A0}"
            case 8: return String((choice.label[.fr] ?? choice.code).prefix(7))
            default: return (choice.label[.en] ?? choice.code).lowercased()
            }
        }
        switch question.type {
        case .singleChoice, .legalForm:
            if random.next() % 12 == 0 { return pick(["not a choice", "", "  ", "yes; no", "Yes", "oui", "Sí"]) }
            return choiceText(pick(question.choices))
        case .multipleChoice:
            if random.next() % 12 == 0 { return pick(["nothing", "", " | ", ";;", "none", "none | \(question.choices[0].code)"]) }
            let count = 1 + Int(random.next() % 3)
            let parts = (0..<count).map { _ in choiceText(pick(question.choices)) }
            return parts.joined(separator: pick([" | ", ";", "|", " ", "; ", " ;", "\n", ", ", "  "]))
        case .integer, .year, .decimal, .percent:
            return pick([
                "12", "0", "-0", "007", "2019", "1800", "3000", "1,000", "1 000", "12.5", "12,5", "12%", "45 %",
                "999999999999999", "9999999999999999", "abc", " 12", "12 ", "", "+5", "-3", "\(random.next() % 400)",
                "\(random.next() % 100)", "2\(random.next() % 30 + 1990)",
            ])
        case .text:
            return pick(["A law, \"quoted\"", "line one\nline two", "  padded  ", "", "Loi n° 2015-12", "法律", "<&>"])
        }
    }

    static func csvCell(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static let countries = ["FRA", "BRA", "KEN", "JPN", "India", "Côte d'Ivoire", "XXX", ""]

    /// A wide CSV file: identity columns, a shuffled choice of question columns (some headed by a
    /// label, a split option column, an unknown and a metadata column), `rows` rows of generated
    /// spellings, sometimes a blank row, a short row or a last row cut short.
    static func wideCSV(_ random: inout SplitMix64, rows: Int, questionnaire: Questionnaire = Fixtures.questionnaire) -> String {
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        var questions = questionnaire.questions.filter { _ in random.next() % 4 != 0 }
        questions.shuffle(using: &random)
        var header = ["country", "round", "respondent_id", "_note"] + questions.map(\.id)
        var extra: [(header: String, question: Question?)] = []
        // Another column naming a question already there (by its label), a split option column of
        // a multiple-choice question, a column no question has: the general path decides each.
        if random.next() % 3 == 0, let named = questions.randomElement(using: &random), let label = named.label[.en] {
            extra.append((label, named))
        }
        if random.next() % 3 == 0, let multiple = questions.first(where: { $0.type == .multipleChoice }) {
            extra.append(("\(multiple.id)/\(multiple.choices[0].code)", nil))
        }
        if random.next() % 3 == 0 { extra.append(("zz_unknown", nil)) }
        header += extra.map(\.header)
        var lines = [header.map(csvCell).joined(separator: ",")]
        for row in 0..<rows {
            if random.next() % 15 == 0 { lines.append("") }
            var cells = [pick(countries), pick(rounds + ["2026", "2025", ""]), "R\(row)", "synthetic"]
            cells += questions.map { spelling($0, &random) }
            cells += extra.map { column in column.question.map { spelling($0, &random) } ?? pick(["1", "0", "x", ""]) }
            if random.next() % 20 == 0 { cells.removeLast(Int(random.next() % UInt64(cells.count - 1))) }
            lines.append(cells.map(csvCell).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + (random.next() % 4 == 0 ? "" : "\n")
    }

    static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// An XForm instance: identity fields, the questions in their chapters' groups (sometimes
    /// straight under the root, sometimes a chapter group twice, which no form declares a repeat),
    /// declared repeats, empty fields, `meta`.
    static func xformInstance(_ random: inout SplitMix64, version: String = "2026.3", round: String = "2026") -> String {
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        var xml = "<?xml version=\"1.0\"?>\n<data id=\"unodc-cybercrime-survey\" version=\"\(version)\">\n"
        xml += "  <country>\(xmlEscaped(pick(countries)))</country>\n  <round>\(round)</round>\n"
        xml += "  <respondent_id>R\(random.next() % 1000)</respondent_id>\n"
        let questionnaire = Fixtures.questionnaire
        var chapters: [String: [Question]] = [:]
        for question in questionnaire.questions where random.next() % 5 != 0 {
            chapters["ch\(question.chapter.rawValue)", default: []].append(question)
        }
        for chapter in chapters.keys.sorted() {
            let questions = chapters[chapter]!
            let times = random.next() % 10 == 0 ? 2 : 1
            for _ in 0..<times {
                let grouped = random.next() % 6 != 0
                if grouped { xml += "  <\(chapter)>\n" }
                for question in questions {
                    let value = spelling(question, &random)
                    xml += value.isEmpty && random.next() % 2 == 0
                        ? "    <\(question.id)/>\n" : "    <\(question.id)>\(xmlEscaped(value))</\(question.id)>\n"
                }
                if grouped { xml += "  </\(chapter)>\n" }
            }
        }
        for repeatGroup in questionnaire.repeats where random.next() % 2 == 0 {
            for _ in 0..<(1 + random.next() % 2) {
                xml += "  <\(repeatGroup.id)>\n"
                for question in repeatGroup.questions {
                    xml += "    <\(question.id)>\(xmlEscaped(spelling(question, &random)))</\(question.id)>\n"
                }
                xml += "  </\(repeatGroup.id)>\n"
            }
        }
        xml += "  <meta><instanceID>uuid:\(random.next())</instanceID></meta>\n</data>\n"
        return xml
    }

    // MARK: Tests

    @Test func wideCSVGivesWhatTheGeneralPathGives() {
        var random = SplitMix64(seed: 29)
        let transformer = Self.transformer()
        var matched = 0
        for file in 0..<40 {
            let text = Self.wideCSV(&random, rows: 12)
            matched += Self.expectSame(Self.bothPaths(text, name: "wide-\(file).csv", transformer: transformer), "wide-\(file)")
        }
        #expect(matched > 2000)
    }

    @Test func xformInstancesGiveWhatTheGeneralPathGives() {
        var random = SplitMix64(seed: 30)
        let transformer = Self.transformer()
        var matched = 0
        for file in 0..<120 {
            let text = Self.xformInstance(&random)
            matched += Self.expectSame(Self.bothPaths(text, name: "instance-\(file).xml", transformer: transformer), "instance-\(file)")
        }
        #expect(matched > 1200)
    }

    /// The questionnaire's checks take each question's answer from where Transform put it (by
    /// the question's plan, issue 29), not by searching the answers: on both paths, every accepted
    /// submission's firings are, in order, what ``ConsistencyCheck/evaluate(_:country:submissionID:)``
    /// finds scanning its answers for each check's two questions.
    @Test func consistencyChecksAreThoseOfAScanOfTheAnswers() {
        var random = SplitMix64(seed: 2917)
        let transformer = Self.transformer()
        let checks = transformer.questionnaire.checks
        #expect(checks.count > 5)
        var fired = 0
        var silent = 0
        for file in 0..<60 {
            let paths =
                file % 2 == 0
                ? Self.bothPaths(Self.wideCSV(&random, rows: 12), name: "checks-\(file).csv", transformer: transformer)
                : Self.bothPaths(Self.xformInstance(&random), name: "checks-\(file).xml", transformer: transformer)
            for submission in paths.fast + paths.general where submission.status == .accepted {
                let firings = submission.diagnostics.filter { ConsistencyCheck.firing($0) != nil }.map { firing -> Diagnostic in
                    var copy = firing
                    copy.country = nil
                    copy.senderLanguage = nil
                    return copy
                }
                let scanned = checks.compactMap { $0.evaluate(submission.answers, country: submission.country, submissionID: submission.id) }
                #expect(firings == scanned, "\(submission.id)")
                fired += scanned.count
                silent += checks.count - scanned.count
            }
        }
        // Both outcomes, many times over.
        #expect(fired > 100 && silent > 100, "\(fired) fired, \(silent) silent")
    }

    /// Rounds answering different questionnaire versions: the codebook is the latest round's
    /// version's; a submission another version checks has its cells read the general way.
    @Test func anotherVersionReadsMatchedCellsTheGeneralWay() {
        var older = Fixtures.questionnaire
        older.version = "2024.1"
        // The older version lists fewer options and no longer bounds a number alike.
        for index in older.questions.indices where older.questions[index].type.hasChoices && older.questions[index].choices.count > 2 {
            older.questions[index].choices.removeLast()
        }
        var newer = Fixtures.questionnaire
        newer.version = "2026.3"
        let transformer = Self.transformer([older, newer], versions: ["2024": "2024.1", "2026": "2026.3"])
        var random = SplitMix64(seed: 31)
        var matched = 0
        for file in 0..<30 {
            let round = file % 2 == 0 ? "2024" : "2026"
            let text = Self.xformInstance(&random, version: round == "2024" ? "2024.1" : "2026.3", round: round)
            matched += Self.expectSame(Self.bothPaths(text, name: "v-\(file).xml", transformer: transformer), "v-\(file)")
            let csv = Self.wideCSV(&random, rows: 6)
            matched += Self.expectSame(Self.bothPaths(csv, name: "v-\(file).csv", transformer: transformer), "v-\(file).csv")
        }
        #expect(matched > 500)
    }

    /// The codebook reads what the general path reads, cell by cell, with no diagnostic: every
    /// question, every generated spelling, one submission each.
    @Test func everyMatchedCellIsTheGeneralPathsAnswer() {
        let transformer = Self.transformer()
        let codebook = transformer.answerCodebook
        var random = SplitMix64(seed: 32)
        var matched = 0
        var declined = 0
        for question in Fixtures.questionnaire.questions {
            for _ in 0..<60 {
                let value = Self.spelling(question, &random)
                let raw = RawSubmission(
                    location: SourceLocation(file: "one.csv", line: 2), format: .wideCSV, ordinal: 1,
                    country: RawValue("FRA", at: SourceLocation(file: "one.csv", line: 2, column: 1)),
                    answers: [
                        RawAnswer(field: "respondent_id", values: ["R1"], location: SourceLocation(file: "one.csv", line: 2, column: 2)),
                        RawAnswer(field: question.id, values: [value], location: SourceLocation(file: "one.csv", line: 2, column: 3)),
                    ])
                let general = transformer.transform(raw)
                guard let slot = codebook.slot(forField: question.id),
                    let found = Array(value.utf8).withUnsafeBufferPointer({ codebook.match(slot, $0) })
                else {
                    declined += 1
                    continue
                }
                var fast = raw
                fast.answers.removeLast()
                fast.matched.codebook = codebook
                fast.matched.file = "one.csv"
                fast.matched.text = Array(value.utf8)
                fast.matched.cells = [
                    MatchedCell(slot: slot, order: 1, line: 2, column: 3, textStart: 0, textCount: Int32(value.utf8.count), value: found)
                ]
                let read = transformer.transform(fast)
                #expect(read == general, "\(question.id): \(value.debugDescription)")
                // Nothing said about the value itself (a check between answers may still fire).
                let aboutValue = general.diagnostics.filter { $0.questionID == question.id && $0.code != .consistencyCheck && $0.code != .consistencyNote }
                #expect(aboutValue.isEmpty, "\(question.id): \(value.debugDescription): \(aboutValue.map(\.code))")
                matched += 1
            }
        }
        #expect(matched > 2000)
        #expect(declined > 1000)
    }

    /// A cell's order survives the identity fields taken out before it and the repeat answers
    /// separated from it: the answers keep the order of the file.
    @Test func answersKeepTheirOrderAroundTakenFields() {
        let transformer = Self.transformer()
        var random = SplitMix64(seed: 33)
        var matched = 0
        for file in 0..<60 {
            // Identity fields and repeats between the questions, in every position.
            var lines = ["<data id=\"f\">"]
            var questions = Fixtures.questionnaire.questions.filter { _ in random.next() % 3 == 0 }
            questions.shuffle(using: &random)
            var inserts = ["<country>FRA</country>", "<round>2026</round>", "<respondent_id>R\(file)</respondent_id>",
                "<restricted>no</restricted>", "<laws><title>Loi</title><year>2010</year></laws>", "<unknown_field>x</unknown_field>"]
            inserts.shuffle(using: &random)
            for question in questions {
                if !inserts.isEmpty && random.next() % 4 == 0 { lines.append(inserts.removeLast()) }
                lines.append("<\(question.id)>\(Self.xmlEscaped(Self.spelling(question, &random)))</\(question.id)>")
            }
            lines += inserts
            lines.append("</data>")
            matched += Self.expectSame(
                Self.bothPaths(lines.joined(separator: "\n"), name: "order-\(file).xml", transformer: transformer), "order-\(file)")
        }
        #expect(matched > 300)
    }
}
