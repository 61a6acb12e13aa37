import Foundation
public import SurveyModel

extension Transformer {
    /// Keeps the latest accepted submission of each country and round (and respondent, when the
    /// pipeline file declares a respondent key) and marks the others superseded, pointing at the
    /// one that replaced them.
    ///
    /// "Latest", in this order: a submission whose `deprecatedID` names another's instance id
    /// replaces it (ODK edits); then the later submission time, where both formats carry one
    /// (`submissionDate`, `timeEnd`, Central's `SubmissionDate`, Kobo's `_submission_time`);
    /// then batch order (files by path, then submissions in file order). File modification
    /// times are never used. The caller hands the submissions in batch order.
    public static func resolveRevisions(_ submissions: inout [Submission]) {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for (index, submission) in submissions.enumerated() where submission.status == .accepted {
            guard let country = submission.country else { continue }
            let key = country + "\u{1F}" + submission.round + "\u{1F}" + (submission.respondent ?? "")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        for key in order {
            let members = groups[key]!
            guard members.count > 1 else { continue }
            // Instances replaced through a deprecatedID chain can never be the latest.
            let instanceIDs = Set(members.compactMap { instanceKey(submissions[$0].metadata.instanceID) })
            let replaced = Set(members.compactMap { index -> String? in
                guard let old = instanceKey(submissions[index].metadata.deprecatedID), instanceIDs.contains(old) else { return nil }
                return old
            })
            // Submission time decides only when every candidate carries one; otherwise batch order.
            let candidates = members.filter { index in
                guard let id = instanceKey(submissions[index].metadata.instanceID) else { return true }
                return !replaced.contains(id)
            }
            let times = candidates.map { submittedTime(submissions[$0]) }
            let byTime = !times.contains(where: { $0 == nil })
            var latest = candidates.last
            if byTime, let best = zip(candidates, times).max(by: { ($0.1!, $0.0) < ($1.1!, $1.0) }) { latest = best.0 }
            guard let winner = latest ?? members.last else { continue }
            for index in members where index != winner {
                submissions[index].status = .superseded
                submissions[index].reason = .submissionSuperseded
                submissions[index].supersededBy = submissions[winner].id
                let how: String
                if let id = instanceKey(submissions[index].metadata.instanceID), replaced.contains(id) {
                    how = "an edit of this instance (deprecatedID)"
                } else if byTime {
                    how = "a later submission time"
                } else {
                    how = "a later file in path order"
                }
                submissions[index].diagnostics.append(
                    Diagnostic(
                        .submissionSuperseded, at: submissions[index].location,
                        expected: submissions[index].respondent == nil
                            ? "one submission per country and round" : "one submission per respondent and round",
                        found: "replaced by \(submissions[winner].id)", detail: how,
                        submissionID: submissions[index].id))
            }
        }
    }

    /// Instance ids compare without their `uuid:` prefix (Kobo's `_uuid` has none).
    static func instanceKey(_ id: String?) -> String? {
        guard var key = id?.trimmingWhitespace().lowercased(), !key.isEmpty else { return nil }
        if key.hasPrefix("uuid:") { key.removeFirst(5) }
        return key
    }

    static func submittedTime(_ submission: Submission) -> Double? {
        guard let text = submission.metadata.submittedAt?.trimmingWhitespace(), !text.isEmpty else { return nil }
        return TimestampParser.seconds(text)
    }
}

/// Reads the timestamps survey tools write: ISO 8601 with or without fraction and zone
/// (`2018-04-26T08:58:20.525Z`, `2024-03-01T10:22:33`, `2024-03-01 10:22:33+01:00`) and
/// Briefcase's `Apr 26, 2018 8:58:20 AM`. A time without a zone is taken as UTC.
enum TimestampParser {
    static func seconds(_ text: String) -> Double? {
        let iso = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ] {
            iso.formatOptions = options
            if let date = iso.date(from: text.replacingOccurrences(of: " ", with: "T")) { return date.timeIntervalSince1970 }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "MMM d, yyyy h:mm:ss a", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        }
        return nil
    }
}
