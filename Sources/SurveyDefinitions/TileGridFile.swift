// The world tile grid file (issue 27; `Pipelines/reference/world-tiles.csv`, pipeline key
// `tile_grid:`): `iso3,column,row`, one line per UN Member State, `#` comment lines and blank
// lines ignored. Made by `Pipelines/reference/build_tiles.py`; may be edited by hand, so every
// line is checked and a mistake is refused naming the file and line.
public import Foundation
public import SurveyModel

extension TileLayout {
    /// Reads and checks a tile grid file against the reference: the header `iso3,column,row`;
    /// each line a code of the reference and two whole numbers from 1; no State twice, no two
    /// States on one cell, and every Member State (`un_status: member`) placed. `displayPath`
    /// names the file in messages (its path by default).
    public static func load(from url: URL, displayPath: String? = nil, reference: CountryReference) throws -> TileLayout {
        let path = displayPath ?? url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DefinitionError.fileMissing(what: "tile grid", path: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DefinitionError.invalidDefinition(path: path, detail: "not UTF-8 text")
        }
        return try parse(text, path: path, reference: reference)
    }

    /// ``load(from:displayPath:reference:)`` of a file's text.
    public static func parse(_ text: String, path: String, reference: CountryReference) throws -> TileLayout {
        func fail(_ line: Int, _ detail: String) -> DefinitionError { .invalidDefinition(path: "\(path):\(line)", detail: detail) }
        var tiles: [(iso3: String, cell: TileCell)] = []
        var lineOf: [String: Int] = [:]
        var cellOwner: [TileCell: (iso3: String, line: Int)] = [:]
        var header = false
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if !header {
                guard fields == ["iso3", "column", "row"] else {
                    throw fail(number, "the header is '\(line)' (expected iso3,column,row)")
                }
                header = true
                continue
            }
            guard fields.count == 3 else { throw fail(number, "'\(line)' has \(fields.count) fields (expected iso3,column,row)") }
            let iso3 = fields[0].uppercased()
            guard let country = reference.country(iso3: iso3) else {
                throw fail(number, "unknown ISO3 code '\(fields[0])' (not in the reference data)")
            }
            guard country.unStatus == .member else {
                throw fail(number, "\(iso3) is not a UN Member State (un_status \(country.unStatus.rawValue)); the grid has one tile per Member State")
            }
            guard let column = Int(fields[1]), column >= 1, let row = Int(fields[2]), row >= 1 else {
                throw fail(number, "\(iso3): column '\(fields[1])' and row '\(fields[2])' must be whole numbers from 1")
            }
            if let first = lineOf[iso3] { throw fail(number, "\(iso3) has a second tile (the first is line \(first))") }
            let cell = TileCell(column: column, row: row)
            if let owner = cellOwner[cell] {
                throw fail(number, "\(iso3) and \(owner.iso3) (line \(owner.line)) are both on column \(column), row \(row)")
            }
            lineOf[iso3] = number
            cellOwner[cell] = (iso3, number)
            tiles.append((iso3, cell))
        }
        guard header else { throw fail(1, "no header line (expected iso3,column,row)") }
        let missing = reference.countries.filter { $0.unStatus == .member && lineOf[$0.iso3] == nil }.map(\.iso3).sorted()
        if !missing.isEmpty {
            throw fail(lines.count, "no tile for the Member State\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")
        }
        return TileLayout(tiles)
    }
}
