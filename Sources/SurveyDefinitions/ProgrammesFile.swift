// The optional programmes file (`Pipelines/ta/programmes.yml`, pipeline key `programmes:`): the
// technical assistance already under way, by provider, country, TA area and years, joined into
// ta_planning.csv's `already_supported_by` beside what countries report themselves.

public import Foundation
public import SurveyModel
import SurveyTransform

extension Programme {
    /// The programmes file as written.
    struct FileEntry: Decodable {
        struct Entry: Decodable {
            var provider: String
            var country: String
            var area: String
            var activity: Codes?
            var from: Int
            var to: Int?
            var note: String?
        }
        /// One code or a list of codes (`activity: training` or `activity: [training, equipment]`).
        struct Codes: Decodable {
            var codes: [String]
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let one = try? container.decode(String.self) {
                    codes = [one]
                } else {
                    codes = try container.decode([String].self)
                }
            }
        }
        var programmes: [Entry]?
    }

    /// Reads and checks a programmes file. Each mistake names the file, the entry's line and what to
    /// write instead: a country the resolver does not know (with its suggestion), an area that is no
    /// code of the questionnaire's `ta_areas` list (listing them), an activity not in
    /// `ta_activities`, `from` after `to`.
    public static func load(from url: URL, questionnaire: Questionnaire, reference: CountryReference) throws -> [Programme] {
        let file = try YAMLFile.decode(FileEntry.self, at: url, what: "programmes file")
        let lines = YAMLFile.lines(ofSequence: "programmes", at: url)
        let areas = questionnaire.choiceCodes(ofList: "ta_areas")
        let activities = questionnaire.choiceCodes(ofList: "ta_activities")
        let resolver = CountryResolver(reference: reference)
        var programmes: [Programme] = []
        for (index, entry) in (file.programmes ?? []).enumerated() {
            let line = index < lines.count ? lines[index] : 0
            func fail(_ detail: String) -> DefinitionError {
                .invalidDefinition(path: url.path, detail: "line \(line): programmes[\(index)]: \(detail)")
            }
            let provider = entry.provider.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !provider.isEmpty else { throw fail("provider is empty (write who provides the assistance: provider: UNODC)") }
            let iso3: String
            switch resolver.resolve(entry.country) {
            case .country(let code): iso3 = code
            case .ambiguous(let codes):
                throw fail("country '\(entry.country)' could be \(codes.joined(separator: " or ")): write its ISO alpha-3 code")
            case .unknown:
                let hint = resolver.suggestion(for: entry.country).map { " (did you mean \($0.label), \($0.value)?)" } ?? ""
                throw fail("unknown country '\(entry.country)'\(hint): write an ISO alpha-3 code or a name of the reference data")
            }
            guard areas.contains(entry.area) else {
                throw fail(
                    "unknown area '\(entry.area)': write a code of the questionnaire's ta_areas list: \(areas.joined(separator: ", "))")
            }
            let codes = entry.activity?.codes ?? []
            if let unknown = codes.first(where: { !activities.contains($0) }) {
                throw fail(
                    "unknown activity '\(unknown)': write codes of the ta_activities list: \(activities.joined(separator: ", "))")
            }
            if let to = entry.to, entry.from > to {
                throw fail("from \(entry.from) is after to \(to): write the first year in from and the last in to (blank while ongoing)")
            }
            programmes.append(
                Programme(
                    provider: provider, country: iso3, area: entry.area, activities: codes, from: entry.from, to: entry.to,
                    note: entry.note ?? "", line: line))
        }
        return programmes
    }
}
