public import SurveyModel

extension RunSummary {
    /// The printed run summary: files, the accounting, rejections and outputs.
    public var text: String {
        var lines: [String] = []
        let unreadable = files.filter { $0.accounting.submissionsSeen == 0 && $0.diagnostics.contains { $0.severity == .error } }
        lines.append("Files read: \(files.count)" + (unreadable.isEmpty ? "" : " (\(unreadable.count) could not be used)"))
        lines.append(
            "Submissions: \(total.submissionsSeen) seen = \(total.accepted) accepted + \(total.superseded) superseded + "
                + "\(total.excluded) excluded + \(total.rejected) rejected")
        lines.append("Answers: \(total.answersSeen) seen = \(total.answersKept) kept + \(total.answersDropped) dropped")
        lines.append("Rounds: \(rounds.isEmpty ? "none" : rounds.joined(separator: ", "))")
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
