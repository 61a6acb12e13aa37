import Foundation
import SurveyModel
import SurveyPipeline
import SurveyDefinitions
import SurveyTestSupport
import Testing

/// `report.html`: its numbers are those of the CSV outputs, it is self-contained, and it comes in
/// the six languages (right to left for Arabic).
@Suite(.serialized) struct ReportTests {
    static let input = Fixtures.packageRoot.appendingPathComponent("Input")

    static let shared = Task { () async throws -> URL in
        let folder = Fixtures.temporaryFolder("report")
        let output = folder.appendingPathComponent("out")
        let file = try Fixtures.pipelineFile(in: folder, input: input, output: output, extra: Fixtures.defaultStatisticsKeys)
        _ = try await Pipeline(configuration: try PipelineConfiguration.load(path: file.path)).run(reportLanguages: Language.allCases)
        try Data(file.path.utf8).write(to: output.appendingPathComponent(".pipeline-path"))
        return output
    }

    /// Every start tag of the report in the six languages and of the country pages names each
    /// attribute once (a browser keeps the first of two and a checker refuses the page; the
    /// accessibility pass once wrote `scope` twice into every header cell). Read by Python's
    /// HTML tokenizer, which hands on every attribute as written.
    @Test func everyTagOfTheReportAndTheCountryPagesHasEachAttributeOnce() async throws {
        let output = try await Self.shared.value
        let python = Fixtures.venvPython
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record("python not found at \(python.path): run `make interop`")
            return
        }
        let countries = output.appendingPathComponent("countries")
        let pages = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".html") }.map {
            output.appendingPathComponent($0).path
        } + FileManager.default.contentsOfDirectory(atPath: countries.path).filter { $0.hasSuffix(".html") }.map {
            countries.appendingPathComponent($0).path
        }
        #expect(pages.count > 60)
        let script = """
            import sys
            from html.parser import HTMLParser
            class Check(HTMLParser):
                def __init__(self):
                    super().__init__(convert_charrefs=True)
                    self.tags = 0
                    self.doubled = []
                def handle_starttag(self, tag, attrs):
                    self.tags += 1
                    names = [name for name, _ in attrs]
                    if len(names) != len(set(names)):
                        self.doubled.append(self.get_starttag_text()[:120])
                handle_startendtag = handle_starttag
            tags = 0
            for path in sys.argv[1:]:
                check = Check()
                with open(path, encoding="utf-8") as f:
                    check.feed(f.read())
                check.close()
                tags += check.tags
                for text in check.doubled[:3]:
                    print(f"{path}: {text}", file=sys.stderr)
                if check.doubled:
                    print(f"{path}: {len(check.doubled)} tags with an attribute twice", file=sys.stderr)
            print(tags)
            """
        let scriptFile = output.appendingPathComponent("attributes_once.py")
        try Data(script.utf8).write(to: scriptFile)
        let run = try await ExternalProgram.run(python, [scriptFile.path] + pages.sorted())
        #expect(run.status == 0 && run.errors.isEmpty, "\(run.errors.prefix(3000))")
        #expect((Int(run.text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 10_000, "tags read: \(run.text)")
    }

    @Test func theReportCommandWritesTheSameReportFromTheStore() async throws {
        let output = try await Self.shared.value
        let file = try String(contentsOf: output.appendingPathComponent(".pipeline-path"), encoding: .utf8)
        let pipeline = try Pipeline(configuration: try PipelineConfiguration.load(path: file))
        let fromRun = try Data(contentsOf: output.appendingPathComponent("report.fr.html"))
        let written = try await pipeline.writeReports(languages: [.fr])
        // The report and the country profiles it links to (issue 21).
        #expect(written == [output.appendingPathComponent("report.fr.html").path, output.appendingPathComponent("countries").path])
        #expect(try Data(contentsOf: output.appendingPathComponent("report.fr.html")) == fromRun,
            "the report made from the store equals the one the run wrote")
        let html = String(decoding: fromRun, as: UTF8.self)
        #expect(html.contains("data-seen=\"151\"") && html.contains("data-accepted=\"145\""), "the run's accounting")
        #expect(html.contains("country-ambiguous"), "top rejection reasons")
    }

    /// Every `data-` attribute set of the elements with `marker` (a class or an attribute name).
    static func elements(_ html: String, containing marker: String) -> [[String: String]] {
        var found: [[String: String]] = []
        for piece in html.components(separatedBy: "<").dropFirst() where piece.contains(marker) {
            let tag = piece.prefix { $0 != ">" }
            var attributes: [String: String] = [:]
            for part in tag.components(separatedBy: " data-").dropFirst() {
                let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                guard pair.count == 2 else { continue }
                attributes[pair[0]] = pair[1].split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
            }
            found.append(attributes)
        }
        return found
    }

    static func csv(_ url: URL) throws -> [[String: String]] {
        let records = MinimalReader.splitCSV(try String(contentsOf: url, encoding: .utf8))
        guard let header = records.first else { return [] }
        return records.dropFirst().filter { $0.count == header.count }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func theBarsShowTheFiguresOfStatisticsCSV() async throws {
        let output = try await Self.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let bars = Self.elements(html, containing: "class=\"bar\"")
        #expect(bars.count > 200)
        var statistics: [String: [String: String]] = [:]
        for row in try Self.csv(output.appendingPathComponent("statistics.csv")) {
            statistics["\(row["round"]!)|\(row["question_id"]!)|\(row["option"]!)|\(row["group_type"]!):\(row["group_code"]!)"] = row
        }
        for bar in bars {
            let key = "\(bar["round"]!)|\(bar["question"]!)|\(bar["option"]!)|\(bar["group"]!)"
            let row = try #require(statistics[key], "\(key)")
            #expect(bar["n"] == row["n_responding"], "\(key)")
            #expect(bar["percent"] == row["percent"], "\(key)")
            #expect(bar["flag"] == row["flag"], "\(key)")
            #expect(bar["n-in-group"] == row["n_in_group"], "\(key)")
            #expect(bar["bound-low"] == row["bound_low"], "\(key)")
            #expect(bar["bound-high"] == row["bound_high"], "\(key)")
        }
        // The figures printed beside each bar are these numbers (a known row below).
        #expect(html.contains(" States answered; all "))
    }

    /// Issue 17: wherever a share is shown, its interval, n of N and the non-response bounds are
    /// beside it, and the report says in one sentence each what the interval and the bounds mean,
    /// in English and in Arabic (where the ranges are isolated left to right).
    @Test func sharesShowTheNonResponseBoundsAndSayWhatTheyMean() async throws {
        let output = try await Self.shared.value
        let english = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let arabic = try String(contentsOf: output.appendingPathComponent("report.ar.html"), encoding: .utf8)
        let rows = try Self.csv(output.appendingPathComponent("statistics.csv"))
        // A known row: the world's illegal access in any form, 2026 (63.5%, 63 of 193 in the demo).
        let row = try #require(rows.first {
            $0["round"] == "2026" && $0["question_id"] == "ch4_illegal_access" && $0["option"] == "any_form"
                && $0["group_type"] == "world"
        })
        let frame = try #require(Int(row["n_in_group"]!))
        let answered = frame - (try #require(Int(row["n_not_responding"]!)))
        let (percent, low, high) = (row["percent"]!, row["ci_low"]!, row["ci_high"]!)
        let (boundLow, boundHigh) = (row["bound_low"]!, row["bound_high"]!)
        #expect(!boundLow.isEmpty && !boundHigh.isEmpty && frame == 193)
        let text = "\(percent)% (\(low)–\(high)); \(answered) of \(frame) States answered; all \(frame): \(boundLow)–\(boundHigh)%"
        #expect(english.contains(text), "the headline and the progress table show \(text)")
        #expect(english.components(separatedBy: text).count - 1 >= 2, "headline and progress table")
        // Beside the chart's bar, the same text on two lines (the share; then n of N and the bounds).
        let lines = (first: "\(percent)% (\(low)–\(high))", second: "\(answered) of \(frame) States answered; all \(frame): \(boundLow)–\(boundHigh)%")
        #expect(english.contains("\">\(lines.first)</tspan><tspan x=\"") && english.contains("dy=\"14\">\(lines.second)"), "the chart shows \(lines)")
        let isolated = { (value: String) in "\u{2066}\(value)\u{2069}" }
        let arabicText = "\(isolated(percent + "%")) (\(isolated(low + "–" + high)))؛ أجابت \(answered) من \(frame) دولة؛ جميع الـ \(frame): \(isolated(boundLow + "–" + boundHigh + "%"))"
        #expect(arabic.contains(arabicText), "the Arabic report shows \(arabicText)")

        // The two sentences, in every chapter and the headline; the old plain-Wilson legend is gone.
        for (html, interval, bounds) in [
            (english, "The interval in brackets is a 95% Wilson interval computed on the finite-population effective sample size",
                "The non-response bounds (“all N: low–high%”) are the share among all N States of the group if every State that did not answer lacked the option (low) or had it (high)"),
            // (In Arabic, the figure inside the sentence is isolated left to right, or it reads "%95".)
            (arabic, "الفترة بين القوسين هي فترة ويلسون بنسبة \u{2066}95%\u{2069} محسوبة على حجم العينة الفعلي المصحح للمجتمع المحدود",
                "حدود عدم الرد («جميع الـ N: الأدنى–الأعلى%») هي النسبة بين جميع دول المجموعة"),
        ] {
            #expect(html.components(separatedBy: interval).count - 1 >= Chapter.allCases.count + 1, "the interval's sentence")
            #expect(html.components(separatedBy: bounds).count - 1 >= Chapter.allCases.count + 1, "the bounds' sentence")
            #expect(!html.contains("whiskers: Wilson 95% interval") && !html.contains("فترة ويلسون 95%؛") && !html.contains("فترة ويلسون \u{2066}95%\u{2069}؛"))
        }
    }

    @Test func theHeatTableShowsPrioritiesByGroup() async throws {
        let output = try await Self.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let cells = Self.elements(html, containing: "data-mean=")
        #expect(cells.count == 6 * 6, "world and five regions × six areas")
        var groups: [String: [String: String]] = [:]
        for row in try Self.csv(output.appendingPathComponent("priorities_by_group.csv")) where row["round"] == "2026" {
            groups["\(row["area"]!)|\(row["group_type"]!):\(row["group_code"]!)"] = row
        }
        for cell in cells {
            let row = try #require(groups["\(cell["area"]!)|\(cell["group"]!)"])
            #expect(cell["mean"] == row["mean_need"])
            #expect(cell["n"] == row["n_countries"])
        }
    }

    @Test func everyChapterHasChartsAndEveryLanguageItsFile() async throws {
        let output = try await Self.shared.value
        for language in Language.allCases {
            let name = language == .en ? "report.html" : "report.\(language.rawValue).html"
            let html = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
            #expect(html.contains("<html lang=\"\(language.rawValue)\" dir=\"\(language == .ar ? "rtl" : "ltr")\">"), "\(name)")
            for chapter in Chapter.allCases {
                let start = try #require(html.range(of: "id=\"chapter-\(chapter.rawValue)\""), "\(name): chapter \(chapter.rawValue)")
                let section = html[start.upperBound...].prefix { _ in true }
                let end = section.range(of: "</section>")!.lowerBound
                #expect(section[..<end].contains("<svg"), "\(name): a chart in chapter \(chapter.rawValue)")
            }
            // Self-contained: nothing is fetched. The only links are to the country profiles beside
            // it (issue 21), in the report's language, each to a State the run wrote a profile of
            // (its JSON: the `report` test above rewrites the pages in French only).
            for needle in ["src=", "url(", "@import", "<script", "<link"] {
                #expect(!html.contains(needle), "\(name) contains \(needle)")
            }
            let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            let suffix = language == .en ? ".html" : ".\(language.rawValue).html"
            #expect(hrefs.contains("countries/index\(suffix)"), "\(name): the link to the index of profiles")
            #expect(hrefs.filter { $0.hasPrefix("countries/") }.count > 10, "\(name): country names link to their profiles")
            for href in Set(hrefs) {
                // A link within the page (a key finding to its chart) names an element of the page.
                if href.hasPrefix("#") {
                    #expect(html.contains("id=\"\(href.dropFirst())\""), "\(name): \(href) names no element")
                    continue
                }
                #expect(href.hasPrefix("countries/") && href.hasSuffix(suffix), "\(name): \(href)")
                let json = String(href.dropLast(suffix.count)) + ".json"
                #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(json).path), "\(name): \(href)")
            }
        }
        let arabic = try String(contentsOf: output.appendingPathComponent("report.ar.html"), encoding: .utf8)
        #expect(arabic.contains("الفصل"), "Arabic headings")
    }

    /// Issue 21: the report's countries link to the States' profiles, only for States with one;
    /// every row of legislation.csv names its country's profile page, which the run wrote. Since
    /// issue 25 the public report's priorities are group-level (no State named there); the
    /// internal edition's names link to the internal profiles (ReportEditionTests).
    @Test func countryNamesAndLegislationRowsLinkToTheProfiles() async throws {
        let output = try await Self.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        // The consistency checks' summary lists the countries each check fired on, by code.
        let links = html.components(separatedBy: "<a class=\"profile-link\" href=\"countries/").dropFirst().map { piece in
            (iso3: String(piece.prefix { $0 != "." }), text: String(piece.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" }))
        }
        #expect(!links.isEmpty)
        for link in links {
            let name = Fixtures.reference.country(iso3: link.iso3)?.name.text(in: .en)
            #expect(link.text == name || link.text == link.iso3, "\(link): the country's name or code")
        }
        let priorities = try #require(html.components(separatedBy: "<section id=\"priorities\">").dropFirst().first?.components(separatedBy: "</section>").first)
        #expect(!priorities.contains("profile-link"), "the public report's priorities name no State")
        let profiles = Set(try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("countries").path)
            .filter { $0.hasSuffix(".json") && $0 != "index.json" }.map { String($0.dropLast(5)) })
        #expect(Set(links.map(\.iso3)).isSubset(of: profiles))
        let laws = try Self.csv(output.appendingPathComponent("legislation.csv"))
        #expect(!laws.isEmpty)
        for row in laws {
            let country = try #require(row["country"])
            #expect(row["profile"] == "countries/\(country).html", "\(row)")
            #expect(profiles.contains(country), "\(country) has a profile")
        }
        let header = try String(contentsOf: output.appendingPathComponent("legislation.csv"), encoding: .utf8).prefix { !$0.isNewline }
        #expect(header.hasSuffix(",source,profile"), "profile is the last column")
    }

    /// The tiles of the first tile grid in `html` after `marker`: ISO3 → (data-status, title).
    static func tiles(_ html: String, after marker: String) -> [String: (status: String, title: String)] {
        guard let start = html.range(of: marker), let open = html.range(of: "<svg class=\"tile-grid\"", range: start.upperBound..<html.endIndex),
            let close = html.range(of: "</svg>", range: open.upperBound..<html.endIndex)
        else { return [:] }
        var tiles: [String: (String, String)] = [:]
        for piece in html[open.upperBound..<close.lowerBound].components(separatedBy: " data-iso3=\"").dropFirst() {
            let iso3 = String(piece.prefix { $0 != "\"" })
            let status = piece.components(separatedBy: "data-status=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) } ?? ""
            var title = piece.components(separatedBy: "<title>").dropFirst().first.map { String($0.prefix { $0 != "<" }) } ?? ""
            for (entity, character) in [("&#39;", "'"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
                title = title.replacingOccurrences(of: entity, with: character)
            }
            tiles[iso3] = (status, title)
        }
        return tiles
    }

    /// Issue 27 item 3: the tile map of who responded has a tile per Member State whose status is
    /// what answers.csv and responses.csv say; the headline items' maps colour each State by its
    /// answer in answers.csv; the Arabic report has the map too; a profile's map highlights its
    /// own State only.
    @Test func theTileMapsShowWhoRespondedAndWhatTheyAnswered() async throws {
        let output = try await Self.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let members = Set(Fixtures.reference.countries.filter { $0.unStatus == .member }.map(\.iso3))
        let map = Self.tiles(html, after: "data-map=\"response\"")
        #expect(map.count == 193 && Set(map.keys) == members)
        let round = try #require(Self.elements(html, containing: "data-map=\"response\"").first?["round"])
        #expect(round == "2026")
        let answers = try Self.csv(output.appendingPathComponent("answers.csv"))
        var rounds: [String: Set<String>] = [:]
        for row in answers { rounds[row["country"] ?? "", default: []].insert(row["round"] ?? "") }
        for (iso3, tile) in map {
            let expected = rounds[iso3]?.contains(round) == true ? "answered" : rounds[iso3] == nil ? "none" : "earlier"
            #expect(tile.status == expected, "\(iso3)")
            let name = try #require(Fixtures.reference.country(iso3: iso3)?.name.text(in: .en))
            #expect(tile.title.hasPrefix("\(name): "), "\(iso3): \(tile.title)")
        }
        // responses.csv's world figure counts the population's States: the Member States here.
        let world = try #require(try Self.csv(output.appendingPathComponent("responses.csv")).first {
            $0["round"] == round && $0["group_type"] == "world"
        })
        let answered = map.values.filter { $0.status == "answered" }.count
        #expect(Int(world["n_with_submission"] ?? "") == answered && world["n_in_group"] == "193")
        #expect(html.contains("<li data-status=\"answered\" data-count=\"\(answered)\">"))
        #expect(map.values.contains { $0.status == "earlier" } && map.values.contains { $0.status == "none" })
        // The first headline item's map: each State's answer in the latest round, as answers.csv has it.
        let latest = answers.filter { $0["round"] == round }
        let question = "ch3_specific_law"
        let answerMap = Self.tiles(html, after: "data-map=\"answer\" data-question=\"\(question)\"")
        #expect(answerMap.count == 193)
        #expect(!latest.isEmpty)
        for row in latest {
            let iso3 = row["country"] ?? ""
            guard let tile = answerMap[iso3] else { continue }
            let value = row[question] ?? ""
            #expect(tile.title.hasSuffix(": " + (value.isEmpty ? "not answered or no submission" : value)), "\(iso3): \(tile.title) / \(value)")
            #expect((tile.status == "none") == value.isEmpty, "\(iso3)")
        }
        #expect(Set(latest.compactMap { $0["country"] }).subtracting(answerMap.keys).allSatisfy { !members.contains($0) })
        for (iso3, tile) in answerMap where rounds[iso3]?.contains(round) != true {
            #expect(tile.status == "none", "\(iso3): no submission in \(round)")
        }
        // In Arabic, the same map, drawn left to right.
        let arabic = try String(contentsOf: output.appendingPathComponent("report.ar.html"), encoding: .utf8)
        let arabicMap = Self.tiles(arabic, after: "data-map=\"response\"")
        #expect(arabicMap.count == 193 && arabicMap.mapValues(\.status) == map.mapValues(\.status))
        #expect(arabic.contains("<svg class=\"tile-grid\" role=\"img\"") && !arabic.contains("<svg class=\"tile-grid\" role=\"img\" aria-label=\"\" "))
        #expect(arabic.components(separatedBy: "<svg class=\"tile-grid\"").dropFirst().allSatisfy { $0.prefix { $0 != ">" }.contains("direction=\"ltr\"") })
        // A profile's map: the world grid, its own State the only one highlighted.
        for iso3 in ["AFG", "FRA"] where FileManager.default.fileExists(atPath: output.appendingPathComponent("countries/\(iso3).html").path) {
            let page = try String(contentsOf: output.appendingPathComponent("countries/\(iso3).html"), encoding: .utf8)
            let grid = Self.tiles(page, after: "<section id=\"locator\">")
            #expect(grid.count == 193)
            #expect(grid.filter { $0.value.status == "self" }.map(\.key) == [iso3])
            let locator = try #require(page.components(separatedBy: "<section id=\"locator\">").dropFirst().first?.components(separatedBy: "</section>").first)
            #expect(!locator.contains("…"), "no label cut with an ellipsis")
        }
    }

    /// Issue 17, part 6: the demo's contradictions are in validation_report.csv with both answers'
    /// positions, and the report's appendix summarises each check with the same counts.
    @Test func consistencyChecksFireOnTheDemoWithBothPositions() async throws {
        let output = try await Self.shared.value
        // Current rows only (issue 19): the superseded AFG original fires a check too; it stays in
        // the CSV with current = no and leaves the report's appendix.
        let all = try Self.csv(output.appendingPathComponent("validation_report.csv"))
            .filter { $0["code"] == "consistency-check" || $0["code"] == "consistency-note" }
        #expect(all.contains { $0["current"] == "no" } && all.allSatisfy { $0["current"] == "yes" || $0["current"] == "no" })
        let rows = all.filter { $0["current"] == "yes" }
        let budapest = rows.filter { $0["message"]?.contains("check budapest-247-contact [") == true }
        #expect(budapest.count >= 1, "the demo has Budapest parties without a 24/7 point of contact")
        for row in budapest {
            let file = try #require(row["file"])
            #expect(!file.isEmpty && !(row["line"] ?? "").isEmpty && row["question_id"] == "ch3_instruments")
            #expect(row["severity"] == "warning" && row["expected"] == "ch7_contact_247: yes" && row["found"] == "no")
            // Both positions in the message: the `if` answer's (the row's own) and the `then` answer's.
            let message = try #require(row["message"])
            let own = "ch3_instruments at \(file):\(row["line"]!)" + (row["column"].map { $0.isEmpty ? "" : ":\($0)" } ?? "")
            #expect(message.contains(own), "\(message)")
            #expect(message.contains("ch7_contact_247 at \(file):"), "\(message)")
        }
        // The appendix: one row per declared check, its submissions and countries as in the CSV,
        // less the submissions a revision superseded (their firings stay in the CSV).
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let summary = Self.elements(html, containing: "data-check=")
        #expect(summary.count == Fixtures.questionnaire.checks.count)
        let superseded = Set(
            try Self.csv(output.appendingPathComponent("validation_report.csv"))
                .filter { $0["code"] == "submission-superseded" }.compactMap { $0["submission_id"] })
        // The demo's superseded submission fires a check: in the CSV, not current (issue 19).
        #expect(all.contains { superseded.contains($0["submission_id"] ?? "") && $0["current"] == "no" }, "the demo's superseded submission fires a check")
        #expect(!rows.contains { superseded.contains($0["submission_id"] ?? "") })
        for check in Fixtures.questionnaire.checks {
            let firing = rows.filter { $0["message"]?.contains("check \(check.id) [") == true && !superseded.contains($0["submission_id"] ?? "") }
            let element = summary.first { $0["check"] == check.id }
            #expect(element?["submissions"] == "\(Set(firing.compactMap { $0["submission_id"] }).count)", "\(check.id)")
        }
        #expect(html.contains(Fixtures.questionnaire.checks[0].message.text(in: .en)))
        let french = try String(contentsOf: output.appendingPathComponent("report.fr.html"), encoding: .utf8)
        #expect(french.contains("Contrôles de cohérence") && french.contains("Partie à la Convention de Budapest"))
    }
}
