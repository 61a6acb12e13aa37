// The tile-grid locator of a profile's region: one row per sub-region (in the order the tiles
// give them), one tile per State labelled with its ISO3 code; the profile's State highlighted,
// States that responded in the latest round shaded, tiles of States with a profile linking to
// their page. Inline SVG, no map data.
import Foundation
import SurveyModel

struct ProfileLocator {
    let profile: CountryProfile
    let context: ProfilePageContext
    let format: ProfileFormat

    static let tileWidth = 46.0
    static let tileHeight = 26.0
    static let gap = 4.0
    static let labelWidth = 190.0
    /// Tiles per line; a longer sub-region wraps onto further lines.
    static let perLine = 12

    /// The sub-regions in the order of their first tile, each with its tiles.
    var rows: [(subregion: String, tiles: [ProfileTile])] {
        var order: [String] = []
        var tiles: [String: [ProfileTile]] = [:]
        for tile in profile.regionTiles {
            if tiles[tile.subregion] == nil { order.append(tile.subregion) }
            tiles[tile.subregion, default: []].append(tile)
        }
        return order.map { ($0, tiles[$0] ?? []) }
    }

    /// A row's label: the sub-region's name when the profile knows it (its own sub-region, or a
    /// tile's sub-region given as a name rather than an M49 code); otherwise nothing.
    func rowLabel(_ subregion: String) -> String {
        if let own = profile.country.subregion, own.code == subregion || format.label(own) == subregion { return format.label(own) }
        return subregion.allSatisfy(\.isNumber) ? "" : subregion
    }

    var svg: String {
        let rows = self.rows
        let lines = rows.reduce(0) { $0 + max(1, ($1.tiles.count + Self.perLine - 1) / Self.perLine) }
        let width = Self.labelWidth + Double(Self.perLine) * (Self.tileWidth + Self.gap)
        let height = Double(lines) * (Self.tileHeight + Self.gap) + Self.gap
        var svg = "<svg class=\"locator\" role=\"img\" direction=\"ltr\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(format.escape(format.t("locator")))</title>"
        var line = 0
        for row in rows {
            let y = Double(line) * (Self.tileHeight + Self.gap) + Self.gap
            var label = rowLabel(row.subregion)
            if label.count > 28 { label = String(label.prefix(27)) + "…" }
            svg += "<g class=\"subregion\" data-subregion=\"\(format.escape(row.subregion))\" data-states=\"\(row.tiles.count)\">"
            svg += "<text class=\"row-label\" x=\"\(f(Self.labelWidth - 8))\" y=\"\(f(y + 17))\" text-anchor=\"end\">\(format.escape(label))</text>"
            for (position, tile) in row.tiles.enumerated() {
                let x = Self.labelWidth + Double(position % Self.perLine) * (Self.tileWidth + Self.gap)
                let tileY = y + Double(position / Self.perLine) * (Self.tileHeight + Self.gap)
                svg += self.tile(tile, x: x, y: tileY)
            }
            svg += "</g>"
            line += max(1, (row.tiles.count + Self.perLine - 1) / Self.perLine)
        }
        return svg + "</svg>\n"
    }

    func tile(_ tile: ProfileTile, x: Double, y: Double) -> String {
        let isSelf = tile.iso3 == profile.country.iso3
        let kind = isSelf ? "self" : tile.responded ? "responded" : "not-responded"
        let (fill, text, stroke) = isSelf ? ("#e69138", "#000", "#000") : tile.responded ? ("#0b5394", "#fff", "#0b5394") : ("#e6e6e6", "#333", "#bbb")
        let name = tile.name.text(in: context.language)
        var svg = "<g class=\"tile \(kind)\" data-iso3=\"\(format.escape(tile.iso3))\" data-responded=\"\(tile.responded)\" data-has-profile=\"\(tile.hasProfile)\">"
        var inner = "<title>\(format.escape(name.isEmpty ? tile.iso3 : name))</title>"
        inner += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(Self.tileWidth))\" height=\"\(f(Self.tileHeight))\" rx=\"3\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(isSelf ? 2 : 1)\"/>"
        inner += "<text x=\"\(f(x + Self.tileWidth / 2))\" y=\"\(f(y + 17))\" text-anchor=\"middle\" fill=\"\(text)\"\(isSelf ? " font-weight=\"bold\"" : "")>\(format.escape(tile.iso3))</text>"
        if tile.hasProfile && !isSelf {
            svg += "<a class=\"profile-link\" href=\"\(format.escape(context.profileFile(tile.iso3)))\">\(inner)</a>"
        } else {
            svg += inner
        }
        return svg + "</g>"
    }

    func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
