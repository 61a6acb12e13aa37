import Foundation
import SurveyExtract
import SurveyModel
import SurveyTestSupport
import Testing

/// Repeat groups as each reader hands them on (issue 20): the local field, the repeat ids from
/// the outside in (`groups`) and each one's occurrence (`groupPositions`), and the diagnostics of
/// repeats that cannot be placed. The reader conformance suite checks 0, 1 and 3 occurrences and
/// a nested repeat in every format (`ReaderConformance.checkRepeats`).
@Suite struct RepeatReaderTests {
    func summary(_ answers: [RawAnswer]) -> [String] {
        answers.filter { !$0.groups.isEmpty }.map { answer in
            zip(answer.groups, answer.groups.indices.map { answer.position(ofGroup: $0) }).map { "\($0)[\($1)]" }
                .joined(separator: "/") + "/\(answer.field)=\(answer.values.joined(separator: "+"))"
        }
    }

    // MARK: Native XML

    @Test func nativeXMLEntriesAreOccurrences() throws {
        let (submissions, file) = extract(
            """
            <submissions>
              <submission country="BRA" round="2026">
                <answer question="ch3_specific_law">yes</answer>
                <answer question="laws">
                  <entry>
                    <answer question="title">Lei 12.737</answer>
                    <answer question="acts"><value>ch4_illegal_access</value><value>ch4_spam</value></answer>
                  </entry>
                  <entry/>
                  <entry>
                    <answer question="title">Lei 14.155</answer>
                    <answer question="amendments"><entry><answer question="year">2021</answer></entry></answer>
                  </entry>
                </answer>
                <answer question="practices"/>
                <answer question="ch8_cert">yes</answer>
              </submission>
            </submissions>
            """)
        #expect(file.diagnostics.isEmpty, "\(file.diagnostics.map(\.message))")
        let submission = try #require(submissions.first)
        #expect(submission.diagnostics.isEmpty, "\(submission.diagnostics.map(\.message))")
        #expect(
            summary(submission.answers) == [
                "laws[1]/title=Lei 12.737", "laws[1]/acts=ch4_illegal_access+ch4_spam", "laws[3]/title=Lei 14.155",
                "laws[3]/amendments[1]/year=2021",
            ])
        // The inner answer's own place; the answers after the repeat are ordinary again.
        let title = try #require(submission.answers.first { $0.field == "title" })
        #expect(title.location.line == 6 && (title.location.column ?? 0) >= 1)
        #expect(submission.answers.filter { $0.groups.isEmpty && !$0.isEmpty }.map(\.field) == ["ch3_specific_law", "ch8_cert"])
    }

    @Test func nativeXMLUnknownElementInsideAnEntryIsReported() throws {
        let (submissions, _) = extract(
            """
            <submissions><submission country="BRA">
              <answer question="laws"><entry><note>x</note><answer question="title">T</answer></entry><bogus/></answer>
            </submission></submissions>
            """)
        let submission = try #require(submissions.first)
        #expect(submission.diagnostics.map(\.code) == [.xmlUnexpectedElement, .xmlUnexpectedElement])
        #expect(submission.diagnostics.allSatisfy { $0.questionID == "laws" })
        #expect(summary(submission.answers) == ["laws[1]/title=T"])
    }

    // MARK: XForm instances

    @Test func xformInstanceGroupPositionsAndTheTemplateCopy() throws {
        let (submissions, file) = extract(
            """
            <data xmlns:jr="http://openrosa.org/javarosa" id="cybercrime">
              <ch3><ch3_specific_law>yes</ch3_specific_law></ch3>
              <inventory>
                <laws jr:template=""><title>template title</title></laws>
                <laws><title>A</title><amendments><year>2019</year></amendments><amendments><year>2021</year></amendments></laws>
                <laws><title>B</title><amendments><year>2024</year></amendments></laws>
              </inventory>
              <meta><instanceID>uuid:x</instanceID></meta>
            </data>
            """)
        #expect(file.diagnostics.isEmpty)
        let submission = try #require(submissions.first)
        let answers = submission.answers
        #expect(!answers.contains { $0.values.contains("template title") })
        #expect(
            summary(answers) == [
                "ch3[1]/ch3_specific_law=yes", "inventory[1]/laws[1]/title=A", "inventory[1]/laws[1]/amendments[1]/year=2019",
                "inventory[1]/laws[1]/amendments[2]/year=2021", "inventory[1]/laws[2]/title=B",
                "inventory[1]/laws[2]/amendments[1]/year=2024",
            ])
        // Positions are per parent: the second law's first amendment is amendments[1], whatever
        // the first law held. repeatIndex keeps counting by path, as Transform's refusal of
        // undeclared repeats expects.
        #expect(answers.first { $0.values == ["2024"] }?.groupPositions == [1, 2, 1])
        #expect(answers.first { $0.values == ["B"] }?.repeatIndex == 2)
        #expect(answers.first { $0.values == ["yes"] }?.repeatIndex == nil)
        #expect(answers.first { $0.values == ["yes"] }?.groupPositions == [1])
    }

    // MARK: Long CSV

    @Test func longCSVRepeatIndex() throws {
        let (submissions, file) = extract(
            """
            country,round,question_id,repeat_index,value
            BRA,2026,ch3_specific_law,,yes
            BRA,2026,laws/title,2,Lei 14.155
            BRA,2026,laws/amendments/year,2/1,2021
            BRA,2026,laws/title,0,zero
            BRA,2026,laws/title,2/1,too many
            BRA,2026,laws/amendments/year,2,too few
            BRA,2026,ch8_cert,1,no repeat
            BRA,2026,laws/title,x,letters
            """, path: "long.csv")
        #expect(file.diagnostics.isEmpty)
        let submission = try #require(submissions.first)
        #expect(summary(submission.answers) == ["laws[2]/title=Lei 14.155", "laws[2]/amendments[1]/year=2021"])
        #expect(submission.answers.first?.field == "ch3_specific_law")
        let problems = submission.diagnostics
        #expect(problems.map(\.code) == Array(repeating: .repeatIndexInvalid, count: 5))
        #expect(problems.map { $0.location.line } == [5, 6, 7, 8, 9])
        #expect(problems.map { $0.location.column } == Array(repeating: 4, count: 5))
        #expect(problems[0].message.contains("row 5") && problems[0].message.contains("'0'"), "\(problems[0].message)")
        #expect(problems[3].message.contains("empty repeat_index"), "\(problems[3].message)")
    }

    // MARK: ODK Central .csv.zip

    static let root = Array(
        """
        SubmissionDate,country,round,ch3-ch3_specific_law,KEY,ReviewState
        2026-03-01T09:00:00.000Z,FRA,2026,yes,uuid:fra,
        2026-03-02T09:00:00.000Z,DEU,2026,no,uuid:deu,

        """.utf8)

    func read(_ entries: [(String, String)]) throws -> ([RawSubmission], ExtractedFile) {
        let archive = try ZipSamples.archive(
            [("form.csv", Self.root, true)] + entries.map { ($0.0, Array($0.1.utf8), true) })
        return extractBytes(archive, path: "form.csv.zip")
    }

    @Test func centralRepeatTablesJoinTheirParents() throws {
        let (submissions, file) = try read([
            (
                "form-laws.csv",
                """
                laws-title,year_adopted,PARENT_KEY,KEY
                Loi 1,2015,uuid:fra,uuid:fra/laws[1]
                Gesetz,2017,uuid:deu,uuid:deu/laws[1]
                Loi 2,,uuid:fra,uuid:fra/laws[2]

                """
            ),
            (
                "form-amendments.csv",
                """
                laws-amendments-year,PARENT_KEY,KEY
                2021,uuid:fra/laws[2],uuid:fra/laws[2]/amendments[1]

                """
            ),
            ("form-practices~1.csv", "practices-title,PARENT_KEY,KEY\n"),
            ("media/photo.jpg", "not a table"),
        ])
        #expect(file.diagnostics.map(\.code) == [.zipOtherFiles], "\(file.diagnostics.map(\.message))")
        #expect(file.diagnostics.first?.found == "media/photo.jpg")
        #expect(submissions.map { $0.country?.text } == ["FRA", "DEU"])
        #expect(
            summary(submissions[0].answers) == [
                "laws[1]/title=Loi 1", "laws[1]/year_adopted=2015", "laws[2]/title=Loi 2", "laws[2]/amendments[1]/year=2021",
            ])
        #expect(summary(submissions[1].answers) == ["laws[1]/title=Gesetz", "laws[1]/year_adopted=2017"])
        // Each answer says its line and column in its table.
        let loi2 = try #require(submissions[0].answers.first { $0.values == ["Loi 2"] })
        #expect(loi2.location == SourceLocation(file: "form.csv.zip", line: 4, column: 1))
    }

    @Test func centralRepeatRowsThatCannotBePlacedAreReported() throws {
        let (submissions, file) = try read([
            (
                "form-laws.csv",
                """
                title,PARENT_KEY,KEY
                Orphan,uuid:gone,uuid:gone/laws[1]
                Fine,uuid:fra,uuid:fra/laws[1]
                Twice,uuid:fra,uuid:fra/laws[1]
                No position,uuid:fra,uuid:fra/laws
                Zero,uuid:fra,uuid:fra/laws[0]

                """
            ),
            (
                "form-amendments.csv",
                """
                year,PARENT_KEY,KEY
                2020,uuid:gone/laws[1],uuid:gone/laws[1]/amendments[1]
                2022,uuid:fra/laws[9],uuid:fra/laws[9]/amendments[1]

                """
            ),
            ("form-other.csv", "title,parent\nx,y\n"),
        ])
        // Tables in name order (amendments, laws, other), then the orphans once the root table is read.
        let codes = file.diagnostics.map(\.code)
        #expect(
            codes == [
                .repeatKeyDuplicate, .repeatKeyInvalid, .repeatKeyInvalid, .repeatKeyInvalid, .repeatRowOrphan, .repeatRowOrphan,
            ], "\(file.diagnostics.map(\.message))")
        let messages = file.diagnostics.map(\.message)
        #expect(messages[0].contains("uuid:fra/laws[1]") && messages[0].contains("line 3"), "\(messages[0])")
        #expect(file.diagnostics[0].location.line == 4)
        #expect(messages[1].contains("uuid:fra/laws") && file.diagnostics[1].location.line == 5, "\(messages[1])")
        #expect(messages[3].contains("PARENT_KEY and KEY") && messages[3].contains("form-other.csv"), "\(messages[3])")
        // The orphan is reported at its topmost row (the law whose PARENT_KEY is no root KEY),
        // counting the rows inside it.
        // The missing law 9's amendment, then the orphan law with its amendment, reported at
        // the topmost row (the law whose PARENT_KEY is no root KEY).
        #expect(messages[4].contains("uuid:fra/laws[9]") && messages[4].contains("form-amendments.csv"), "\(messages[4])")
        #expect(messages[5].contains("uuid:gone") && messages[5].contains("2 rows") && messages[5].contains("form-laws.csv"), "\(messages[5])")
        #expect(file.diagnostics[5].location.line == 2)
        #expect(summary(submissions[0].answers) == ["laws[1]/title=Fine"])
        #expect(summary(submissions[1].answers) == [])
    }

    @Test func aDamagedRepeatTableRefusesTheArchive() throws {
        var bytes = try ZipSamples.archive([
            ("form.csv", Self.root, false), ("form-laws.csv", Array("title,PARENT_KEY,KEY\nA,uuid:fra,uuid:fra/laws[1]\n".utf8), false),
        ])
        let data = try #require(ZipSamples.headers(bytes).last?.data)
        bytes[data.lowerBound + 22] ^= 1
        let (submissions, file) = extractBytes(bytes, path: "form.csv.zip")
        #expect(submissions.isEmpty)
        #expect(file.diagnostics.map(\.code) == [.zipCorrupt])
    }

    // MARK: The same inventory from every format

    /// Acceptance (issue 20): a Central `.csv.zip` with root and repeat CSVs, keys as Central
    /// writes them, reads back to the same repeat answers as the equivalent XForm instance (and
    /// native XML), after Transform: paths, questions and values, multiple choices included.
    @Test func centralZipReadsBackLikeTheEquivalentInstance() throws {
        var laws: [ConformanceRepeatAnswer] = []
        for law in 1...3 {
            laws.append(.init(["laws"], [law], "title", "Loi \(law)"))
            laws.append(.init(["laws"], [law], "status", law == 3 ? "draft" : "in_force"))
            laws.append(.init(["laws"], [law], "year_adopted", "\(2010 + law)"))
            laws.append(.init(["laws"], [law], "acts", law == 1 ? "ch4_illegal_access ch4_illegal_interception" : "ch4_data_interference"))
        }
        laws.append(.init(["laws", "amendments"], [2, 1], "year", "2019"))
        laws.append(.init(["laws", "amendments"], [2, 2], "year", "2021"))
        let submission = ReaderConformance.submissions(1)[0]
        func inventory(_ name: String, _ write: @Sendable (ConformanceSubmission, [ConformanceRepeatAnswer]) -> [UInt8]) throws -> [String] {
            let conformance = try #require(ReaderConformanceTests.conformances.first { $0.name == name })
            let reading = conformance.read(write(submission, laws))
            let accepted = conformance.acceptRepeats(reading)
            #expect(accepted.map(\.status) == [.accepted], "\(name): \(accepted.map { $0.diagnostics.map(\.message) })")
            #expect(accepted.first?.diagnostics.isEmpty == true, "\(name): \(accepted.first?.diagnostics.map(\.message) ?? [])")
            return (accepted.first?.repeatAnswers ?? []).map { "\($0.field)=\($0.value)" }.sorted()
        }
        let instance = try inventory("XML, XForm instance", Samples.xformInstanceRepeats)
        let central = try inventory("ODK Central .csv.zip", Samples.centralZipRepeats)
        let native = try inventory("XML, native format", Samples.nativeXMLRepeats)
        #expect(instance.count == 14)
        #expect(central == instance)
        #expect(native == instance)
        #expect(instance.contains { $0.hasPrefix("laws[1]/acts=") && $0.contains("ch4_illegal_interception") }, "\(instance)")
        #expect(instance.contains { $0.hasPrefix("laws[2]/amendments[2]/year=") }, "\(instance)")
    }

    /// A wide CSV cannot carry repeats: a column naming a path into a repeat is reported once per
    /// file (on the first submission that fills it, with its number of cells), not once per row,
    /// and the rest of each row is read.
    @Test func wideColumnsIntoARepeatAreReportedOncePerFile() throws {
        let conformance = try #require(ReaderConformanceTests.conformances.first { $0.name == "CSV, wide layout" })
        let text = """
            country,round,ch3_specific_law,laws-title,laws/year_adopted,laws[2]/title
            BRA,2026,yes,,,
            FRA,2026,yes,Loi 1,2015,
            DEU,2026,no,Gesetz,,Zwei
            KEN,2026,yes,Act,,

            """
        let reading = conformance.read(Array(text.utf8))
        let accepted = conformance.acceptRepeats(reading)
        #expect(accepted.map(\.status) == [.accepted, .accepted, .accepted, .accepted])
        // (Consistency checks on the one chapter-3 answer aside.)
        func inRepeat(_ submission: Submission) -> [Diagnostic] { submission.diagnostics.filter { $0.code != .consistencyCheck } }
        let reported = accepted.flatMap(inRepeat)
        #expect(reported.map(\.code) == [.answerInRepeat, .answerInRepeat, .answerInRepeat], "\(reported.map(\.message))")
        #expect(inRepeat(accepted[1]).map(\.questionID) == ["laws-title", "laws/year_adopted"])
        #expect(inRepeat(accepted[2]).map(\.questionID) == ["laws[2]/title"])
        #expect(reported[0].message.contains("3 cells") && reported[0].location.line == 3, "\(reported[0].message)")
        #expect(accepted.allSatisfy { $0.repeatAnswers.isEmpty && $0.answers.map(\.questionID) == ["ch3_specific_law"] })
    }
}
