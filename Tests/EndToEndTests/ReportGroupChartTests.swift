import Foundation
import SurveyModel
import SurveyTestSupport
import Testing

/// The rest of issue 27's charts, for the demo run: every multiple-choice question as grouped bars
/// (a bar per option × group, its figures those of statistics.csv), every legal-form item in its
/// chapter's acts × groups matrix (each cell's counts those of statistics.csv), progress as a
/// dumbbell per item (its figures those of progress.csv, every pair that is not fully comparable
/// marked), and every chart with a title and a description for screen readers.
@Suite struct ReportGroupChartTests {
    /// The text of each `<figure class="KIND" …>…</figure>` in `html`.
    static func figures(_ html: String, kind: String) -> [String] {
        html.components(separatedBy: "<figure class=\"\(kind)\"").dropFirst().map { piece in
            String(piece[..<(piece.range(of: "</figure>")?.lowerBound ?? piece.endIndex)])
        }
    }

    /// statistics.csv by round, question, option and group (`type:code`).
    static func statistics(_ output: URL) throws -> [String: [String: String]] {
        var rows: [String: [String: String]] = [:]
        for row in try ReportTests.csv(output.appendingPathComponent("statistics.csv")) {
            rows["\(row["round"]!)|\(row["question_id"]!)|\(row["option"]!)|\(row["group_type"]!):\(row["group_code"]!)"] = row
        }
        return rows
    }

    /// The world and region groups (`type:code`) statistics.csv has for a question in a round.
    static func groups(_ statistics: [String: [String: String]], round: String, question: String) -> Set<String> {
        Set(statistics.values.filter {
            $0["round"] == round && $0["question_id"] == question && ($0["group_type"] == "world" || $0["group_type"] == "region")
        }.map { "\($0["group_type"]!):\($0["group_code"]!)" })
    }

    @Test func everyMultipleChoiceQuestionHasABarPerOptionAndGroup() async throws {
        let output = try await ReportTests.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let statistics = try Self.statistics(output)
        let figures = Self.figures(html, kind: "grouped")
        let questions = Fixtures.questionnaire.questions.filter { $0.type == .multipleChoice }
        #expect(!questions.isEmpty)
        var compared = 0
        for question in questions {
            let figure = try #require(figures.first { $0.hasPrefix(" data-round=") && $0.contains("data-question=\"\(question.id)\"") }, "\(question.id): a grouped chart")
            let round = try #require(ReportTests.elements("<figure" + figure, containing: "figure").first?["round"])
            let bars = ReportTests.elements(figure, containing: "class=\"gbar")
            let groups = Self.groups(statistics, round: round, question: question.id)
            #expect(groups.count == 6, "\(question.id): the world and five regions")
            // One bar per option × group, in the questionnaire's order of options.
            #expect(Set(bars.map { "\($0["option"]!)|\($0["group"]!)" }) == Set(question.choices.flatMap { choice in groups.map { "\(choice.code)|\($0)" } }), "\(question.id)")
            #expect(bars.count == question.choices.count * groups.count, "\(question.id): no bar twice")
            for bar in bars {
                let key = "\(round)|\(question.id)|\(bar["option"]!)|\(bar["group"]!)"
                let row = try #require(statistics[key], "\(key)")
                #expect(bar["n"] == row["n_responding"] && bar["n-option"] == row["n_option"] && bar["percent"] == row["percent"], "\(key)")
                #expect(bar["ci-low"] == row["ci_low"] && bar["ci-high"] == row["ci_high"] && bar["flag"] == row["flag"], "\(key)")
                #expect(bar["n-in-group"] == row["n_in_group"], "\(key)")
                compared += 1
            }
            // A whisker for each bar whose share has an interval.
            let whiskers = figure.components(separatedBy: "class=\"whisker\"").count - 1
            #expect(whiskers == bars.filter { !($0["ci-low"] ?? "").isEmpty && !($0["percent"] ?? "").isEmpty }.count, "\(question.id): whiskers")
            #expect(figure.contains("<desc>") && figure.contains("<figcaption") && figure.contains("<details class=\"chart-data\">"), "\(question.id)")
        }
        #expect(compared > 300, "\(compared) bars compared with statistics.csv")
        // The world-only bar chart of a multiple-choice question is gone.
        for bar in ReportTests.elements(html, containing: "class=\"bar\"") {
            #expect(!questions.map(\.id).contains(bar["question"] ?? ""), "\(bar)")
        }
    }

    @Test func everyLegalFormItemIsInItsChaptersMatrixWithEveryRegion() async throws {
        let output = try await ReportTests.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let statistics = try Self.statistics(output)
        let questions = Fixtures.questionnaire.questions.filter { $0.type == .legalForm }
        #expect(questions.count >= 10)
        for chapter in Set(questions.map(\.chapter)) {
            let start = try #require(html.range(of: "<section class=\"chapter\" id=\"chapter-\(chapter.rawValue)\""), "chapter \(chapter.rawValue)")
            let section = html[start.lowerBound...]
            let body = String(section[..<(section.range(of: "</section>")?.lowerBound ?? section.endIndex)])
            let matrices = Self.figures(body, kind: "lf-matrix")
            #expect(matrices.count == 1, "chapter \(chapter.rawValue): one matrix, placed once")
            let matrix = try #require(matrices.first)
            // Placed before the chapter's first question.
            #expect(body.range(of: "<figure class=\"lf-matrix\"")!.lowerBound < body.range(of: "<h3 id=\"q-")!.lowerBound, "chapter \(chapter.rawValue)")
            let cells = ReportTests.elements(matrix, containing: "class=\"lf-cell\"")
            for question in questions where question.chapter == chapter {
                let mine = cells.filter { $0["question"] == question.id }
                let round = try #require(mine.first?["round"], "\(question.id) in the matrix")
                let groups = Self.groups(statistics, round: round, question: question.id)
                #expect(Set(mine.map { $0["group"]! }) == groups && mine.count == groups.count && groups.count == 6, "\(question.id): a cell per group")
                for cell in mine {
                    var counts: [String: String] = [:]
                    for part in (cell["counts"] ?? "").split(separator: " ") {
                        let pair = part.split(separator: ":").map(String.init)
                        counts[pair[0]] = pair[1]
                    }
                    #expect(Array(counts.keys).sorted() == (question.choices.map(\.code) + ["not_answered"]).sorted(), "\(question.id): every option and not answered")
                    var answered = ""
                    for choice in question.choices {
                        let row = try #require(statistics["\(round)|\(question.id)|\(choice.code)|\(cell["group"]!)"])
                        #expect(counts[choice.code] == row["n_option"], "\(question.id) \(cell["group"]!) \(choice.code)")
                        #expect(cell["n-in-group"] == row["n_in_group"])
                        answered = row["n_answered"]!
                    }
                    let size = try #require(Int(cell["n-in-group"] ?? ""))
                    #expect(cell["answered"] == answered && counts["not_answered"] == String(size - (Int(answered) ?? 0)))
                    #expect(counts.values.compactMap { Int($0) }.reduce(0, +) == size, "\(question.id) \(cell["group"]!): the segments add up to N")
                }
            }
            // Each cell's picture says what it shows; one legend; the figures in a table.
            #expect(matrix.components(separatedBy: "<svg class=\"cell\" role=\"img\"").count - 1 == cells.count)
            #expect(matrix.components(separatedBy: "<desc>").count - 1 == cells.count)
            #expect(matrix.components(separatedBy: "<ul class=\"stacked-legend\">").count == 2 && matrix.contains("<details class=\"chart-data\">"))
        }
    }

    @Test func theProgressChartShowsProgressCSVAndMarksEveryPairNotFullyComparable() async throws {
        let output = try await ReportTests.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        let progress = try ReportTests.csv(output.appendingPathComponent("progress.csv"))
        let statistics = try Self.statistics(output)
        let figure = try #require(Self.figures(html, kind: "dumbbell").first, "a progress chart")
        let rows = ReportTests.elements(figure, containing: "class=\"dumbbell")
        // A dumbbell for every item of the progress table, and none else.
        let section = try #require(html.range(of: "<section id=\"progress\"").map { String(html[$0.lowerBound...]) })
        let table = ReportTests.elements(String(section[..<section.range(of: "</section>")!.lowerBound]), containing: "tr data-question=")
        #expect(!rows.isEmpty && rows.map { $0["question"]! } == table.map { $0["question"]! })
        var intervals = 0
        for row in rows {
            let expected = try #require(progress.first {
                $0["group_type"] == "world" && $0["question_id"] == row["question"] && $0["option"] == row["option"]
                    && $0["baseline_round"] == row["baseline-round"] && $0["latest_round"] == row["latest-round"]
            }, "\(row)")
            let id = row["question"]!
            #expect(row["baseline"] == expected["percent_baseline"] && row["latest"] == expected["percent_latest"], "\(id)")
            #expect(row["change"] == expected["change"] && row["panel-change"] == expected["panel_change"], "\(id)")
            #expect(row["n-panel"] == expected["n_panel"] && row["comparable"] == expected["comparable"], "\(id)")
            // Each end's interval, where statistics.csv has the item in that round under its id.
            for (end, round) in [("baseline-ci", row["baseline-round"]!), ("latest-ci", row["latest-round"]!)] {
                guard let share = statistics["\(round)|\(id)|\(row["option"]!)|world:001"] else { continue }
                #expect(row[end] == "\(share["ci_low"]!)–\(share["ci_high"]!)", "\(id) \(end)")
                intervals += 1
            }
        }
        #expect(intervals > rows.count, "\(intervals) intervals compared with statistics.csv")
        // The comparable flag is visible: greyed and dashed (class) and marked in words.
        let marked = figure.components(separatedBy: "<g class=\"dumbbell").dropFirst()
        var notFully = 0
        for piece in marked {
            let own = ReportTests.elements("<g class=\"dumbbell" + piece, containing: "class=\"dumbbell").first ?? [:]
            let body = piece[..<(piece.range(of: "</g>")?.lowerBound ?? piece.endIndex)]
            switch own["comparable"] {
            case "no":
                notFully += 1
                #expect(piece.hasPrefix(" not-comparable\"") && body.contains(">not comparable</text>"), "\(own["question"] ?? "")")
            case "partial":
                notFully += 1
                #expect(piece.hasPrefix(" partly-comparable\"") && body.contains(">partly comparable</text>"), "\(own["question"] ?? "")")
            default:
                #expect(piece.hasPrefix("\"") && !body.contains("class=\"mark\""), "\(own["question"] ?? "")")
            }
        }
        #expect(notFully == rows.filter { $0["comparable"] != "yes" }.count)
        // This run's pairs are all comparable at world level; QuestionnaireVersionTests checks the
        // marks on runs with a pair that is not comparable and one that is partly comparable.
        // The caption says why the two changes can disagree.
        #expect(figure.contains("compare different sets of States"))
    }

    /// Every chart's figure has a caption and its figures in a collapsed table (the progress
    /// chart's table is the progress table under it, checked above).
    @Test func everyChartHasACaptionAndItsDataTable() async throws {
        let output = try await ReportTests.shared.value
        let html = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        var seen = 0
        for kind in ["stacked", "grouped", "numeric", "lf-matrix"] {
            let figures = Self.figures(html, kind: kind)
            #expect(!figures.isEmpty, "\(kind)")
            for figure in figures {
                seen += 1
                #expect(figure.contains("<figcaption class=\"legend\">") && figure.contains("<details class=\"chart-data\"><summary>"), "\(kind): \(figure.prefix(200))")
            }
        }
        #expect(seen > 50)
        // The numeric charts' tables give each group's n of N as numeric_statistics.csv does.
        let numeric = try ReportTests.csv(output.appendingPathComponent("numeric_statistics.csv"))
        for figure in Self.figures(html, kind: "numeric") {
            let box = try #require(ReportTests.elements(figure, containing: "class=\"distribution\"").first { $0["group"] == "world:001" })
            let row = try #require(numeric.first { $0["round"] == box["round"] && $0["question_id"] == box["question"] && $0["group_type"] == "world" })
            #expect(figure.contains("<td class=\"num\">\(row["n"]!) / \(row["n_in_group"]!)</td>"), "\(box["question"]!)")
        }
    }

    /// Every chart of every report language has a title and a one-sentence description.
    @Test(arguments: Language.allCases)
    func everyChartHasATitleAndADescription(_ language: Language) async throws {
        let output = try await ReportTests.shared.value
        let name = language == .en ? "report.html" : "report.\(language.rawValue).html"
        let html = try String(contentsOf: output.appendingPathComponent(name), encoding: .utf8)
        let charts = html.components(separatedBy: "<svg ").dropFirst()
        #expect(charts.count > 100)
        for chart in charts {
            let tag = chart.prefix { $0 != ">" }
            #expect(tag.contains("role=\"img\"") && tag.contains("direction=\"ltr\""), "\(tag)")
            let after = chart.dropFirst(tag.count + 1)
            #expect(after.hasPrefix("<title>") && after.contains("</title><desc>"), "\(language.rawValue): \(tag)")
        }
    }
}
