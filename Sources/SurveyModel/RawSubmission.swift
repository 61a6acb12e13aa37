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
    public var field: String
    public var values: [String]
    public var location: SourceLocation

    public init(field: String, values: [String], location: SourceLocation) {
        self.field = field
        self.values = values
        self.location = location
    }

    /// True when nothing was written: every value empty or blank.
    public var isEmpty: Bool { values.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
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

    public init(
        location: SourceLocation, format: SourceFormat, ordinal: Int, country: RawValue? = nil,
        round: RawValue? = nil, answers: [RawAnswer] = [], diagnostics: [Diagnostic] = []
    ) {
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
