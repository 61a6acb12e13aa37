/// Every file of a `validate`, read, checked and with revisions resolved, kept in memory. A run
/// does not build one: it streams one ``FileResult`` at a time into the store.
public struct Batch: Sendable {
    /// The pipeline's name, for the run record.
    public var pipeline: String
    public var questionnaireID: String
    public var questionnaireVersion: String
    /// Per file: what was read and the file-level diagnostics.
    public var files: [FileReport]
    /// Every submission with its final status, in batch order.
    public var submissions: [Submission]
    /// What each file gave before revisions were resolved, for the next incremental run.
    public var cache: [CachedFile] = []
    /// Files of the previous run no longer in the inbox, with how many submissions each had:
    /// their submissions are withdrawn.
    public var withdrawn: [(path: String, submissions: Int)] = []

    public init(
        pipeline: String, questionnaireID: String, questionnaireVersion: String, files: [FileReport],
        submissions: [Submission]
    ) {
        self.pipeline = pipeline
        self.questionnaireID = questionnaireID
        self.questionnaireVersion = questionnaireVersion
        self.files = files
        self.submissions = submissions
    }

    /// The diagnostics of submissions a run streamed into the store without keeping them here
    /// (`submissions` is then empty).
    public var streamedDiagnostics: [Diagnostic] = []

    /// Every diagnostic of the batch: file-level ones, then each submission's, in batch order
    /// (for a streamed run, file by file as read, then the supersessions).
    public var diagnostics: [Diagnostic] {
        streamedDiagnostics.isEmpty
            ? files.flatMap(\.diagnostics) + submissions.flatMap(\.diagnostics) : streamedDiagnostics
    }

    /// The whole batch's accounting.
    public var total: Accounting {
        var total = Accounting()
        for file in files { total.add(file.accounting) }
        return total
    }
}

/// What statistics count: a country, or, when the pipeline file declares a respondent key, one
/// respondent of a country (several per country and round). A unit's key is the ISO alpha-3
/// code, or `ISO3/respondent`; groups are decided by the country part.
public enum SurveyUnit {
    public static func key(country: String, respondent: String?) -> String {
        guard let respondent else { return country }
        return country + "/" + respondent
    }

    /// The ISO alpha-3 code of a unit key.
    public static func country(of key: String) -> String {
        guard let slash = key.utf8.firstIndex(of: UInt8(ascii: "/")) else { return key }
        return String(key[..<slash])
    }

    /// The respondent of a unit key; nil for a country.
    public static func respondent(of key: String) -> String? {
        guard let slash = key.utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        return String(key[key.index(after: slash)...])
    }
}

/// One kept answer of an accepted submission, as Analyze reads it from the store.
public struct StoredAnswer: Sendable, Equatable {
    public var round: String
    /// ISO alpha-3.
    public var country: String
    /// The respondent, with a respondent key; nil otherwise.
    public var respondent: String? = nil
    public var questionID: String
    /// For choice questions: the codes chosen (one for single choice and legal form).
    public var options: [String]
    public var number: Double?
    public var text: String?

    public init(
        round: String, country: String, questionID: String, options: [String], number: Double?, text: String?,
        respondent: String? = nil
    ) {
        self.round = round
        self.country = country
        self.respondent = respondent
        self.questionID = questionID
        self.options = options
        self.number = number
        self.text = text
    }

    /// The unit this answer belongs to (``SurveyUnit``).
    public var unit: String { SurveyUnit.key(country: country, respondent: respondent) }
}

/// An accepted submission: the country and round it answers for.
public struct AcceptedSubmission: Sendable, Hashable {
    public var round: String
    /// ISO alpha-3.
    public var country: String

    /// The respondent, with a respondent key; nil otherwise.
    public var respondent: String?

    public init(round: String, country: String, respondent: String? = nil) {
        self.round = round
        self.country = country
        self.respondent = respondent
    }

    public var unit: String { SurveyUnit.key(country: country, respondent: respondent) }
}

/// What Extract and Transform hand on for one inbox file: the file's report (its accounting not
/// yet final) and its submissions as checked, before revisions are resolved across the inbox.
/// A run streams these into the store one at a time; the file cache keeps them between runs.
public struct FileResult: Sendable {
    public var report: FileReport
    public var submissions: [Submission]

    public init(report: FileReport, submissions: [Submission]) {
        self.report = report
        self.submissions = submissions
    }
}

/// One file's extract-and-transform result as the store keeps it between runs: reused when the
/// file's bytes (`sha256`) and the definitions it was read with (`fingerprint`) are unchanged.
public struct CachedFile: Sendable, Equatable {
    public var path: String
    public var sha256: String
    public var fingerprint: String
    /// The encoded ``FileReport`` and pre-resolution ``Submission``s.
    public var payload: [UInt8]

    public init(path: String, sha256: String, fingerprint: String, payload: [UInt8]) {
        self.path = path
        self.sha256 = sha256
        self.fingerprint = fingerprint
        self.payload = payload
    }
}
