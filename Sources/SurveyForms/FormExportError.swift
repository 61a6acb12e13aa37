/// Why a questionnaire could not be exported as a form. One line a person can act on.
public enum FormExportError: Error, CustomStringConvertible, Equatable {
    /// The questionnaire cannot be written as this kind of form (a name XForm refuses, a choice
    /// list that differs between questions …).
    case invalidQuestionnaire(String, detail: String)
    case writeFailed(path: String, detail: String)

    public var description: String {
        switch self {
        case .invalidQuestionnaire(let id, let detail): return "questionnaire \(id): \(detail)"
        case .writeFailed(let path, let detail): return "could not write \(path): \(detail)"
        }
    }
}
