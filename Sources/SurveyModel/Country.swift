/// Development status as last published in M49 (2020).
public enum DevelopmentStatus: String, Codable, Sendable {
    case developed, developing
}

/// A reference entry's standing at the United Nations (reference file: `un_status`), from
/// UNTERM's footnote markers: the survey's frame.
public enum UNStatus: String, Codable, Sendable, CaseIterable {
    /// A UN Member State (193).
    case member
    /// A non-member observer State (Holy See, State of Palestine).
    case observer
    /// A territory in free association (Cook Islands, Niue).
    case associated
    /// Any other territory or area.
    case territory
}

/// A country or territory with its codes, classifications and names.
public struct Country: Sendable, Equatable {
    public var iso3: String
    public var iso2: String
    /// Three-digit M49 code ("004").
    public var m49: String
    /// UNTERM short names as published, articles included ("Brésil (le)").
    public var name: LocalizedText
    public var formalName: LocalizedText
    /// Other names people write: former names, common short forms.
    public var aliases: [String]
    /// M49 region ("002" Africa …), nil for Antarctica.
    public var region: String?
    public var subregion: String?
    public var intermediateRegion: String?
    public var development: DevelopmentStatus?
    public var isLDC: Bool
    public var isLLDC: Bool
    public var isSIDS: Bool
    /// UN membership (reference file `un_status`).
    public var unStatus: UNStatus
    /// The date a Member State was admitted to the UN (reference file `member_since`,
    /// `YYYY-MM-DD`); nil when the reference gives none (admitted before the dates it lists).
    public var memberSince: String?
    /// The UN official language a focal point of this State most likely reads (reference file
    /// `language`): feedback to a sender whose own language cannot be told from what it sent is
    /// written in it. Nil when the reference gives none (English is then used).
    public var language: Language?

    /// The year of ``memberSince``.
    public var memberSinceYear: Int? { memberSince.flatMap { Int($0.prefix(4)) } }

    public init(
        iso3: String, iso2: String, m49: String, name: LocalizedText,
        formalName: LocalizedText = LocalizedText([:]), aliases: [String] = [], region: String?,
        subregion: String? = nil, intermediateRegion: String? = nil,
        development: DevelopmentStatus? = nil, isLDC: Bool = false, isLLDC: Bool = false,
        isSIDS: Bool = false, unStatus: UNStatus = .member, memberSince: String? = nil,
        language: Language? = nil
    ) {
        self.iso3 = iso3
        self.iso2 = iso2
        self.m49 = m49
        self.name = name
        self.formalName = formalName
        self.aliases = aliases
        self.region = region
        self.subregion = subregion
        self.intermediateRegion = intermediateRegion
        self.development = development
        self.isLDC = isLDC
        self.isLLDC = isLLDC
        self.isSIDS = isSIDS
        self.unStatus = unStatus
        self.memberSince = memberSince
        self.language = language
    }
}

/// A named M49 area (region or sub-region).
public struct Area: Sendable, Equatable {
    public var code: String
    public var name: LocalizedText
    /// For a sub-region, the region it belongs to.
    public var parent: String?

    public init(code: String, name: LocalizedText, parent: String? = nil) {
        self.code = code
        self.name = name
        self.parent = parent
    }
}

/// The reference data: every country and territory, regions and the vintage of each classification.
public struct CountryReference: Sendable {
    public var countries: [Country]
    public var regions: [Area]
    public var subregions: [Area]
    /// Classification → vintage ("ldc" → "UN-OHRLLS list, 2024").
    public var vintages: [String: String]
    public var source: String
    public var licence: String
    /// The world tile grid (`tile_grid:`, by default `world-tiles.csv` beside the reference
    /// file): one cell per Member State; nil when the pipeline has none.
    public var tiles: TileLayout?
    private var byISO3: [String: Int]

    public init(
        countries: [Country], regions: [Area], subregions: [Area] = [], vintages: [String: String] = [:],
        source: String = "", licence: String = ""
    ) {
        self.countries = countries
        self.regions = regions
        self.subregions = subregions
        self.vintages = vintages
        self.source = source
        self.licence = licence
        var index: [String: Int] = [:]
        for (position, country) in countries.enumerated() { index[country.iso3] = position }
        self.byISO3 = index
    }

    public func country(iso3: String) -> Country? { byISO3[iso3].map { countries[$0] } }
}
