// The file cache carries repeat answers (issue 20): a cached file reused by the next run must
// give the same laws and practices as reading it again.
import SurveyLoad
import SurveyModel
import Testing

@Suite struct RepeatAnswerCacheTests {
    @Test func theFileCacheKeepsRepeatAnswersWithTheirPaths() throws {
        let file = "inbox/fra.xml"
        var submission = Submission(
            id: "fra", location: SourceLocation(file: file, line: 1), format: .nativeXML, country: "FRA", countryGiven: "France",
            round: "2026", status: .accepted,
            answers: [Answer(questionID: "ch8_cert", value: .choice("yes"), location: SourceLocation(file: file, line: 2))],
            answersSeen: 6, diagnostics: [])
        submission.senderLanguage = .fr
        submission.repeatAnswers = [
            Answer(
                questionID: "title", value: .text("Loi n° 2019-12"), location: SourceLocation(file: file, line: 4, column: 3),
                path: RepeatPath([RepeatStep("laws", 1)])),
            Answer(
                questionID: "acts", value: .choices(["ch4_illegal_access", "ch4_spam"]), location: SourceLocation(file: file, line: 5),
                path: RepeatPath([RepeatStep("laws", 1)])),
            Answer(
                questionID: "year", value: .number(2021), location: SourceLocation(file: "other.xml", line: 6),
                path: RepeatPath([RepeatStep("laws", 1), RepeatStep("amendments", 2)])),
            Answer(
                questionID: "title", value: .text("Cyber Act"), location: SourceLocation(file: file, line: 9),
                path: RepeatPath([RepeatStep("laws", 10)])),
            Answer(
                questionID: "kind", value: .choice("good_practice"), location: SourceLocation(file: file, line: 12),
                path: RepeatPath([RepeatStep("practices", 1)])),
        ]
        let result = FileResult(
            report: FileReport(
                file: SourceFile(path: file, sha256: "ab", bytes: 10, format: .nativeXML), accounting: Accounting(), diagnostics: []),
            submissions: [submission])
        let bytes = FileCacheCodec.encode(result)
        let decoded = try #require(FileCacheCodec.decode(bytes))
        #expect(decoded.submissions == [submission])
        #expect(decoded.submissions[0].repeatAnswers.map(\.field) == [
            "laws[1]/title", "laws[1]/acts", "laws[1]/amendments[2]/year", "laws[10]/title", "practices[1]/kind",
        ])
        #expect(FileCacheCodec.encode(decoded) == bytes)
        // A payload cut anywhere is refused (the file is read again), never half decoded.
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(FileCacheCodec.decode(Array(bytes.prefix(length))) == nil)
        }
    }

    /// The layout changed with repeat answers (7), then with a location's sheet (8, `.xlsx`),
    /// a diagnostic's country, sender's language and suggestion (9), a submission's sender's
    /// language (10), a submission's own restricted field (11), then what the transform makes of
    /// a negative zero (12: zero, no sign): entries written by a previous layout or transform are
    /// not reused (the magic is part of the definitions fingerprint).
    @Test func theCacheMagicNamesTheRepeatLayout() {
        #expect(FileCacheCodec.magic == "legisurvey-file-cache-12")
    }
}
