public import Foundation
public import SurveyModel

/// The country reference file (`Pipelines/reference/countries.yml`), as written.
struct ReferenceFile: Decodable {
    struct AreaEntry: Decodable {
        var code: String
        var region: String?
        var name: [String: String]
    }
    struct CountryEntry: Decodable {
        var iso3: String
        var iso2: String
        var m49: String
        var name: [String: String]
        var formal_name: [String: String]?
        var aliases: [String]?
        var region: String?
        var subregion: String?
        var intermediate_region: String?
        var development: String?
        var ldc: Bool
        var lldc: Bool
        var sids: Bool
        /// Required: the survey's frame is read from it, never guessed.
        var un_status: String?
        /// A Member State's date of admission (`YYYY-MM-DD`), when the reference lists it.
        var member_since: String?
        /// The UN language a focal point of the State most likely reads (`ar`, `en`, `es`, `fr`,
        /// `ru`, `zh`); optional, English when absent.
        var language: String?
    }

    var source: String
    var licence: String
    var vintages: [String: String]
    var regions: [AreaEntry]
    var subregions: [AreaEntry]
    var countries: [CountryEntry]
}

extension CountryReference {
    /// Reads and checks a reference file.
    public static func load(from url: URL) throws -> CountryReference {
        let file = try YAMLFile.decode(ReferenceFile.self, at: url, what: "reference data")
        func fail(_ detail: String) -> DefinitionError { .invalidDefinition(path: url.path, detail: detail) }
        func text(_ map: [String: String]?) -> LocalizedText {
            var values: [Language: String] = [:]
            for (key, value) in map ?? [:] { if let language = Language(rawValue: key), !value.isEmpty { values[language] = value } }
            return LocalizedText(values)
        }
        var seen = Set<String>()
        var countries: [Country] = []
        for entry in file.countries {
            for code in [entry.iso3, entry.iso2, entry.m49] {
                guard seen.insert(code).inserted else { throw fail("code '\(code)' used by two countries") }
            }
            guard entry.m49.count == 3, entry.m49.allSatisfy(\.isNumber) else {
                throw fail("country \(entry.iso3): M49 code '\(entry.m49)' is not three digits")
            }
            var development: DevelopmentStatus?
            if let raw = entry.development {
                guard let parsed = DevelopmentStatus(rawValue: raw) else {
                    throw fail("country \(entry.iso3): development '\(raw)' (expected developed or developing)")
                }
                development = parsed
            }
            guard let rawStatus = entry.un_status else {
                throw fail("country \(entry.iso3): no un_status (expected member, observer, associated or territory; rebuild the file with Pipelines/reference/build_countries.py)")
            }
            guard let unStatus = UNStatus(rawValue: rawStatus) else {
                throw fail("country \(entry.iso3): un_status '\(rawStatus)' (expected member, observer, associated or territory)")
            }
            if let since = entry.member_since {
                let parts = since.split(separator: "-", omittingEmptySubsequences: false)
                guard parts.count == 3, zip(parts, [4, 2, 2]).allSatisfy({ $0.count == $1 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                    let month = Int(parts[1]), (1...12).contains(month), let day = Int(parts[2]), (1...31).contains(day)
                else {
                    throw fail("country \(entry.iso3): member_since '\(since)' is not a date (YYYY-MM-DD)")
                }
                guard unStatus == .member else {
                    throw fail("country \(entry.iso3): member_since is for Member States; its un_status is \(rawStatus)")
                }
            }
            var language: Language?
            if let raw = entry.language {
                guard let parsed = Language(rawValue: raw) else {
                    throw fail("country \(entry.iso3): language '\(raw)' (expected one of the six UN languages: ar, en, es, fr, ru, zh)")
                }
                language = parsed
            }
            countries.append(
                Country(
                    iso3: entry.iso3, iso2: entry.iso2, m49: entry.m49, name: text(entry.name),
                    formalName: text(entry.formal_name), aliases: entry.aliases ?? [], region: entry.region,
                    subregion: entry.subregion, intermediateRegion: entry.intermediate_region, development: development,
                    isLDC: entry.ldc, isLLDC: entry.lldc, isSIDS: entry.sids, unStatus: unStatus,
                    memberSince: entry.member_since, language: language))
        }
        return CountryReference(
            countries: countries, regions: file.regions.map { Area(code: $0.code, name: text($0.name)) },
            subregions: file.subregions.map { Area(code: $0.code, name: text($0.name), parent: $0.region) },
            vintages: file.vintages, source: file.source, licence: file.licence)
    }
}
