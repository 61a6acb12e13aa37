// The world tile grid (issue 27 item 3): `Pipelines/reference/world-tiles.csv` loads against the
// reference with one tile per Member State and no two on one cell, reads like a world map
// (checks that a scrambled or mirrored layout would fail), and a broken file is refused naming
// its line.
import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyTestSupport
import Testing

@Suite struct TileGridTests {
    static let referenceURL = Fixtures.packageRoot.appendingPathComponent("Pipelines/reference/countries.yml")
    static let gridURL = Fixtures.packageRoot.appendingPathComponent("Pipelines/reference/world-tiles.csv")

    static func load() throws -> (CountryReference, TileLayout) {
        let reference = try CountryReference.load(from: referenceURL)
        return (reference, try TileLayout.load(from: gridURL, reference: reference))
    }

    @Test func theLayoutHasOneTileForEachMemberStateAndNoCollision() throws {
        let (reference, layout) = try Self.load()
        let members = Set(reference.countries.filter { $0.unStatus == .member }.map(\.iso3))
        #expect(members.count == 193)
        #expect(Set(layout.cells.keys) == members)
        #expect(layout.order.count == 193, "one line per State")
        #expect(Set(layout.cells.values).count == 193, "no two States on one cell")
        #expect((30...34).contains(layout.columns) && (18...22).contains(layout.rows), "\(layout.columns) x \(layout.rows)")
    }

    @Test func theLayoutReadsAsAWorldMap() throws {
        let (reference, layout) = try Self.load()
        func cell(_ iso3: String) -> TileCell { layout.cells[iso3]! }
        func region(_ code: String) -> [TileCell] {
            reference.countries.filter { $0.unStatus == .member && $0.region == code }.map { cell($0.iso3) }
        }
        func median(_ values: [Int]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? Double(sorted[sorted.count / 2]) : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        func mean(_ values: [Int]) -> Double { Double(values.reduce(0, +)) / Double(values.count) }
        let europeColumn = median(region("150").map(\.column))
        // The Americas left of Europe, Asia right of it, Africa below it, Oceania below Asia.
        #expect(region("019").allSatisfy { Double($0.column) < europeColumn })
        #expect(median(region("142").map(\.column)) > europeColumn)
        #expect(mean(region("002").map(\.row)) > mean(region("150").map(\.row)))
        #expect(mean(region("009").map(\.row)) > mean(region("142").map(\.row)))
        #expect(mean(region("009").map(\.column)) > mean(region("142").map(\.column)))
        // Neighbours where a reader expects them.
        #expect(cell("FRA").column < cell("DEU").column)
        #expect(cell("ESP").column < cell("ITA").column && cell("PRT").column <= cell("ESP").column)
        #expect(cell("NOR").row < cell("ITA").row && cell("FIN").row < cell("GRC").row)
        #expect(cell("CAN").row < cell("USA").row && cell("USA").row < cell("MEX").row)
        #expect(cell("MEX").row < cell("BRA").row && cell("BRA").row < cell("ARG").row)
        #expect(cell("JPN").column > cell("CHN").column && cell("KOR").column > cell("CHN").column)
        #expect(cell("AUS").row > cell("IDN").row && cell("NZL").row > cell("AUS").row)
        #expect(cell("EGY").row > cell("TUR").row && cell("ZAF").row > cell("NGA").row)
        #expect(cell("IND").column > cell("PAK").column && cell("RUS").row < cell("KAZ").row)
        // Small island States near their region: the Caribbean beside Central America, the
        // Pacific islands right of Australia's column, the Maldives near India.
        for iso3 in ["JAM", "TTO", "BRB", "LCA"] { #expect(cell(iso3).column < Int(europeColumn) - 3, "\(iso3)") }
        for iso3 in ["FJI", "TON", "WSM", "KIR", "TUV"] { #expect(cell(iso3).column > cell("AUS").column, "\(iso3)") }
        #expect(abs(cell("MDV").column - cell("IND").column) <= 3 && abs(cell("MDV").row - cell("IND").row) <= 4)
    }

    @Test func theScriptsOutputLoads() async throws {
        // The committed file may be a hand edit of the script's output (`build_tiles.py --check`
        // says whether it is), so the test does not compare the two: the script's own output
        // must load, with every Member State placed.
        let folder = Fixtures.temporaryFolder("tile-grid")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("world-tiles.csv")
        let result = try await ExternalProgram.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Fixtures.packageRoot.appendingPathComponent("Pipelines/reference/build_tiles.py").path, "--output", output.path])
        #expect(result.status == 0, "\(result.errors)")
        let reference = try CountryReference.load(from: Self.referenceURL)
        let built = try TileLayout.load(from: output, reference: reference)
        #expect(built.cells.count == 193)
    }

    static let header = "# a comment\niso3,column,row\n"

    static func refusal(_ body: String) throws -> String {
        let reference = try CountryReference.load(from: referenceURL)
        let committed = try String(contentsOf: gridURL, encoding: .utf8)
        // Every Member State but the ones the body places, from the committed file, then the body.
        let placed = Set(body.split(separator: "\n").map { String($0.prefix(3)) })
        let rest = committed.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("iso3") && !placed.contains(String($0.prefix(3))) }
        let text = header + body + rest.joined(separator: "\n") + "\n"
        do {
            _ = try TileLayout.parse(text, path: "world-tiles.csv", reference: reference)
        } catch {
            return "\(error)"
        }
        Issue.record("accepted: \(body)")
        return ""
    }

    @Test func aBrokenFileIsRefusedNamingItsLine() throws {
        let (_, layout) = try Self.load()
        let fra = layout.cells["FRA"]!
        #expect(try Self.refusal("XYZ,1,1\n") == "world-tiles.csv:3: unknown ISO3 code 'XYZ' (not in the reference data)")
        #expect(try Self.refusal("FRA,40,1\nFRA,41,1\n") == "world-tiles.csv:4: FRA has a second tile (the first is line 3)")
        #expect(try Self.refusal("FRA,\(fra.column),\(fra.row)\nDEU,\(fra.column),\(fra.row)\n").hasPrefix("world-tiles.csv:4: DEU and FRA (line 3) are both on column \(fra.column), row \(fra.row)"))
        #expect(try Self.refusal("FRA,2.5,1\n") == "world-tiles.csv:3: FRA: column '2.5' and row '1' must be whole numbers from 1")
        #expect(try Self.refusal("FRA,0,3\n").hasPrefix("world-tiles.csv:3: FRA: column '0'"))
        #expect(try Self.refusal("PSE,40,1\n").hasPrefix("world-tiles.csv:3: PSE is not a UN Member State"))
        #expect(try Self.refusal("FRA,40\n").hasPrefix("world-tiles.csv:3: 'FRA,40' has 2 fields"))
        // A Member State without a tile.
        let reference = try CountryReference.load(from: Self.referenceURL)
        let committed = try String(contentsOf: Self.gridURL, encoding: .utf8)
        let without = committed.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("TUV,") }.joined(separator: "\n")
        #expect(throws: DefinitionError.self) { try TileLayout.parse(without, path: "world-tiles.csv", reference: reference) }
        do {
            _ = try TileLayout.parse(without, path: "world-tiles.csv", reference: reference)
        } catch {
            #expect("\(error)".hasPrefix("world-tiles.csv:") && "\(error)".hasSuffix("no tile for the Member State TUV"))
        }
    }

    @Test func thePipelineLoadsTheGridBesideTheReference() throws {
        let definitions = try PipelineDefinitions.load(path: Fixtures.packageRoot.appendingPathComponent("Pipelines/default.yml").path)
        #expect(definitions.reference.tiles?.cells.count == 193)
        #expect(definitions.configuration.tileGrid?.lastPathComponent == "world-tiles.csv")
        #expect(definitions.configuration.definitionFiles.contains { $0.role == "tile_grid" })
    }
}
