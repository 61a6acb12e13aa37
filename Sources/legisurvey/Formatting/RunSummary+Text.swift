import SurveyModel

extension RunSummary {
    /// Batches up to this many files are listed file by file in the summary.
    static let filesListedInFull = 40

    /// The printed run summary: files, the accounting, rejections and outputs.
    var text: String {
        var lines: [String] = []
        let unreadable = files.filter(\.isUnreadable)
        var notes: [String] = []
        if filesReused > 0 { notes.append("\(filesReused) unchanged, from the store's cache") }
        if !unreadable.isEmpty { notes.append("\(unreadable.count) could not be used") }
        lines.append("Files read: \(files.count)" + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))
        // Which format each file was read as: per file for a small batch, counts for a large one.
        if files.count <= Self.filesListedInFull {
            for file in files {
                let a = file.accounting
                lines.append(
                    "  \(file.file.path) [\(file.file.format.rawValue)]: \(a.submissionsSeen) seen, \(a.accepted) accepted"
                        + (a.superseded > 0 ? ", \(a.superseded) superseded" : "") + (a.excluded > 0 ? ", \(a.excluded) excluded" : "")
                        + (a.rejected > 0 ? ", \(a.rejected) rejected" : ""))
            }
        } else {
            var byFormat: [String: Int] = [:]
            for file in files { byFormat[file.file.format.rawValue, default: 0] += 1 }
            lines.append("  formats: " + byFormat.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        lines.append(
            "Submissions: \(total.submissionsSeen) seen = \(total.accepted) accepted + \(total.superseded) superseded + "
                + "\(total.excluded) excluded + \(total.rejected) rejected")
        if !withdrawn.isEmpty {
            let count = withdrawn.reduce(0) { $0 + $1.submissions }
            lines.append(
                "Withdrawn: \(count) submission\(count == 1 ? "" : "s") of \(withdrawn.count) file\(withdrawn.count == 1 ? "" : "s") "
                    + "no longer in the inbox: " + withdrawn.map(\.path).joined(separator: ", "))
        }
        lines.append("Answers: \(total.answersSeen) seen = \(total.answersKept) kept + \(total.answersDropped) dropped")
        lines.append("Rounds: \(rounds.isEmpty ? "none" : rounds.joined(separator: ", "))")
        // Since the previous run in the store (changes.csv): one line.
        if let changes { lines.append("Changes: \(changes.text)") }
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        lines.append(
            "Diagnostics: \(count(diagnosticsBySeverity[.error] ?? 0, "error")), "
                + "\(count(diagnosticsBySeverity[.warning] ?? 0, "warning")), \(count(diagnosticsBySeverity[.info] ?? 0, "note"))")
        for file in unreadable {
            for diagnostic in file.diagnostics where diagnostic.severity == .error {
                lines.append("  not used: \(diagnostic.location): \(diagnostic.code.rawValue): \(diagnostic.message)")
            }
        }
        if !outputs.isEmpty {
            lines.append("Outputs:")
            for output in outputs { lines.append("  \(output)") }
        }
        return lines.joined(separator: "\n")
    }
}
