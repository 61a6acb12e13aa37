public import SurveyModel

extension Transformer {
    /// Marks all but the last accepted submission of each country and round as superseded.
    ///
    /// "Last" is batch order: files by path, then submissions in file order. The caller hands
    /// the submissions in that order.
    public static func resolveRevisions(_ submissions: inout [Submission]) {
        var latest: [String: Int] = [:]
        for (index, submission) in submissions.enumerated() where submission.status == .accepted {
            guard let country = submission.country else { continue }
            let key = country + "\u{1F}" + submission.round
            if let previous = latest[key] {
                submissions[previous].status = .superseded
                submissions[previous].reason = .submissionSuperseded
                submissions[previous].supersededBy = submission.id
                submissions[previous].diagnostics.append(
                    Diagnostic(
                        .submissionSuperseded, at: submissions[previous].location,
                        expected: "one submission per country and round",
                        found: "replaced by \(submission.id)", submissionID: submissions[previous].id))
            }
            latest[key] = index
        }
    }
}
