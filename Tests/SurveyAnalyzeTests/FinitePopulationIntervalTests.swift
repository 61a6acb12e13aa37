import Foundation
import SurveyAnalyze
import SurveyModel
import SurveyTestSupport
import Testing

/// The interval of a census (issue 17): Wilson's score interval on the effective sample size
/// n_eff = n·(N − 1)/(N − n), the point when n = N, plain Wilson without a frame; and small groups
/// whose every State answered are never suppressed.
@Suite struct FinitePopulationIntervalTests {
    /// The same interval computed by Python with `math` only, for every (k, n, N) given, as
    /// "low high" lines in 0…1 with 12 decimals.
    func python(_ cases: [(Int, Int, Int?)]) throws -> [(Double, Double)]? {
        let script = """
            import math, sys
            z = 1.959963984540054
            for line in sys.stdin:
                k, n, N = line.split()
                k, n = int(k), int(n)
                p = k / n
                if N != "-" and n == int(N):
                    low = high = p
                else:
                    size = n if N == "-" else n * (int(N) - 1) / (int(N) - n)   # the effective sample size
                    variance = p * (1 - p) / size + z * z / (4 * size * size)
                    center = (p + z * z / (2 * size)) / (1 + z * z / size)
                    half = z * math.sqrt(variance) / (1 + z * z / size)
                    low = 0.0 if k == 0 else max(0.0, center - half)
                    high = 1.0 if k == n else min(1.0, center + half)
                print("%.12f %.12f" % (low, high))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let lines = cases.map { "\($0.0) \($0.1) \($0.2.map(String.init) ?? "-")\n" }.joined()
        input.fileHandleForWriting.write(Data(lines.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("python3 failed with status \(process.terminationStatus)")
            return nil
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let parts = line.split(separator: " ").map { Double($0)! }
            return (parts[0], parts[1])
        }
    }

    @Test func agreesWithAnIndependentComputation() throws {
        var cases: [(Int, Int, Int?)] = []
        for population in [2, 3, 5, 14, 43, 54, 193] {
            for n in 1...population where n <= 60 {
                for k in Set([0, 1, n / 3, n / 2, n - 1, n]) where k >= 0 && k <= n { cases.append((k, n, population)) }
            }
        }
        for n in [1, 2, 5, 10, 69] { for k in Set([0, 1, n / 2, n]) where k <= n { cases.append((k, n, nil)) } }
        guard let expected = try python(cases) else { return }
        try #require(expected.count == cases.count)
        var mismatches: [String] = []
        for ((k, n, population), (low, high)) in zip(cases, expected) {
            let got = Analyzer.finitePopulationWilson(successes: k, trials: n, population: population)
            if abs(got.low - low) > 1e-9 || abs(got.high - high) > 1e-9 {
                mismatches.append("\(k)/\(n) of \(population.map(String.init) ?? "-"): \(got) vs python \((low, high))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(cases.count): \(mismatches.prefix(5))")
        #expect(cases.count > 500)
    }

    @Test func knownValuesAndShape() {
        func percent(_ interval: (low: Double, high: Double)) -> String {
            String(format: "%.1f–%.1f", 100 * interval.low, 100 * interval.high)
        }
        #expect(percent(Analyzer.finitePopulationWilson(successes: 3, trials: 10, population: nil)) == "10.8–60.3")
        #expect(percent(Analyzer.finitePopulationWilson(successes: 3, trials: 10, population: 20)) == "14.3–52.5")
        // n = N: the point.
        for (k, n) in [(0, 5), (2, 5), (5, 5), (1, 2), (40, 193)] {
            let census = Analyzer.finitePopulationWilson(successes: k, trials: n, population: n)
            #expect(census.low == census.high && census.low == Double(k) / Double(n))
        }
        // Never wider than plain Wilson, and narrower the larger the share of the frame answering.
        for population in [10, 43, 193] {
            for n in 1..<population {
                let k = n / 2
                let plain = Analyzer.wilson(successes: k, trials: n)
                let finite = Analyzer.finitePopulationWilson(successes: k, trials: n, population: population)
                #expect(plain.low <= finite.low + 1e-12 && finite.high <= plain.high + 1e-12, "\(k)/\(n) of \(population)")
            }
        }
    }

    // MARK: Small groups (acceptance: one region's States all answer)

    /// Every Member State of Oceania (14: Australia/New Zealand 2, Melanesia 4, Micronesia 5,
    /// Polynesia 3) answers: each of those groups has n = N, an interval of zero width and no
    /// suppression, although 2, 3 and 4 are below the suppression threshold (5).
    @Test func aRegionWhoseStatesAllAnswerIsExact() throws {
        let oceania = Fixtures.reference.countries.filter { $0.region == "009" && $0.unStatus == .member }.map(\.iso3).sorted()
        #expect(oceania.count == 14)
        let answers = oceania.enumerated().map { index, iso3 in
            StoredAnswer(round: "2026", country: iso3, questionID: "ch8_cert", options: [index % 3 == 0 ? "yes" : "no"], number: nil, text: nil)
        }
        // One Asian State too, so that Asia's rows are an ordinary small group.
        let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference)
            .shareStatistics(from: answers + [StoredAnswer(round: "2026", country: "JPN", questionID: "ch8_cert", options: ["yes"], number: nil, text: nil)])
        var checked = 0
        for code in ["009", "053", "054", "057", "061"] {
            let members = Fixtures.reference.countries.filter { ($0.region == code || $0.subregion == code) && $0.unStatus == .member }
            for option in ["yes", "no"] {
                let row = try #require(rows.first { $0.questionID == "ch8_cert" && $0.option == option && $0.group.code == code })
                let k = members.filter { iso3 in answers.contains { $0.country == iso3.iso3 && $0.options == [option] } }.count
                #expect(row.nResponding == members.count && row.nInGroup == members.count && row.nNotResponding == 0, "\(code)")
                #expect(row.flag == .normal, "\(code): \(row.flag)")
                let percent = 100 * Double(k) / Double(members.count)
                #expect(row.percent == percent && row.ciLow == percent && row.ciHigh == percent, "\(code) \(option)")
                #expect(row.boundLow == percent && row.boundHigh == percent, "\(code) \(option)")
                checked += 1
            }
        }
        #expect(checked == 10)
        // Asia: 1 of 47 answered, below the threshold: suppressed as before.
        let asia = try #require(rows.first { $0.questionID == "ch8_cert" && $0.option == "yes" && $0.group.code == "142" })
        #expect(asia.nResponding == 1 && asia.flag == .suppressed && asia.percent == nil)
        // Three of Polynesia's States but one missing would be suppressed: n < N.
        let partial = answers.filter { $0.country != "WSM" }
        let polynesia = try #require(
            Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference).shareStatistics(from: partial)
                .first { $0.questionID == "ch8_cert" && $0.option == "yes" && $0.group.code == "061" })
        #expect(polynesia.nResponding == 2 && polynesia.nInGroup == 3 && polynesia.flag == .suppressed)
    }

    /// With a respondent key n counts respondents: n = N by coincidence is not a census.
    @Test func respondentsAreNeverACensusOfStates() throws {
        let answers = ["AUS/a", "NZL/a"].map {
            StoredAnswer(
                round: "2026", country: SurveyUnit.country(of: $0), questionID: "ch8_cert", options: ["yes"], number: nil, text: nil,
                respondent: SurveyUnit.respondent(of: $0))
        }
        let row = try #require(
            Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference).shareStatistics(from: answers)
                .first { $0.questionID == "ch8_cert" && $0.option == "yes" && $0.group.code == "053" })
        #expect(row.nResponding == 2 && row.nInGroup == 2 && row.flag == .suppressed)
    }

    /// A custom group declared as a union of M49 areas (the Study's "Asia and Oceania") has a frame
    /// and its rows are counted like a region's.
    @Test func aUnionOfAreasIsAGroupWithAFrame() throws {
        let group = CustomGroup(id: "asia_oceania", label: "Asia and Oceania", rule: .areas(["142", "009"]))
        let answers = ["JPN", "AUS", "FRA", "COK"].map {
            StoredAnswer(round: "2026", country: $0, questionID: "ch8_cert", options: ["yes"], number: nil, text: nil)
        }
        let rows = Analyzer(questionnaire: Fixtures.questionnaire, reference: Fixtures.reference, customGroups: [group])
            .shareStatistics(from: answers)
        let row = try #require(rows.first { $0.questionID == "ch8_cert" && $0.option == "yes" && $0.group.code == "asia_oceania" })
        let frame = Fixtures.reference.countries.filter { ($0.region == "142" || $0.region == "009") && $0.unStatus == .member }.count
        #expect(row.nResponding == 2, "JPN and AUS; FRA is in Europe, COK outside the population")
        #expect(row.nInGroup == frame && frame == 61 && row.nNotResponding == 59)
        #expect(row.boundLow == 100 * 2 / Double(frame) && row.boundHigh == 100)
    }
}
