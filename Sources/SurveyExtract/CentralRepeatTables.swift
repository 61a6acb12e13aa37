// The repeat tables of an ODK Central `.csv.zip` (`<formId>-<repeat>.csv`): read with libcsv,
// joined to their parent rows by PARENT_KEY → KEY, and handed on as answers of the root submission.
import SurveyModel

/// The repeat tables of one ODK Central `.csv.zip` (docs/formats.md, "ODK Central .csv.zip").
///
/// Each table holds the repeat's leaf columns, then `PARENT_KEY` and `KEY`. A top-level repeat
/// row's `PARENT_KEY` is the root row's `KEY` (the instanceID) and its `KEY` is
/// `<instanceID>/laws[2]`; a nested repeat row's `PARENT_KEY` is its parent repeat row's `KEY` and
/// its `KEY` `<parentKEY>/amendments[1]`. Each row becomes answers of the root submission with
/// `groups` = the repeat names along the chain (`["laws", "amendments"]`), `groupPositions` = the
/// `[n]` of each KEY on it, and `field` = the column name without the repeat's group prefix
/// (`laws-title` → `title`; `title` as is). Answers carry the archive's path and the row's line
/// and column in its table.
///
/// A row whose KEY does not end in `name[n]` (`repeat-key-invalid`), a second row with an
/// earlier row's KEY (`repeat-key-duplicate`) and rows whose chain of PARENT_KEYs reaches no root
/// row (`repeat-row-orphan`, one diagnostic per missing parent) are not read.
struct CentralRepeatTables {
    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    private struct Row {
        var entry: String
        var line: Int
        var key: String
        var parentKey: String
        var name: String
        var index: Int
        /// Field and value cells, with their columns.
        var cells: [(field: String, value: String, column: Int)]
    }
    private var rows: [Row] = []
    private var rowByKey: [String: Int] = [:]
    /// The answers waiting for their root row, by the root's KEY, in table then row order.
    private var answersByRoot: [String: [RawAnswer]] = [:]
    /// Per root KEY: how many rows reach it, and the first row whose PARENT_KEY it is (what an
    /// orphan report points at).
    private var rootOrder: [String] = []
    private var rootRows: [String: (count: Int, entry: String, line: Int)] = [:]

    init(path: String) { self.path = path }

    /// Reads one repeat table (its rows are held until ``resolve()``).
    mutating func read(_ entryName: String, _ input: SubmissionInput) {
        var tableRows: [(header: [String], cells: [String], location: SourceLocation)] = []
        let result = CSVReader.decodeAndRead(input, { _ in }) { options in
            CSVSubmissionReader(path: input.path, delimiter: options.delimiter, limits: input.limits) { header, cells, location in
                tableRows.append((header, cells, location))
            }
        }
        for var diagnostic in result.diagnostics {
            // Say which table of the archive (its lines are the table's own).
            diagnostic.detail = "in \(entryName)" + (diagnostic.detail.map { ": " + $0 } ?? "")
            diagnostics.append(diagnostic)
        }
        guard let header = tableRows.first?.header else { return }
        let lowered = header.map { $0.lowercased() }
        guard let keyColumn = lowered.firstIndex(of: "key"), let parentColumn = lowered.firstIndex(of: "parent_key") else {
            diagnostics.append(
                Diagnostic(
                    .repeatKeyInvalid, at: SourceLocation(file: path, line: 1),
                    expected: "columns PARENT_KEY and KEY in the repeat table \(entryName)",
                    found: ZipExport.list(header.filter { !$0.isEmpty })))
            return
        }
        var firstColumn: [String: Int] = [:]
        for (index, name) in lowered.enumerated() where firstColumn[name] == nil { firstColumn[name] = index }
        let answerColumns = header.indices.filter { index in
            index != keyColumn && index != parentColumn && !header[index].isEmpty && !header[index].hasPrefix("_")
                && firstColumn[lowered[index]] == index
        }
        for (_, cells, location) in tableRows {
            let line = location.line ?? 0
            func cell(_ index: Int) -> String { index < cells.count ? cells[index] : "" }
            let key = cell(keyColumn).trimmingWhitespace()
            guard let (name, index) = Self.lastStep(of: key) else {
                diagnostics.append(
                    Diagnostic(
                        .repeatKeyInvalid, at: SourceLocation(file: path, line: line, column: keyColumn + 1),
                        expected: "a KEY ending in the row's repeat and position (uuid:…/laws[2]) in \(entryName)",
                        found: key.isEmpty ? "an empty KEY" : "KEY \(key)"))
                continue
            }
            if let earlier = rowByKey[key] {
                diagnostics.append(
                    Diagnostic(
                        .repeatKeyDuplicate, at: SourceLocation(file: path, line: line, column: keyColumn + 1),
                        expected: "each KEY once in \(entryName)",
                        found: "KEY \(key) again (first in \(rows[earlier].entry) at line \(rows[earlier].line))"))
                continue
            }
            var row = Row(
                entry: entryName, line: line, key: key, parentKey: cell(parentColumn).trimmingWhitespace(), name: name,
                index: index, cells: [])
            for column in answerColumns {
                let value = cell(column)
                guard !value.allSatisfy(\.isWhitespace) else { continue }
                row.cells.append((Self.field(header[column], repeatName: name), value, column + 1))
            }
            rowByKey[key] = rows.count
            rows.append(row)
        }
    }

    /// `("laws", 2)` from `uuid:…/laws[2]`; nil when the KEY does not end so.
    static func lastStep(of key: String) -> (String, Int)? {
        guard let slash = key.lastIndex(of: "/") else { return nil }
        let step = key[key.index(after: slash)...]
        guard let open = step.firstIndex(of: "["), step.last == "]", open > step.startIndex,
            let index = Int(step[step.index(after: open)..<step.index(before: step.endIndex)]), index >= 1
        else { return nil }
        return (String(step[..<open]), index)
    }

    /// The column's field inside the repeat: the part after the repeat's name in a group path
    /// (`laws-title`, `inventory-laws-title` → `title`), else the column as written.
    static func field(_ column: String, repeatName: String) -> String {
        let segments = column.split(separator: "-", omittingEmptySubsequences: false)
        guard let at = segments.lastIndex(where: { $0 == repeatName }), at < segments.count - 1 else { return column }
        return segments[(at + 1)...].joined(separator: "-")
    }

    /// Joins every row to its parent chain: its groups, positions and root KEY.
    mutating func resolve() {
        var resolved: [Int: (root: String, groups: [String], positions: [Int])] = [:]
        var tops: [String: (entry: String, line: Int)] = [:]
        func chain(_ index: Int, _ depth: Int) -> (root: String, groups: [String], positions: [Int]) {
            if let known = resolved[index] { return known }
            let row = rows[index]
            var result: (root: String, groups: [String], positions: [Int])
            // A chain longer than the table is a cycle of PARENT_KEYs: its top stands as the root.
            if let parent = rowByKey[row.parentKey], depth < rows.count {
                let above = chain(parent, depth + 1)
                result = (above.root, above.groups + [row.name], above.positions + [row.index])
            } else {
                result = (row.parentKey, [row.name], [row.index])
                if tops[row.parentKey] == nil { tops[row.parentKey] = (row.entry, row.line) }
            }
            resolved[index] = result
            return result
        }
        // Outer repeats' answers first (tables come in name order, not nesting order), each
        // level in table and row order.
        let chains = rows.indices.map { chain($0, 0) }
        for index in rows.indices.sorted(by: { (chains[$0].groups.count, $0) < (chains[$1].groups.count, $1) }) {
            let (root, groups, positions) = chains[index]
            let row = rows[index]
            if answersByRoot[root] == nil {
                answersByRoot[root] = []
                rootOrder.append(root)
            }
            rootRows[root, default: (0, row.entry, row.line)].count += 1
            for cell in row.cells {
                answersByRoot[root, default: []].append(
                    RawAnswer(
                        field: cell.field, values: [cell.value], location: SourceLocation(file: path, line: row.line, column: cell.column),
                        groups: groups, groupPositions: positions))
            }
        }
        for (root, top) in tops where rootRows[root] != nil {
            rootRows[root]?.entry = top.entry
            rootRows[root]?.line = top.line
        }
        rows.removeAll()
        rowByKey.removeAll()
    }

    /// Adds the repeat answers of the submission's root KEY (its instanceID) to it, once.
    mutating func attach(to submission: inout RawSubmission) {
        guard let key = submission.metadata.instanceID?.trimmingWhitespace(), rootRows[key] != nil else { return }
        rootRows[key] = nil
        submission.answers += answersByRoot.removeValue(forKey: key) ?? []
    }

    /// The rows whose root no row of the main table claimed: one diagnostic per missing KEY.
    func orphans(mainTable: String) -> [Diagnostic] {
        rootOrder.compactMap { root in
            guard let rows = rootRows[root] else { return nil }
            let key = root.isEmpty ? "(empty)" : root
            return Diagnostic(
                .repeatRowOrphan, at: SourceLocation(file: path, line: rows.line),
                expected: "a row with KEY \(key) in \(mainTable) or in a repeat table",
                found: "PARENT_KEY \(key) in \(rows.entry) line \(rows.line), \(rows.count == 1 ? "1 row" : "\(rows.count) rows") not read")
        }
    }
}
