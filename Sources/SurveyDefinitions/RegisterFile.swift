// The focal-point register (`register:` in the pipeline file): a CSV file the analyst keeps,
// holding personal data. Read here, checked, and never copied into the store or any table
// (docs/follow-up.md).
public import Foundation
import SurveyExtract
public import SurveyModel
import SurveyTransform

extension FocalPointRegister {
    /// The register's columns; `country` and `name` are required, the others may be left out.
    public static let columns = ["country", "name", "institution", "email", "language", "invited", "reminders", "deadline"]

    /// Reads and checks a register. Each mistake names the file, the line and what to write
    /// instead: a missing `country` or `name` column, a column the register does not know (with the
    /// known ones), a country the resolver does not know, a State listed twice, a language that
    /// is not one of the six, a date that is not `YYYY-MM-DD`, an e-mail address without `@`.
    public static func load(from url: URL, reference: CountryReference) throws -> FocalPointRegister {
        func fail(_ line: Int, _ detail: String) -> DefinitionError {
            .invalidDefinition(path: url.path, detail: line > 0 ? "line \(line): \(detail)" : detail)
        }
        let table: CSVTable
        do {
            table = try CSVTable.read(url)
        } catch let failure as CSVTable.Failure {
            throw fail(failure.line, failure.reason)
        } catch {
            throw DefinitionError.invalidDefinition(path: url.path, detail: "the focal-point register cannot be read: \(error.localizedDescription)")
        }
        let header = table.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let unknown = header.first(where: { !columns.contains($0) }) {
            throw fail(1, "unknown column '\(unknown)': the register's columns are \(columns.joined(separator: ", "))")
        }
        for required in ["country", "name"] where !header.contains(required) {
            throw fail(1, "no '\(required)' column: the first line names the columns (\(columns.joined(separator: ", ")))")
        }
        let resolver = CountryResolver(reference: reference)
        var entries: [FocalPoint] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            func cell(_ column: String) -> String {
                guard let index = header.firstIndex(of: column), index < row.cells.count else { return "" }
                return row.cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let written = cell("country")
            let iso3: String
            switch resolver.resolve(written) {
            case .country(let code): iso3 = code
            case .ambiguous(let codes):
                throw fail(row.line, "country '\(written)' could be \(codes.joined(separator: " or ")): write its ISO alpha-3 code")
            case .unknown:
                let hint = resolver.suggestion(for: written).map { " (did you mean \($0.label), \($0.value)?)" } ?? ""
                throw fail(row.line, "unknown country '\(written)'\(hint): write an ISO alpha-3 code or a name of the reference data")
            }
            if let earlier = seen[iso3] {
                throw fail(row.line, "\(iso3) is listed again (first on line \(earlier)): one focal point per State")
            }
            seen[iso3] = row.line
            let name = cell("name")
            guard !name.isEmpty else { throw fail(row.line, "\(iso3): name is empty (write the focal point's name)") }
            let email = cell("email")
            if !email.isEmpty && (!email.contains("@") || email.contains(where: \.isWhitespace)) {
                throw fail(row.line, "\(iso3): '\(email)' is not an e-mail address")
            }
            var language: Language?
            let code = cell("language").lowercased()
            if !code.isEmpty {
                guard let known = Language(rawValue: code) else {
                    throw fail(row.line, "\(iso3): language '\(code)' is not one of ar, en, es, fr, ru, zh")
                }
                language = known
            }
            func date(_ text: String, _ column: String) throws -> String {
                guard ISODate.isValid(text) else {
                    throw fail(row.line, "\(iso3): \(column) '\(text)' is not a date: write YYYY-MM-DD (2026-03-31)")
                }
                return text
            }
            let invited = cell("invited").isEmpty ? nil : try date(cell("invited"), "invited")
            let deadline = cell("deadline").isEmpty ? nil : try date(cell("deadline"), "deadline")
            let reminders = try cell("reminders").split(whereSeparator: { ";,| ".contains($0) }).map { try date(String($0), "reminders") }
            entries.append(
                FocalPoint(
                    country: iso3, name: name, institution: cell("institution"), email: email, language: language, invited: invited,
                    reminders: reminders.sorted(), deadline: deadline, line: row.line))
        }
        return FocalPointRegister(entries)
    }

    /// A warning when the register can be read by other users of the machine (group or others
    /// have any permission): it holds personal data. Nil when only its owner can read it.
    public static func permissionWarning(_ url: URL) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
        else { return nil }
        guard mode & 0o077 != 0 else { return nil }
        let who = [mode & 0o070 != 0 ? "its group" : nil, mode & 0o007 != 0 ? "every user" : nil].compactMap { $0 }
        return "the focal-point register \(url.path) can be read by \(who.joined(separator: " and ")) (mode \(String(mode & 0o777, radix: 8))): "
            + "it holds personal data; make it private with: chmod 600 \(url.path)"
    }
}

/// Calendar dates as the register writes them (`YYYY-MM-DD`), compared as text.
public enum ISODate {
    /// Whether `text` is a real date written `YYYY-MM-DD`.
    public static func isValid(_ text: String) -> Bool { days(text) != nil }

    /// Days since 1970-01-01 (proleptic Gregorian), or nil when `text` is not `YYYY-MM-DD`.
    public static func days(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[month - 1]).contains(day) else { return nil }
        // Days from civil (H. Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
