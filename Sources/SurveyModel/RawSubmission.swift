/// A value as it was written in the file, with where it was written.
public struct RawValue: Sendable, Equatable {
    public var text: String
    public var location: SourceLocation

    public init(_ text: String, at location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// One answer as read, before any checking: the field name and the value(s) written.
///
/// A CSV cell gives one value; an XML answer with `<value>` children gives one per child.
/// Splitting a multiple-choice cell is Transform's job, since it needs the questionnaire.
public struct RawAnswer: Sendable, Equatable {
    /// The field as the file names it: a question id, an XForm element name, or a CSV header
    /// (which may carry a group path, `ch4-act01`, or a split select_multiple column,
    /// `ch3-instruments/budapest`). Transform maps it to a question.
    public var field: String
    public var values: [String]
    public var location: SourceLocation
    /// Groups above the field, outermost first: an XForm instance's group elements (`["ch4"]`,
    /// `["laws"]`), a native XML file's repeat answers, a repeat table's repeat name. Empty for a
    /// field outside every group.
    public var groups: [String]
    /// For each of ``groups``, the 1-based occurrence of that group element among its siblings of
    /// the same name (`laws[2]` → 2); empty means 1 for every group. Transform decides, with the
    /// questionnaire, which groups are repeats: the form says what repeats, not the instance.
    public var groupPositions: [Int]
    /// For a field inside a group that occurred more than once: which repetition (1, 2, …); nil
    /// otherwise. (A group the questionnaire does not declare a repeat is refused when it repeats.)
    public var repeatIndex: Int?

    /// Inlinable, so that a raw answer is made in place where it is stored (one per field read).
    @inlinable
    public init(
        field: String, values: [String], location: SourceLocation, groups: [String] = [], groupPositions: [Int] = [],
        repeatIndex: Int? = nil
    ) {
        self.field = field
        self.values = values
        self.location = location
        self.groups = groups
        self.groupPositions = groupPositions
        self.repeatIndex = repeatIndex
    }

    /// The occurrence of group `level` (1 when not recorded).
    public func position(ofGroup level: Int) -> Int { level < groupPositions.count ? groupPositions[level] : 1 }

    /// True when nothing was written: every value empty or blank.
    public var isEmpty: Bool {
        for value in values {
            // Most values start with a printable ASCII character: not blank, no need to look further.
            if let first = value.utf8.first, (0x21..<0x80).contains(first) { return false }
            if !value.allSatisfy(\.isWhitespace) { return false }
        }
        return true
    }
}

/// What a format says about a submission besides its answers.
public struct SubmissionMetadata: Sendable, Equatable, Codable {
    /// The sender tool's id of this submission (`instanceID`, ODK Central's `KEY`, Kobo's `_uuid`).
    public var instanceID: String?
    /// The instance this one replaces (`deprecatedID`), for edited submissions.
    public var deprecatedID: String?
    /// The form id and version the submission was made with.
    public var formID: String?
    public var formVersion: String?
    /// When it was submitted or completed, as written (`submissionDate`, `timeEnd`,
    /// `SubmissionDate`, `_submission_time`); Transform reads it for ordering revisions.
    public var submittedAt: String?
    /// The sender's own review, as written (ODK Central `ReviewState`, Kobo
    /// `_validation_status`); Transform decides whether it excludes the submission.
    public var review: String?

    public init(
        instanceID: String? = nil, deprecatedID: String? = nil, formID: String? = nil, formVersion: String? = nil,
        submittedAt: String? = nil, review: String? = nil
    ) {
        self.instanceID = instanceID
        self.deprecatedID = deprecatedID
        self.formID = formID
        self.formVersion = formVersion
        self.submittedAt = submittedAt
        self.review = review
    }
}

/// What Extract hands Transform: one country's answers for one round, as written.
public struct RawSubmission: Sendable, Equatable {
    /// Where the submission starts (XML element, CSV row, first row of a long-layout group).
    public var location: SourceLocation
    public var format: SourceFormat
    /// Ordinal of the submission within its file, from 1.
    public var ordinal: Int
    public var country: RawValue?
    public var round: RawValue?
    public var answers: [RawAnswer]
    /// Problems Extract found inside this submission (e.g. an unexpected XML element).
    public var diagnostics: [Diagnostic]
    public var metadata: SubmissionMetadata
    /// Answers the reader matched to codes as it parsed them (issue 29): empty unless the reader
    /// was given a codebook. ``MatchedAnswers/merged(into:origins:)`` gives the raw answers they stand for.
    public var matched = MatchedAnswers()

    public init(
        location: SourceLocation, format: SourceFormat, ordinal: Int, country: RawValue? = nil,
        round: RawValue? = nil, answers: [RawAnswer] = [], diagnostics: [Diagnostic] = [],
        metadata: SubmissionMetadata = SubmissionMetadata()
    ) {
        self.metadata = metadata
        self.location = location
        self.format = format
        self.ordinal = ordinal
        self.country = country
        self.round = round
        self.answers = answers
        self.diagnostics = diagnostics
    }

    /// A stable id: the file path and the ordinal in the file.
    public var id: String { "\(location.file)#\(ordinal)" }

    /// The matched cells back among the answers as the raw answers they stand for, in their
    /// places: what the reader would have handed on without a codebook. Whatever removes or
    /// reorders answers without keeping the cells' ``MatchedCell/order`` calls this first.
    public mutating func unmatch() {
        guard !matched.isEmpty else { return }
        answers = matched.merged(into: answers)
        matched = MatchedAnswers()
    }
}

/// What Extract reports about one file besides its submissions.
public struct ExtractedFile: Sendable, Equatable {
    public var file: SourceFile
    /// File-level problems: unreadable, malformed, missing column. Submission-level problems
    /// travel with each `RawSubmission`.
    public var diagnostics: [Diagnostic]
    /// Submissions handed on.
    public var submissionCount: Int

    public init(file: SourceFile, diagnostics: [Diagnostic], submissionCount: Int) {
        self.file = file
        self.diagnostics = diagnostics
        self.submissionCount = submissionCount
    }

    /// True when the file could not be read at all (nothing handed on and an error reported).
    public var isUnreadable: Bool { submissionCount == 0 && diagnostics.contains { $0.severity == .error } }
}
