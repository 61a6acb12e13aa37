// The documents generated from the table descriptions: docs/outputs.md and README.md's list of
// output tables. `legisurvey docs outputs` prints or updates them; a test fails when the files in
// the repository differ from what the descriptions give, so the two cannot drift.

import Foundation

/// docs/outputs.md and README.md's output list, from the table descriptions.
public enum TableDocumentation {
    /// The comments around README.md's generated list.
    public static let readmeBegin =
        "<!-- outputs:begin (generated from the table descriptions by `legisurvey docs outputs --readme README.md`; do not edit) -->"
    public static let readmeEnd = "<!-- outputs:end -->"

    /// `docs/outputs.md`: every table's grain, columns with their meaning, invariants and notes.
    public static func markdown(_ tables: [AnyTableDescription]) -> String {
        var text = """
            # Output tables

            Generated from the table descriptions (`TableDescription`, `Sources/SurveyPublish/Publisher+*.swift`)
            by `legisurvey docs outputs` (`make docs`); do not edit by hand. The same descriptions give the
            list of files in `legisurvey run --help` and in README.md, and the invariants below are checked
            when a table is written: a row that breaks one is refused, the run stops with an error that
            names the table, the invariant and the row, and the file is not written. How to add a table:
            [extending-tables.md](extending-tables.md).

            Groups (`group_type`, `group_code`) and reliability flags are the same in every table: see
            [reading-outputs.md](reading-outputs.md). The method is in [statistics.md](statistics.md)
            and [priorities.md](priorities.md). CSV conventions: [CSV conventions](reading-outputs.md#csv-conventions).

            | File | What it holds |
            |---|---|

            """
        for table in tables { text += "| [`\(table.file)`](#\(anchor(table.file))) | \(cell(table.summary)) |\n" }
        for document in documents { text += "| [`\(document.file)`](#\(anchor(document.file))) | \(cell(document.summary)) |\n" }
        for table in tables {
            text += "\n## `\(table.file)`\n\n\(table.summary)\n\nGrain: \(table.grain).\n\n| Column | Meaning |\n|---|---|\n"
            for column in table.columns {
                let presence = column.presence.map { " Only when \($0)." } ?? ""
                text += "| `\(column.header)` | \(cell(column.meaning))\(presence) |\n"
            }
            if !table.invariants.isEmpty {
                text += "\nInvariants, checked before the file is written:\n\n"
                for invariant in table.invariants {
                    text += "- \(invariant.name)\(invariant.scope == .table ? " (over the whole table)" : "")\n"
                }
            }
            if !table.notes.isEmpty { text += "\n\(table.notes)\n" }
        }
        for document in documents {
            text += "\n## `\(document.file)`\n\n\(document.summary)\n\nGrain: \(document.grain).\n\n\(document.notes)\n"
        }
        return text
    }

    /// An output that is not a table: its files, what it holds, its grain and notes.
    public struct Document: Sendable {
        public var file: String
        public var summary: String
        public var grain: String
        public var notes: String
    }

    /// The outputs besides the tables that docs/outputs.md describes.
    public static let documents: [Document] = [
        Document(
            file: "feedback/<ISO3>.<lang>.html",
            summary: "Letters to senders: one per country with current problems that ask something of the sender, in the sender's language, as HTML and as plain text (`.txt`).",
            grain: "one letter (two files) per country with such problems",
            notes: """
                Each problem says where it is (file and line, or sheet and cell), what was found,
                what was expected (option labels in the letter's language), the suggestion and what
                to send back; identical problems on several rows are one entry naming the rows.
                Problems of superseded submissions and those that ask nothing of the sender
                (`DiagnosticCode.asksSender`: an `encoding-fallback` note, the pipeline's limits,
                revisions) are left out. The language: the one the sender wrote in, else the
                country's configured language (reference `language:`), else English. Written only
                when the pipeline file names the texts (`feedback:`); `letters: false` stops them.
                Letters no longer current are removed by the next run. Same inputs, same bytes;
                `legisurvey report` rewrites them from the store. [feedback.md](feedback.md).
                """),
        Document(
            file: "report.pdf",
            summary: "The report printed to PDF by headless Chromium, when the pipeline file's `pdf: true` or `--pdf` asks: `report.pdf` beside `report.html`, `report.<lang>.pdf` beside each other language's report.",
            grain: "one PDF per public report written, when Chromium is on the PATH",
            notes: """
                Printed through the report's print stylesheet: each chapter (and each section after
                the chapters) on a new page, charts and tables not split where they fit, a running
                header with the round and the date of the data (the day of the latest submission
                time of an accepted submission, [store.md](store.md#submission-times)), page numbers, the link to the
                profiles left out, links as plain text. A document, like the `report.html` it is
                printed from, not a data output: the same inputs give the same `report.html` bytes,
                but not the same PDF bytes, since Chromium writes the time of printing into the
                file. Never part of a comparison of outputs, never for a figure (quote the CSV
                tables). Chromium is looked for on the PATH (`chromium`, `chromium-browser`,
                `google-chrome`); without it one line says the PDF was not written and the command
                succeeds. A report written without its PDF (not asked, no Chromium, Chromium failed)
                has the PDF an earlier run left beside it removed, so a PDF always matches the
                report beside it. The internal edition is never printed. `legisurvey report --pdf`
                prints the reports it writes again. [README](../README.md#outputreporthtml).
                """),
    ]

    /// README.md's list of output tables, between ``readmeBegin`` and ``readmeEnd`` (included).
    public static func readmeList(_ tables: [AnyTableDescription]) -> String {
        var text = "\(readmeBegin)\n| File | What it holds |\n|---|---|\n"
        for table in tables {
            text += "| [`\(table.file)`](docs/outputs.md#\(anchor(table.file))) | \(cell(table.summary)) Grain: \(table.grain). |\n"
        }
        for document in documents {
            text += "| [`\(document.file)`](docs/outputs.md#\(anchor(document.file))) | \(cell(document.summary)) Grain: \(document.grain). |\n"
        }
        return text + readmeEnd
    }

    /// `readme` with its list between the markers replaced by ``readmeList(_:)``; nil when the
    /// markers are missing or out of order.
    public static func updatingReadme(_ readme: String, tables: [AnyTableDescription]) -> String? {
        guard let begin = readme.range(of: readmeBegin), let end = readme.range(of: readmeEnd),
            begin.lowerBound < end.lowerBound
        else { return nil }
        return String(readme[..<begin.lowerBound]) + readmeList(tables) + String(readme[end.upperBound...])
    }

    /// The anchor GitHub gives a `## `file`` heading: lower case, without punctuation but `-` and `_`.
    public static func anchor(_ heading: String) -> String {
        String(
            heading.lowercased().compactMap { character -> Character? in
                if character == " " { return "-" }
                return character.isLetter || character.isNumber || character == "-" || character == "_" ? character : nil
            })
    }

    /// Text for a Markdown table cell: no line breaks, no bare `|`.
    static func cell(_ text: String) -> String {
        var cell = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where previous == "\r": break
            case "\n", "\r": cell.append(" ")
            case "|": cell.append(contentsOf: "\\|".unicodeScalars)
            default: cell.append(scalar)
            }
            previous = scalar
        }
        return String(cell)
    }
}
