// The world tile grid as inline SVG (issue 27): one square per UN Member State at its cell of the
// tile file (``TileLayout``), labelled with its ISO3 code, filled by a CSS class. The report's
// "who responded" maps and each country profile's locator draw it with this one type; no map
// data, no script. Drawn left to right whatever the page's direction (`direction="ltr"`), so the
// Arabic pages keep the map's geographic orientation.
import Foundation
public import SurveyModel

/// One State's tile as a map shows it.
struct GridTile {
    var iso3: String
    /// The fill class (``TileGrid/css`` names them: `s-a`, `s-e`, `s-n`, `c0` … `c9`, `cu`, `cx`,
    /// `cw`, `cm`, and the profiles' `me`, `rg`).
    var fill: String
    /// `data-status` (the map's category of the State, e.g. `answered`, or an option code).
    var status: String
    /// The tooltip: the State's name and its category, in the page's language.
    var title: String
    /// The State's profile, when it has one.
    var href: String?
    /// More classes (e.g. `self`, `region`).
    var classes: String = ""
}

struct TileGrid {
    let layout: TileLayout
    /// The distance between two cells' corners, and a tile's side, in SVG units.
    static let pitch = 24
    static let side = 22

    var width: Int { layout.columns * Self.pitch }
    var height: Int { layout.rows * Self.pitch }

    /// The grid with `tiles` (a State without a tile of the layout is left out; a tile of the
    /// layout without an entry is not drawn), titled `title` for screen readers.
    func svg(_ tiles: [GridTile], title: String, desc: String, escape: (String) -> String, attributes: String = "") -> String {
        var svg = "<svg class=\"tile-grid\" role=\"img\" aria-label=\"\(escape(title))\" direction=\"ltr\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\"\(attributes)><title>\(escape(title))</title><desc>\(escape(desc))</desc>"
        let byISO3 = Dictionary(tiles.map { ($0.iso3, $0) }, uniquingKeysWith: { first, _ in first })
        for iso3 in layout.order {
            guard let tile = byISO3[iso3], let cell = layout.cells[iso3] else { continue }
            let x = (cell.column - 1) * Self.pitch, y = (cell.row - 1) * Self.pitch
            let classes = "t \(tile.fill)\(tile.classes.isEmpty ? "" : " " + tile.classes)"
            let open = tile.href.map { "<a href=\"\(escape($0))\"" } ?? "<g"
            svg += "\(open) class=\"\(classes)\" data-iso3=\"\(escape(iso3))\" data-status=\"\(escape(tile.status))\"><title>\(escape(tile.title))</title>"
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(Self.side)\" height=\"\(Self.side)\"/>"
            svg += "<text class=\"tile-label\" x=\"\(x + Self.side / 2)\" y=\"\(y + 14)\">\(escape(iso3))</text>"
            svg += tile.href == nil ? "</g>" : "</a>"
        }
        return svg + "</svg>"
    }

    /// The map's colours: status fills, option fills (the stacked charts' palette, "unknown" grey,
    /// not answered white with an outline, not published hatched grey, several answers light),
    /// and the tiles' labels (white on dark fills).
    static var css: String {
        var rules = "svg.tile-grid{max-width:100%;height:auto}svg.tile-grid .t rect{stroke:#fff;stroke-width:1;rx:2px}"
            + "svg.tile-grid .tile-label{font-size:7.5px;text-anchor:middle;fill:#1a1a1a}"
            + ".s-a rect{fill:#0b5394}.s-e rect{fill:#9fc5e8}.s-n rect{fill:#f4f4f4;stroke:#999!important}"
            + ".cu rect{fill:#999}.cx rect{fill:#fff;stroke:#999!important}.cw rect{fill:#d9d2b8;stroke:#7f6000!important;stroke-dasharray:2 1}"
            + ".cm rect{fill:#e6e6e6;stroke:#333!important}"
        for (index, colour) in ReportPalette.colours.enumerated() { rules += ".c\(index) rect{fill:\(colour)}" }
        // Labels in white on the dark fills (the palette's even entries, the answered status).
        rules += ".s-a .tile-label," + stride(from: 0, to: ReportPalette.colours.count, by: 2).map { ".c\($0) .tile-label" }.joined(separator: ",")
            + "{fill:#fff!important}"
        return rules
    }
}

extension TileGrid {
    /// A legend swatch's background for a fill class (as ``css`` fills the tiles).
    static func swatchStyle(_ fill: String) -> String {
        switch fill {
        case "s-a": return "background:#0b5394"
        case "s-e": return "background:#9fc5e8"
        case "s-n", "cx": return "background:#fff"
        case "cu": return "background:#999"
        case "cw": return "background:repeating-linear-gradient(45deg,#d9d2b8 0 2px,#7f6000 2px 3px)"
        case "cm": return "background:#e6e6e6"
        default:
            if fill.hasPrefix("c"), let index = Int(fill.dropFirst()), ReportPalette.colours.indices.contains(index) {
                return "background:\(ReportPalette.colours[index])"
            }
            return "background:#fff"
        }
    }
}

/// The colours of a question's options in order (blues and greens, then the rest), as the
/// stacked charts and the tile maps draw them.
enum ReportPalette {
    static let colours = ["#0b5394", "#6fa8dc", "#38761d", "#93c47d", "#b45f06", "#f6b26b", "#741b47", "#c27ba0", "#134f5c", "#76a5af"]
}
