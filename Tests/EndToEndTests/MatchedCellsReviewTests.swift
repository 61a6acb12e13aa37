import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import SurveyTransform
import Testing

/// Second reader's cases for issue 29, item 1: inputs where the matched cells could differ from
/// the general path. Each compares both paths with `MatchedCellsTests.expectSame`.
@Suite struct MatchedCellsReviewTests {
    typealias M = MatchedCellsTests

    /// A wide CSV's column into a repeat (`laws/title`) is dropped before the check
    /// (`droppingRepeatColumns`): a matched cell after it must keep its place among the answers.
    @Test func aDroppedRepeatColumnKeepsTheCellsOrder() {
        let transformer = M.transformer()
        for column in ["laws/title", "laws-title", "laws[1]/title"] {
            var lines = ["country,round,respondent_id,\(column),ch3_reform_year,ch3_main_law"]
            for row in 1...3 { lines.append("FRA,2026,R\(row),Loi \(row),201\(row),Loi n° \(row)") }
            let paths = M.bothPaths(lines.joined(separator: "\n") + "\n", name: "drop.csv", transformer: transformer)
            #expect(M.expectSame(paths, column) > 0)
        }
    }

    /// A multiple-choice question of more than 64 options: a cell naming one option past the
    /// 64th must read as that option (the bits hold 64).
    @Test func anOptionPastTheSixtyFourth() {
        var questionnaire = Fixtures.questionnaire
        let index = questionnaire.questions.firstIndex { $0.id == "ch3_instruments" }!
        for extra in 0..<70 {
            questionnaire.questions[index].choices.append(Choice(code: "extra_\(extra)", label: LocalizedText([.en: "Extra \(extra)"])))
        }
        #expect(questionnaire.questions[index].choices.count > 66)
        let transformer = M.transformer([questionnaire])
        var lines = ["country,round,respondent_id,ch3_instruments"]
        for row in 1...3 { lines.append("FRA,2026,R\(row),extra_66") }
        let paths = M.bothPaths(lines.joined(separator: "\n") + "\n", name: "wide64.csv", transformer: transformer)
        M.expectSame(paths, "64")
        #expect(paths.general.last?.answers.first { $0.questionID == "ch3_instruments" }?.value == .choices(["extra_66"]))
    }

    /// A question id of the latest version only that an older version takes as an identity field
    /// (`restricted`, taken when the questionnaire has no item of that name): a submission the
    /// older version checks must have it taken as the general path does.
    @Test func anIdentityFieldThatIsAQuestionOfTheLatestVersionOnly() {
        var older = Fixtures.questionnaire
        older.version = "2024.1"
        var newer = Fixtures.questionnaire
        newer.version = "2026.3"
        newer.questions.append(
            Question(
                id: "restricted", chapter: .legislation, type: .singleChoice, label: LocalizedText([.en: "Restricted"]),
                choices: [Choice(code: "yes", label: LocalizedText([.en: "Yes"])), Choice(code: "no", label: LocalizedText([.en: "No"]))]))
        let transformer = M.transformer([older, newer], versions: ["2024": "2024.1", "2026": "2026.3"])
        let xml = """
            <?xml version="1.0"?>
            <data id="unodc-cybercrime-survey" version="2024.1">
              <country>FRA</country><round>2024</round><respondent_id>R1</respondent_id>
              <restricted>yes</restricted>
              <ch3_reform_year>2010</ch3_reform_year>
            </data>
            """
        let paths = M.bothPaths(xml, name: "restricted.xml", transformer: transformer)
        #expect(paths.matched > 0)
        M.expectSame(paths, "restricted")
    }

    /// The readers are fed in chunks: a cell or an element's text split across chunks (CRLF
    /// and quoted line ends, entity references, multi-byte characters) is matched as a whole,
    /// at every chunk size, to what one chunk gives without a codebook.
    @Test func matchedCellsDoNotDependOnTheChunkSize() {
        let transformer = M.transformer()
        var random = SplitMix64(seed: 34)
        var matched = 0
        for file in 0..<6 {
            var csv = M.wideCSV(&random, rows: 6)
            if file % 2 == 1 { csv = csv.replacingOccurrences(of: "\n", with: "\r\n") }
            let xml = M.xformInstance(&random).replacingOccurrences(of: ">2010<", with: ">20&#49;0<")
            for (text, name) in [(csv, "chunks-\(file).csv"), (xml, "chunks-\(file).xml")] {
                var reference: [RawSubmission] = []
                let referenceFile = Extractor(respondentField: "respondent_id").extract(bytes: Array(text.utf8), path: name) {
                    reference.append($0)
                }
                let general = transformer.transform(file: reference, format: referenceFile.file.format)
                for size in [1, 2, 3, 5, 7, 64] {
                    var extractor = Extractor(chunkSize: size, respondentField: "respondent_id")
                    extractor.codebook = transformer.answerCodebook
                    var raws: [RawSubmission] = []
                    let read = extractor.extract(bytes: Array(text.utf8), path: name) { raws.append($0) }
                    matched += raws.reduce(0) { $0 + $1.matched.cells.count }
                    let restored = raws.map { raw -> RawSubmission in
                        var copy = raw
                        copy.answers = raw.matched.merged(into: raw.answers)
                        copy.matched = MatchedAnswers()
                        return copy
                    }
                    #expect(read == referenceFile, "\(name) chunk \(size)")
                    #expect(restored == reference, "\(name) chunk \(size)")
                    #expect(transformer.transform(file: raws, format: read.file.format) == general, "\(name) chunk \(size)")
                }
            }
        }
        #expect(matched > 500)
    }

    /// Guards no generated file reaches: a first data row that is HXL-like but for a code
    /// (KoboToolbox's hashtag row check must see the code), a row whose only filled cells are
    /// matched (not blank), a question-named element inside a declared repeat and a question-named
    /// `jr:template` element (neither is an answer outside repeats).
    @Test func guardsOfTheReaders() {
        let transformer = M.transformer()
        let hxl = "country,respondent_id,ch3_reform_year\n#FRA,#R1,2010\nFRA,R2,2011\n"
        #expect(M.expectSame(M.bothPaths(hxl, name: "hxl.csv", transformer: transformer), "hxl") > 0)
        let onlyMatched = "country,respondent_id,ch3_reform_year\nFRA,R1,2010\n,,2011\n"
        #expect(M.expectSame(M.bothPaths(onlyMatched, name: "only.csv", transformer: transformer), "only matched") > 0)
        let xml = """
            <data id="unodc-cybercrime-survey">
              <country>FRA</country><round>2026</round><respondent_id>R1</respondent_id>
              <ch3_specific_law jr:template="" xmlns:jr="http://openrosa.org/javarosa">yes</ch3_specific_law>
              <laws><ch3_reform_year>2010</ch3_reform_year></laws>
              <ch3_framework_sufficient>\(Fixtures.questionnaire.questions.first { $0.id == "ch3_framework_sufficient" }!.choices[0].code)</ch3_framework_sufficient>
            </data>
            """
        #expect(M.expectSame(M.bothPaths(xml, name: "guards.xml", transformer: transformer), "guards.xml") > 0)
    }
}
