import Foundation
import SurveyDefinitions
import SurveyModel
import SurveyPipeline
import SurveyTestSupport
import Testing

/// Issue 25's acceptance for the two editions of the report: the public edition (`report.html`,
/// `report.ar.html`) names no State in any table, checked in the DOM headless Chromium builds from
/// it; the internal edition (`report.internal.html`, asked for by `internal_edition:` or
/// `--edition internal`) names them in its planning tables, under its banner; a run without the
/// internal edition removes the one an earlier run wrote.
@Suite(.serialized) struct ReportEditionTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")

    func pipeline(_ output: URL, internalEdition: Bool) throws -> Pipeline {
        var configuration = try PipelineConfiguration.load(
            path: Fixtures.pipelineFile.path, input: Self.input.path, output: output.path,
            store: output.appendingPathComponent("store.sqlite").path)
        configuration.internalEdition = internalEdition
        return try Pipeline(configuration: configuration)
    }

    /// The DOM of a page as headless Chromium builds it (`--dump-dom`).
    func dom(_ page: URL) async throws -> String {
        let result = try await HeadlessChromium.dumpDOM(page)
        #expect(result.status == 0, "\(result.errors.suffix(500))")
        return result.text
    }

    /// The text of every table cell (`td`, `th`) of a serialized DOM, tags removed and the
    /// entities Chromium writes decoded. Chromium's serialization closes every cell.
    static func tableCells(_ dom: String) -> [String] {
        var cells: [String] = []
        var rest = dom[...]
        while let open = rest.range(of: "<t", options: .literal) {
            rest = rest[open.upperBound...]
            guard let kind = rest.first, kind == "d" || kind == "h", rest.dropFirst().first.map({ $0 == ">" || $0 == " " }) == true,
                let end = rest.range(of: "</t\(kind)>")
            else { continue }
            let inner = rest[rest.index(after: rest.startIndex)..<end.lowerBound]
            var text = ""
            var inTag = true  // the rest of the opening tag comes first
            for character in inner {
                if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { text.append(character) }
            }
            for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
                text = text.replacingOccurrences(of: entity, with: character)
            }
            cells.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return cells
    }

    /// Every Member State's short name in `language` and in English, as a report writes it (the
    /// UNTERM article in parentheses dropped).
    static func stateNames(_ language: Language) -> Set<String> {
        var names = Set<String>()
        for country in Fixtures.reference.countries where country.unStatus == .member {
            for lang in [language, .en] {
                guard var name = country.name[lang] else { continue }
                name = name.replacingOccurrences(of: " *", with: "")
                if let open = name.lastIndex(of: "("), name.hasSuffix(")"),
                    ["the", "le", "la", "les", "l'", "el", "los", "las"].contains(String(name[name.index(after: open)...].dropLast()))
                {
                    name = String(name[..<open])
                }
                names.insert(name.trimmingCharacters(in: .whitespaces))
                names.insert(country.name.text(in: lang))
            }
        }
        return names
    }

    /// `dom` without its "who responded" map section (issue 27): the one place the public report
    /// shows States one by one, with what is public about each anyway (whether it responded, as
    /// the profiles' index; its published answers to the headline items, as answers.csv and the
    /// profiles), never a need, a tier or a place.
    static func withoutMap(_ dom: String) -> (rest: String, map: String) {
        guard let start = dom.range(of: "<section id=\"map\">"), let end = dom.range(of: "</section>", range: start.upperBound..<dom.endIndex)
        else { return (dom, "") }
        return (String(dom[..<start.lowerBound]) + String(dom[end.upperBound...]), String(dom[start.lowerBound..<end.upperBound]))
    }

    @Test func thePublicEditionNamesNoStateAndTheInternalEditionDoes() async throws {
        let output = Fixtures.temporaryFolder("editions").appendingPathComponent("out")
        _ = try await pipeline(output, internalEdition: true).run(reportLanguages: [.ar])
        for (file, language) in [("report.html", Language.en), ("report.ar.html", .ar)] {
            let (dom, map) = Self.withoutMap(try await dom(output.appendingPathComponent(file)))
            #expect(map.contains("data-map=\"response\""), "\(file): the map of who responded")
            for marker in ["data-quadrant", "data-tier", "data-rank", "data-need", "data-score", "data-area"] {
                #expect(!map.contains(marker), "\(file): the map shows no planning figure (\(marker))")
            }
            #expect(dom.contains("data-edition=\"public\""), "\(file) is the public edition")
            let cells = Self.tableCells(dom)
            #expect(cells.count > 200, "\(file): the DOM has the report's tables (\(cells.count) cells)")
            let named = cells.filter(Self.stateNames(language).contains)
            #expect(named.isEmpty, "\(file) names States in its tables: \(named.prefix(10))")
            #expect(!dom.contains("data-iso3="), "\(file): no row or cell keyed by a State")
            #expect(!dom.contains("edition-banner"))
        }
        for (file, language) in [("report.internal.html", Language.en), ("report.internal.ar.html", .ar)] {
            let dom = try await dom(output.appendingPathComponent(file))
            #expect(dom.contains("data-edition=\"internal\"") && dom.contains("class=\"edition-banner\""), "\(file) carries its banner")
            let named = Self.tableCells(dom).filter(Self.stateNames(language).contains)
            #expect(named.count >= 100, "\(file) names the States of its planning table (\(named.count))")
        }

        // The planning table lists ta_planning.csv's rows: by quadrant (plan, scope, outreach);
        // equal needs share a place written "k=" within their quadrant, and a tie is listed by
        // coverage (the better-known need first), then by the State's name, never by its code.
        let html = try String(contentsOf: output.appendingPathComponent("report.internal.html"), encoding: .utf8)
        func attribute(_ name: String, _ row: Substring) -> String? {
            row.range(of: "\(name)=\"").map { String(row[$0.upperBound...].prefix { $0 != "\"" }) }
        }
        let planningTable = html.components(separatedBy: "<table class=\"names-states planning\">").dropFirst().first?
            .components(separatedBy: "</table>").first ?? ""
        let rows = planningTable.components(separatedBy: "<tr data-iso3=\"").dropFirst().map { $0.prefix { $0 != ">" } }
        #expect(rows.count >= 50, "the planning table lists the demo's plan, scope and outreach rows (\(rows.count))")
        let quadrantOrder = ["plan", "scope", "outreach"]
        let quadrants = rows.compactMap { attribute("data-quadrant", $0) }
        #expect(quadrants.count == rows.count && quadrants.allSatisfy(quadrantOrder.contains))
        #expect(quadrants == quadrants.sorted { quadrantOrder.firstIndex(of: $0)! < quadrantOrder.firstIndex(of: $1)! }, "by quadrant")
        var tiedGroups = 0
        var byGroup: [String: [(iso3: String, coverage: Double)]] = [:]
        var groupOrder: [String] = []
        for row in rows {
            let iso3 = String(row.prefix(3))
            guard let quadrant = attribute("data-quadrant", row), let rank = attribute("data-rank", row),
                let coverage = attribute("data-coverage", row).flatMap(Double.init)
            else { continue }
            guard rank.hasSuffix("=") else { continue }
            let key = "\(quadrant) \(rank)"
            if byGroup[key] == nil { groupOrder.append(key) }
            byGroup[key, default: []].append((iso3, coverage))
        }
        for key in groupOrder {
            let members = byGroup[key]!
            #expect(members.count >= 2, "a place written \(key) is shared")
            let order = members.map { (coverage: $0.coverage, name: Fixtures.reference.country(iso3: $0.iso3)!.name.text(in: .en)) }
            let sorted = order.sorted { $0.coverage != $1.coverage ? $0.coverage > $1.coverage : $0.name.compare($1.name) != .orderedDescending }
            #expect(order.map(\.name) == sorted.map(\.name), "\(key): a tie by coverage, then name: \(members.map(\.iso3))")
            if members.map(\.iso3) != members.map(\.iso3).sorted() { tiedGroups += 1 }
        }
        #expect(!groupOrder.isEmpty, "the demo has tied needs")
        #expect(tiedGroups > 0, "some tie is listed in another order than the codes'")
        // The need × demand table names States in every quadrant; the follow-up list gives what
        // to ask for.
        #expect(html.contains("<table class=\"names-states need-demand\">"))
        let needDemand = html.components(separatedBy: "<table class=\"names-states need-demand\">").dropFirst().first?
            .components(separatedBy: "</table>").first ?? ""
        var named: [String: Int] = [:]
        for cell in needDemand.components(separatedBy: "<td data-quadrant=\"").dropFirst() {
            named[String(cell.prefix { $0 != "\"" }), default: 0] += attribute("data-n", cell.prefix { $0 != ">" }).flatMap(Int.init) ?? 0
        }
        for quadrant in ["plan", "scope", "outreach", "neither"] { #expect(named[quadrant, default: 0] > 0, "\(quadrant): \(named)") }
        #expect(html.contains("<table class=\"names-states follow-up\">"), "the demo has States with too little answered in some area")

        // The profiles: the public page has no planning figures; the internal page (its links
        // resolved from countries/) has them, with its banner, and the internal report links to it.
        let countries = output.appendingPathComponent("countries")
        let publicProfile = try String(contentsOf: countries.appendingPathComponent("AFG.html"), encoding: .utf8)
        #expect(!publicProfile.contains("id=\"planning\"") && !publicProfile.contains("data-quadrant=") && !publicProfile.contains("data-tier="))
        let internalProfile = try String(contentsOf: countries.appendingPathComponent("internal/AFG.html"), encoding: .utf8)
        #expect(internalProfile.contains("<base href=\"../\">") && internalProfile.contains("class=\"notice edition-banner\""))
        #expect(internalProfile.contains("id=\"planning\"") && internalProfile.components(separatedBy: "data-quadrant=\"").count - 1 >= 3)
        #expect(FileManager.default.fileExists(atPath: countries.appendingPathComponent("internal/AFG.ar.html").path))
        let links = html.components(separatedBy: "<a class=\"profile-link\" href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(!links.isEmpty && links.allSatisfy { $0.hasPrefix("countries/internal/") }, "the internal report links to the internal profiles")
        for link in Set(links) {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(link).path), "\(link) was written")
        }
        let publicReport = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!publicReport.contains("countries/internal/"))

        // A run without the internal edition removes the internal reports and profiles an
        // earlier run wrote.
        _ = try await pipeline(output, internalEdition: false).run(reportLanguages: [.ar])
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path)
        #expect(!files.contains { $0.hasPrefix("report.internal") }, "\(files.sorted())")
        #expect(files.contains("report.html") && files.contains("report.ar.html"))
        #expect(!FileManager.default.fileExists(atPath: countries.appendingPathComponent("internal").path))
    }

    @Test func thePipelineFileAndTheCommandLineAskForTheInternalEdition() throws {
        let folder = Fixtures.temporaryFolder("edition-key")
        let text = try String(contentsOf: Fixtures.pipelineFile, encoding: .utf8)
        let file = Fixtures.packageRoot.appendingPathComponent("Pipelines/edition-test-\(UUID().uuidString).yml")
        defer { try? FileManager.default.removeItem(at: file) }
        try (text + "\ninternal_edition: true\n").write(to: file, atomically: true, encoding: .utf8)
        let asked = try PipelineDefinitions.load(path: file.path, output: folder.path)
        #expect(asked.configuration.internalEdition)
        let overridden = try PipelineDefinitions.load(path: file.path, output: folder.path, internalEdition: false)
        #expect(!overridden.configuration.internalEdition, "--edition public wins over the file")
        let plain = try PipelineDefinitions.load(path: Fixtures.pipelineFile.path, output: folder.path)
        #expect(!plain.configuration.internalEdition, "public only unless asked")
        #expect(try PipelineDefinitions.load(path: Fixtures.pipelineFile.path, output: folder.path, internalEdition: true).configuration.internalEdition)
    }
}
