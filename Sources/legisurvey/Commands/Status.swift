import Foundation
import ArgumentParser
import SurveyModel
import SurveyPipeline
import SurveyPublish

/// `legisurvey status`: what the store holds, as text or JSON; exit status 0.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what the store holds: rounds, countries per round and region, the last runs.")

    @OptionGroup var options: PipelineOptions
    @Option(help: "Store path (overrides the pipeline file).") var store: String?
    @Option(parsing: .unconditional, help: "How many of the last runs to list (1 or more).") var runs = 5

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be 1 or more; got \(runs)") }
    }
    @Flag(help: "Print it as JSON.") var json = false
    @Flag(
        help: ArgumentHelp(
            "List the States to remind today (focal-point register, `register:`): deadline passed with no accepted submission in the current round, or with problems their letter lists.",
            discussion: "Prints personal data from the register (names, addresses): for the analyst's screen, not for a file others read."))
    var followUp = false
    @Option(help: ArgumentHelp("The day of the follow-up list (YYYY-MM-DD); default: today (UTC).", valueName: "date"))
    var today: String?

    func run() async throws {
        try await Command.perform {
            if followUp || today != nil {
                let pipeline = try options.pipeline(store: store)
                for warning in pipeline.warnings {
                    FileHandle.standardError.write(Data("legisurvey: warning: \(warning)\n".utf8))
                }
                let day = today ?? Self.utcDate(Date())
                let list = try await pipeline.followUp(today: day)
                print(json ? try FollowUpDocument(list).encoded() : list.text, terminator: json ? "\n" : "")
                return 0
            }
            let status = try await options.pipeline(store: store).storeStatus(runs: runs)
            if json {
                print(try StatusDocument(status).encoded())
            } else {
                print(status.text, terminator: "")
            }
            return 0
        }
    }
}

extension Status {
    /// `YYYY-MM-DD` of a moment, in UTC.
    static func utcDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}

extension FollowUpList {
    /// The text `legisurvey status --follow-up` prints: one block per State to remind.
    var text: String {
        var lines = ["Follow-up, round \(round), \(today)" + (register.map { " (register: \($0))" } ?? "")]
        guard register != nil else {
            return (lines + ["No focal-point register: name one with `register:` in the pipeline file (docs/follow-up.md)."])
                .joined(separator: "\n") + "\n"
        }
        for entry in entries {
            let point = entry.focalPoint
            var why: [String] = []
            for reason in entry.reasons {
                switch reason {
                case .deadlinePassed: why.append("no submission for \(round)")
                case .openProblems: why.append("\(entry.problems) open problem\(entry.problems == 1 ? "" : "s") in its letter")
                }
            }
            let reminded = point.reminders.isEmpty
                ? "no reminder sent" : "\(point.reminders.count) reminder\(point.reminders.count == 1 ? "" : "s"), last \(point.reminders.last!)"
            lines.append(
                "  \(entry.country)  deadline \(point.deadline ?? "") (\(entry.daysOverdue) day\(entry.daysOverdue == 1 ? "" : "s") ago): \(why.joined(separator: "; ")); \(reminded)")
            lines.append("        write to: \(point.addressee)" + (point.language.map { " [\($0.rawValue)]" } ?? ""))
        }
        lines.append(
            "\(entries.count) State\(entries.count == 1 ? "" : "s") to remind; \(notYetDue) more without a submission, deadline still to come.")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `legisurvey status --follow-up --json`.
struct FollowUpDocument: JSONDocument {
    struct Entry: Encodable {
        var country: String
        var reasons: [String]
        var open_problems: Int
        var deadline: String?
        var days_overdue: Int
        var name: String
        var institution: String
        var email: String
        var language: String?
        var invited: String?
        var reminders: [String]
    }
    var round: String
    var today: String
    var register: String?
    var to_remind: [Entry]
    var not_yet_due: Int

    init(_ list: FollowUpList) {
        round = list.round
        today = list.today
        register = list.register
        not_yet_due = list.notYetDue
        to_remind = list.entries.map {
            Entry(
                country: $0.country, reasons: $0.reasons.map(\.rawValue), open_problems: $0.problems, deadline: $0.focalPoint.deadline,
                days_overdue: $0.daysOverdue, name: $0.focalPoint.name, institution: $0.focalPoint.institution,
                email: $0.focalPoint.email, language: $0.focalPoint.language?.rawValue, invited: $0.focalPoint.invited,
                reminders: $0.focalPoint.reminders)
        }
    }
}

extension StoreStatus {
    /// The text `legisurvey status` prints: rounds with their countries per region, the last runs.
    var text: String {
        let regionNames = Dictionary(uniqueKeysWithValues: regions.map { ($0.code, $0.name) })
        let regionOrder = regions.map(\.code) + ["none"]
        var lines = ["Store: \(store)"]
        if let backend { lines.append("Backend: \(backend)") }
        if rounds.isEmpty { lines.append("Rounds: none (no accepted submission)") }
        for round in rounds {
            let parts = regionOrder.compactMap { code in
                round.byRegion[code].map { "\(regionNames[code] ?? "no region") \($0)" }
            }
            lines.append("Round \(round.round): \(round.countries) countries (\(parts.joined(separator: ", ")))")
        }
        lines.append("Last runs:")
        if runs.isEmpty { lines.append("  none") }
        for run in runs {
            let a = run.accounting
            lines.append(
                "  #\(run.id) \(run.startedAt ?? "(time not recorded)") \(run.pipeline): \(run.filesRead) files; "
                    + "\(a.submissionsSeen) submissions = \(a.accepted) accepted + \(a.superseded) superseded + "
                    + "\(a.excluded) excluded + \(a.rejected) rejected; \(a.answersSeen) answers = \(a.answersKept) kept + "
                    + "\(a.answersDropped) dropped" + (run.withdrawn > 0 ? "; \(run.withdrawn) withdrawn" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `legisurvey status --json`.
struct StatusDocument: JSONDocument {
    struct Round: Encodable {
        var round: String
        var countries: Int
        var by_region: [String: Int]
    }
    struct Run: Encodable {
        var run_id: Int64
        var started_at: String?
        var pipeline: String
        var questionnaire: String
        var files_read: Int
        var files_reused: Int
        var withdrawn: Int
        var accounting: AccountingJSON
    }
    var store: String
    var backend: String?
    var rounds: [Round]
    var runs: [Run]

    init(_ status: StoreStatus) {
        store = status.store
        backend = status.backend
        rounds = status.rounds.map { Round(round: $0.round, countries: $0.countries, by_region: $0.byRegion) }
        runs = status.runs.map {
            Run(
                run_id: $0.id, started_at: $0.startedAt, pipeline: $0.pipeline,
                questionnaire: "\($0.questionnaireID) \($0.questionnaireVersion)", files_read: $0.filesRead,
                files_reused: $0.filesReused, withdrawn: $0.withdrawn, accounting: AccountingJSON($0.accounting))
        }
    }
}
