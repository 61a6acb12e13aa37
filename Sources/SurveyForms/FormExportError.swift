/// Why a questionnaire could not be exported as a form. One line a person can act on.
public enum FormExportError: Error, CustomStringConvertible, Equatable {
    /// The questionnaire cannot be written as this kind of form (a name XForm refuses, a choice
    /// list that differs between questions …).
    case invalidQuestionnaire(String, detail: String)
    case writeFailed(path: String, detail: String)
    /// The path to write names something other than a regular file (a device, FIFO, folder,
    /// symlink …); it is left untouched.
    case notARegularFile(path: String, kind: String)

    public var description: String {
        switch self {
        case .invalidQuestionnaire(let id, let detail): return "questionnaire \(id): \(detail)"
        case .writeFailed(let path, let detail): return "could not write \(path): \(detail)"
        case .notARegularFile(let path, let kind):
            return "refusing to write \(path): it is a \(kind), not a regular file; name a regular file or a new path"
        }
    }
}
