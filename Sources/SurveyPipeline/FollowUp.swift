// `legisurvey status --follow-up`: the States to remind today, from the focal-point register, the
// store's accepted submissions and the letters' open problems (docs/follow-up.md).
import Foundation
import SurveyDefinitions
public import SurveyModel
import SurveyPublish

/// The follow-up list of one day.
public struct FollowUpList: Sendable, Equatable {
    /// The round followed up: the last of the pipeline file's `rounds:`.
    public var round: String
    /// The day the list is for (`YYYY-MM-DD`).
    public var today: String
    /// The register's file; nil without one.
    public var register: String?
    /// States to remind, the most overdue first, then by ISO code.
    public var entries: [FollowUp]
    /// States of the register with a deadline still to come and no accepted submission.
    public var notYetDue: Int
    /// Warnings about the register (its permissions).
    public var warnings: [String]
}

extension Pipeline {
    /// What the analyst should hear about the definitions before a command goes on (a register
    /// other users can read): the executable prints them.
    public var warnings: [String] { definitions.warnings }

    /// Who to remind on `today` (`YYYY-MM-DD`; the caller passes the clock's date or
    /// `--today`) in the current round (the last of `rounds:`): each State of the register whose
    /// deadline has passed and that has no accepted submission in the round
    /// (``FollowUpReason/deadlinePassed``) or whose letter lists problems that ask something of
    /// the sender (``FollowUpReason/openProblems``). States without a register entry or a deadline
    /// are never listed: the register says whom to write to and by when.
    public func followUp(today: String) async throws -> FollowUpList {
        guard let day = ISODate.days(today) else {
            throw PipelineError.invalidArgument("--today '\(today)' is not a date: write YYYY-MM-DD (2026-04-15)")
        }
        let round = configuration.rounds.last ?? ""
        let register = definitions.register
        var list = FollowUpList(
            round: round, today: today, register: configuration.register?.path, entries: [], notYetDue: 0,
            warnings: definitions.warnings)
        guard !register.isEmpty else { return list }
        let store = try await existingStore()
        let answered = Set(try await store.acceptedSubmissions().filter { $0.round == round }.map(\.country))
        let stored = try await store.latestDiagnostics()
        let rounds = RoundNames.sorted(Array(Set(try await store.acceptedSubmissions().map(\.round))), declared: configuration.rounds)
        let feedback = try await feedbackContext(store: store, rounds: rounds, diagnostics: stored)
        let problems = feedback.letterDiagnostics(stored).mapValues { FeedbackContext.entries($0).count }
        for (country, focalPoint) in register.entries.sorted(by: { $0.key < $1.key }) {
            guard let deadline = focalPoint.deadline.flatMap(ISODate.days) else { continue }
            guard deadline < day else {
                if !answered.contains(country) { list.notYetDue += 1 }
                continue
            }
            var reasons: [FollowUpReason] = []
            if !answered.contains(country) { reasons.append(.deadlinePassed) }
            let open = problems[country] ?? 0
            if open > 0 { reasons.append(.openProblems) }
            guard !reasons.isEmpty else { continue }
            list.entries.append(
                FollowUp(country: country, focalPoint: focalPoint, reasons: reasons, problems: open, daysOverdue: day - deadline))
        }
        list.entries.sort { ($0.daysOverdue, $1.country) > ($1.daysOverdue, $0.country) }
        return list
    }
}
