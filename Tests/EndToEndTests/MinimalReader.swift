import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SurveyModel
import SurveyTestSupport
import ZIPFoundation

/// A deliberately small, independent reader of the demo inbox: Foundation's XMLParser and a
/// hand-written CSV splitter, not the project's Extract or Transform code. It exists to
/// recount statistics by another road.
struct MinimalReader {
    struct Record {
        var file: String
        var country: String
        var round: String
        var answers: [String: [String]]
    }

    let questionnaire = Fixtures.questionnaire
    let reference = Fixtures.reference

    func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Country → ISO3 by code or by any name with its parenthesised part removed; nil if none or several.
    func country(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let bareInput = trimmed.replacingOccurrences(of: #"\s*\(.*\)\s*"#, with: "", options: .regularExpression)
        var found = Set<String>()
        for country in reference.countries {
            if [country.iso3, country.iso2, country.m49].contains(trimmed.uppercased()) { return country.iso3 }
            let names = Array(country.name.values.values) + country.aliases
            for name in names {
                let bare = name.replacingOccurrences(of: #"\s*\(.*\)\s*"#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: "*", with: "").trimmingCharacters(in: .whitespaces)
                if fold(bare) == fold(trimmed) || fold(bare) == fold(bareInput) { found.insert(country.iso3) }
            }
        }
        return found.count == 1 ? found.first : nil
    }

    /// A value → choice code, by code or by a label in any language.
    func code(_ value: String, question: Question) -> String? {
        for choice in question.choices {
            if choice.code == value.trimmingCharacters(in: .whitespaces) { return choice.code }
            if choice.label.values.values.contains(where: { fold($0) == fold(value) }) { return choice.code }
        }
        return nil
    }

    func read(folder: URL) throws -> [Record] {
        let paths = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".csv") || $0.hasSuffix(".zip") }.sorted()
        var records: [Record] = []
        for path in paths {
            let data = try Data(contentsOf: folder.appendingPathComponent(path))
            if path.hasSuffix(".xml") {
                let delegate = XMLCollector()
                let parser = XMLParser(data: data)
                parser.delegate = delegate
                _ = parser.parse()
                records += delegate.records.map { Record(file: path, country: $0.0, round: $0.1, answers: $0.2) }
            } else if path.hasSuffix(".zip") {
                // An ODK Central .csv.zip: the main table is the shortest-named top-level .csv
                // (the repeat tables are `<main>-<repeat>.csv`).
                records += csvRecords(String(decoding: try Self.mainTable(zip: data), as: UTF8.self), file: path)
            } else {
                records += csvRecords(String(decoding: data, as: UTF8.self), file: path)
            }
        }
        return records
    }

    /// The entries of a `.zip` held in memory, by name (ZIPFoundation, not the project's reader).
    static func zipEntries(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var entries: [String: Data] = [:]
        for entry in archive where entry.type == .file {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            entries[entry.path] = bytes
        }
        return entries
    }

    static func mainTable(zip data: Data) throws -> Data {
        let entries = try zipEntries(data)
        let main = entries.keys.filter { $0.hasSuffix(".csv") && !$0.contains("/") }.min { ($0.count, $0) < ($1.count, $1) }
        return main.flatMap { entries[$0] } ?? Data()
    }

    func csvRecords(_ text: String, file: String) -> [Record] {
        let firstLine = text.prefix { $0 != "\n" }
        let delimiter: Unicode.Scalar = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        var rows = Self.splitCSV(text, delimiter: delimiter)
        guard !rows.isEmpty else { return [] }
        let header = rows.removeFirst()
        // Kobo's HXL row.
        if let next = rows.first, next.contains(where: { !$0.isEmpty }), next.filter({ !$0.isEmpty }).allSatisfy({ $0.hasPrefix("#") }) {
            rows.removeFirst()
        }
        let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        if let q = column["question_id"], let v = column["value"], let c = column["country"] {
            var order: [String] = []
            var byCountry: [String: Record] = [:]
            for row in rows where row.count > v {
                let key = row[c]
                if byCountry[key] == nil {
                    order.append(key)
                    byCountry[key] = Record(file: file, country: key, round: column["round"].map { row[$0] } ?? "2026", answers: [:])
                }
                byCountry[key]!.answers[row[q], default: []].append(row[v])
            }
            return order.map { byCountry[$0]! }
        }
        // Wide layouts: plain ids, Central's `group-id`, Kobo's `group/id`; split 0/1 columns
        // `…id/option` give multiple-choice answers (and win over the combined column).
        var records: [Record] = []
        for row in rows {
            if let review = column["ReviewState"].map({ row[$0] }), review == "rejected" { continue }
            if let review = column["_validation_status"].map({ row[$0] }), review == "validation_status_not_approved" { continue }
            var answers: [String: [String]] = [:]
            var split: [String: [String]] = [:]
            for (index, name) in header.enumerated() where index < row.count && !row[index].isEmpty && !name.hasPrefix("_") {
                let parts = name.split(separator: "/").map(String.init)
                let isKobo = delimiter == ";"
                if (isKobo && parts.count == 3) || (!isKobo && parts.count == 2) {
                    let question = String(parts[parts.count - 2].split(separator: "-").last!)
                    split[question, default: []] += row[index] == "1" ? [parts.last!] : []
                    continue
                }
                let key = String(parts.last!.split(separator: "-").last!)
                answers[key] = row[index].components(separatedBy: " | ")
                if !isKobo && column["KEY"] != nil { answers[key] = row[index].components(separatedBy: " ") }
            }
            for (question, options) in split { answers[question] = options.isEmpty ? nil : options }
            records.append(Record(file: file, country: row[column["country"]!], round: column["round"].map { row[$0] } ?? "2026", answers: answers))
        }
        return records
    }

    /// RFC 4180 splitting, enough for the files LegiSurvey's sample writes.
    static func splitCSV(_ text: String, delimiter: Unicode.Scalar = ",") -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { cell.unicodeScalars.append(characters.removeFirst()) } else { quoted = false }
                } else {
                    cell.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == delimiter {
                row.append(cell)
                cell = ""
            } else if c == "\r" || c == "\n" {
                if c == "\r" && characters.first == "\n" { characters.removeFirst() }
                row.append(cell)
                cell = ""
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row = []
            } else {
                cell.unicodeScalars.append(c)
            }
        }
        if !cell.isEmpty || !row.isEmpty {
            row.append(cell)
            rows.append(row)
        }
        return rows
    }
}

final class XMLCollector: NSObject, XMLParserDelegate {
    var records: [(String, String, [String: [String]])] = []
    /// An XForm instance: any root other than submissions/submission; leaves are fields.
    private var instance = false
    private var depth = 0
    private var leaf = true
    private var country = ""
    private var round = ""
    private var answers: [String: [String]] = [:]
    private var question: String?
    private var text = ""
    private var values: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        depth += 1
        if depth == 1 && name != "submissions" && name != "submission" {
            instance = true
            answers = [:]
        }
        if instance {
            leaf = true
            text = ""
            return
        }
        switch name {
        case "submission":
            country = attributes["country"] ?? ""
            round = attributes["round"] ?? "2026"
            answers = [:]
        case "answer":
            question = attributes["question"]
            text = ""
            values = []
        case "value": text = ""
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        defer { depth -= 1 }
        if instance {
            if depth == 1 {
                records.append((answers["country"]?.first ?? "", answers["round"]?.first ?? "2026", answers))
            } else if leaf {
                let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !value.isEmpty && name != "instanceID" { answers[name] = value.components(separatedBy: " ") }
            }
            leaf = false
            return
        }
        switch name {
        case "value": values.append(text)
        case "answer":
            if let question {
                let all = values.isEmpty ? [text] : values
                if !all.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { answers[question] = all }
            }
            question = nil
        case "submission": records.append((country, round, answers))
        default: break
        }
    }
}
