#!/usr/bin/env python3
"""Build Pipelines/reference/world-tiles.csv: one tile per UN Member State on a grid laid out
like a world map (the report's and the profiles' tile-grid map, issue 27).

Usage (from anywhere):

    python3 build_tiles.py [--output PATH] [--check] [--show]

The Member States are read from countries.yml next to this script (`un_status: "member"`). Each
has an approximate position (latitude, longitude of its capital or centre) typed in below by the
project from general knowledge; no third-party tile grid or coordinate file is used. The script:

1. projects each position equirectangularly (x = longitude, y = -latitude; longitudes west of
   150 W wrap to the east, so the Pacific islands sit right of Asia), then spreads the crowded
   areas (Europe, the Caribbean, West Africa, the Gulf, South-East Asia, the Pacific) around their
   centres by the factors in SPREAD, so that their States need not travel far for a free cell;
2. scales the result into a grid of COLUMNS x ROWS cells (horizontal degrees compressed relative
   to vertical ones);
3. assigns each State one cell by a minimum-cost assignment (the Hungarian algorithm, pure
   Python): the sum of squared distances between each State's projected point and its cell is the
   least possible, so neighbours stay neighbours. States and cells are taken in a fixed order,
   so the result is deterministic.

Columns and rows count from 1 at the top left. The file may be edited by hand afterwards (move a
tile by changing its column and row to a free cell); the pipeline checks it on every run.
--check exits 1 when the file on disk differs from what the script would write; --show prints
the grid as text.

Python 3 standard library only.
"""

import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

COLUMNS = 32
ROWS = 20

# (latitude, longitude), approximate, typed in by the project. Large States: near their centre;
# small ones: their capital.
POSITIONS = {
    # Northern Africa
    "MAR": (32, -6), "DZA": (29, 3), "TUN": (34, 9.5), "LBY": (27, 17), "EGY": (27, 30), "SDN": (15, 30),
    # Western Africa
    "CPV": (15, -23.6), "MRT": (20, -10.5), "SEN": (14.5, -14.5), "GMB": (13.4, -15.5), "GNB": (12, -15),
    "GIN": (10.5, -11), "SLE": (8.5, -11.8), "LBR": (6.5, -9.5), "CIV": (7.5, -5.5), "MLI": (17, -4),
    "BFA": (12.3, -1.5), "GHA": (8, -1), "TGO": (8.5, 1.1), "BEN": (9.5, 2.3), "NER": (17, 9), "NGA": (9.5, 8),
    # Middle Africa
    "TCD": (15, 19), "CMR": (6, 12), "CAF": (6.5, 20.5), "GNQ": (1.6, 10.3), "GAB": (-0.6, 11.6),
    "COG": (-0.7, 15), "COD": (-3, 23), "STP": (0.3, 6.6), "AGO": (-12, 17.5),
    # Eastern Africa
    "ERI": (15.3, 39), "DJI": (11.6, 43), "ETH": (9, 39.5), "SOM": (5, 46), "SSD": (7, 30), "UGA": (1.3, 32.4),
    "KEN": (0.5, 38), "RWA": (-2, 30), "BDI": (-3.4, 29.9), "TZA": (-6.4, 35), "ZMB": (-14, 27.8),
    "MWI": (-13.5, 34), "MOZ": (-18, 35.5), "ZWE": (-19, 29.8), "MDG": (-19, 46.8), "COM": (-11.8, 43.3),
    "MUS": (-20.2, 57.5), "SYC": (-4.6, 55.5),
    # Southern Africa
    "BWA": (-22, 24), "NAM": (-22, 17), "ZAF": (-29, 25), "LSO": (-29.6, 28.2), "SWZ": (-26.5, 31.5),
    # Northern America
    "CAN": (54, -100), "USA": (39, -98),
    # Central America
    "MEX": (23, -102), "GTM": (15.5, -90.3), "BLZ": (17.2, -88.7), "SLV": (13.7, -89), "HND": (14.8, -86.7),
    "NIC": (12.9, -85.2), "CRI": (10, -84), "PAN": (8.8, -80),
    # Caribbean
    "CUB": (22, -79), "BHS": (24.5, -77.5), "JAM": (18.1, -77.3), "HTI": (19, -72.5), "DOM": (18.8, -70.3),
    "KNA": (17.3, -62.7), "ATG": (17.1, -61.8), "DMA": (15.4, -61.3), "LCA": (13.9, -61), "VCT": (13.2, -61.2),
    "BRB": (13.2, -59.5), "GRD": (12.1, -61.7), "TTO": (10.5, -61.3),
    # South America
    "COL": (4, -73), "VEN": (7, -66), "GUY": (5, -59), "SUR": (4, -56), "ECU": (-1.5, -78.5), "PER": (-9.5, -75),
    "BOL": (-17, -64.5), "BRA": (-10, -52), "PRY": (-23.5, -58), "URY": (-33, -56), "ARG": (-36, -65),
    "CHL": (-36, -71),
    # Northern Europe
    "ISL": (65, -18), "IRL": (53.3, -8), "GBR": (53.5, -2), "NOR": (61, 9), "SWE": (61, 15), "FIN": (63, 26),
    "DNK": (56, 10), "EST": (58.7, 25.5), "LVA": (57, 24.6), "LTU": (55.2, 24),
    # Western Europe
    "FRA": (46.5, 2.5), "MCO": (43.7, 7.4), "BEL": (50.8, 4.5), "NLD": (52.2, 5.3), "LUX": (49.8, 6.1),
    "DEU": (51, 10), "CHE": (46.8, 8.2), "LIE": (47.1, 9.5), "AUT": (47.5, 14.5),
    # Southern Europe
    "PRT": (39.5, -8), "ESP": (40, -3.7), "AND": (42.5, 1.5), "ITA": (42.5, 12.5), "SMR": (43.9, 12.4),
    "MLT": (35.9, 14.4), "SVN": (46.1, 14.8), "HRV": (45.3, 16), "BIH": (44, 17.8), "SRB": (44, 20.8),
    "MNE": (42.7, 19.3), "ALB": (41.2, 20), "MKD": (41.6, 21.7), "GRC": (39.3, 22),
    # Eastern Europe
    "POL": (52, 19.5), "CZE": (49.8, 15.5), "SVK": (48.7, 19.5), "HUN": (47.2, 19.5), "BGR": (42.7, 25.3),
    "ROU": (45.9, 25), "MDA": (47, 28.8), "UKR": (49, 31.5), "BLR": (53.7, 28), "RUS": (58, 45),
    # Western Asia
    "TUR": (39, 35), "CYP": (35, 33.2), "GEO": (42.2, 43.5), "ARM": (40.2, 44.8), "AZE": (40.4, 48),
    "SYR": (35, 38.5), "LBN": (33.9, 35.8), "ISR": (31.5, 34.9), "JOR": (31, 36.5), "IRQ": (33, 43.7),
    "KWT": (29.3, 47.7), "SAU": (24, 45), "BHR": (26, 50.5), "QAT": (25.3, 51.2), "ARE": (24, 54),
    "OMN": (21, 57), "YEM": (15.5, 47.5),
    # Central and Southern Asia
    "KAZ": (48, 67), "UZB": (41.5, 64), "TKM": (39, 59), "KGZ": (41.5, 74.5), "TJK": (38.8, 71),
    "IRN": (32.5, 54), "AFG": (34, 66), "PAK": (30, 70), "IND": (22, 79), "NPL": (28.2, 84), "BTN": (27.4, 90.4),
    "BGD": (23.8, 90.3), "LKA": (7.8, 80.7), "MDV": (3.2, 73.2),
    # Eastern Asia
    "MNG": (46.8, 103), "CHN": (35, 104), "PRK": (40, 127), "KOR": (36.5, 127.8), "JPN": (37, 138),
    # South-eastern Asia
    "MMR": (21, 96), "THA": (15.5, 101), "LAO": (18.5, 103), "KHM": (12.5, 105), "VNM": (16, 107),
    "MYS": (3.5, 102), "SGP": (1.35, 103.8), "BRN": (4.5, 114.7), "IDN": (-2, 116), "PHL": (12.5, 122),
    "TLS": (-8.8, 125.7),
    # Oceania
    "AUS": (-25, 134), "NZL": (-41, 174), "PNG": (-6.5, 145), "SLB": (-9.5, 160), "VUT": (-16, 167.5),
    "FJI": (-17.8, 178), "TON": (-21.2, -175), "WSM": (-13.8, -172), "TUV": (-8.5, 179), "KIR": (1.9, 173),
    "NRU": (-0.5, 166.9), "MHL": (7.1, 171.4), "FSM": (6.9, 158.2), "PLW": (7.5, 134.6),
}

# Crowded areas spread around their centre before the grid is fitted: (ISO3 codes, (latitude,
# longitude) of the centre, factor by which distances from it grow, (latitude, longitude) shift
# applied afterwards).
SPREAD = [
    ("ISL IRL GBR NOR SWE FIN DNK EST LVA LTU FRA MCO BEL NLD LUX DEU CHE LIE AUT PRT ESP AND ITA SMR MLT "
     "SVN HRV BIH SRB MNE ALB MKD GRC POL CZE SVK HUN BGR ROU MDA UKR BLR RUS",
     (48, 15), 2.2, (10, -2)),
    ("CUB BHS JAM HTI DOM KNA ATG DMA LCA VCT BRB GRD TTO", (17, -70), 1.5, (0, -3)),
    ("GTM BLZ SLV HND NIC CRI PAN", (13, -86), 1.6, (0, 0)),
    ("CAN USA MEX", (35, -100), 0.9, (0, 4)),
    ("COL VEN GUY SUR ECU PER BOL BRA PRY URY ARG CHL", (-12, -62), 0.7, (4, 0)),
    ("CPV MRT SEN GMB GNB GIN SLE LBR CIV MLI BFA GHA TGO BEN NER NGA", (11, -5), 1.5, (0, 0)),
    ("TCD CMR CAF GNQ GAB COG COD STP", (3, 15), 1.3, (0, 0)),
    ("ERI DJI ETH SOM SSD UGA KEN RWA BDI TZA", (5, 36), 1.3, (0, 3)),
    ("TUR GEO ARM AZE SYR LBN ISR JOR IRQ KWT SAU BHR QAT ARE OMN YEM", (27, 45), 1.5, (0, 2)),
    ("MMR THA LAO KHM VNM MYS SGP BRN IDN PHL TLS", (10, 108), 1.35, (0, 4)),
    ("CAN USA MEX GTM BLZ SLV HND NIC CRI PAN CUB BHS JAM HTI DOM KNA ATG DMA LCA VCT BRB GRD TTO COL VEN "
     "GUY SUR ECU PER BOL BRA PRY URY ARG CHL", (5, -75), 1.2, (0, -4)),
    ("PNG SLB VUT FJI TON WSM TUV KIR NRU MHL FSM PLW", (-5, 165), 1.1, (-6, 5)),
]


def member_states():
    """The ISO3 codes of countries.yml's Member States, in file order."""
    states, iso3 = [], None
    with open(os.path.join(HERE, "countries.yml"), encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r'\s+- iso3: "([A-Z]{3})"', line)
            if match:
                iso3 = match.group(1)
                continue
            match = re.match(r'\s+un_status: "(\w+)"', line)
            if match and iso3 and match.group(1) == "member":
                states.append(iso3)
    return states


def projected(states):
    """Each State's point (x, y) in degrees after wrapping and spreading."""
    points = {}
    for iso3 in states:
        lat, lon = POSITIONS[iso3]
        if lon < -150:
            lon += 360
        points[iso3] = (lon, -lat)
    for codes, (clat, clon), factor, (dlat, dlon) in SPREAD:
        for iso3 in codes.split():
            x, y = points[iso3]
            points[iso3] = (clon + (x - clon) * factor + dlon, -clat + (y + clat) * factor - dlat)
    return points


def to_grid(points):
    """The points scaled into the grid's coordinates (0 … COLUMNS-1, 0 … ROWS-1)."""
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {
        iso3: ((x - x0) / (x1 - x0) * (COLUMNS - 1), (y - y0) / (y1 - y0) * (ROWS - 1))
        for iso3, (x, y) in points.items()
    }


def hungarian(cost):
    """Minimum-cost assignment of each row of `cost` (n rows, m >= n columns) to a distinct
    column; returns the column of each row. O(n^2 m), the classic potentials method."""
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            row = cost[i0 - 1]
            ui0 = u[i0]
            delta, j1 = inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    result = [0] * n
    for j in range(1, m + 1):
        if p[j]:
            result[p[j] - 1] = j - 1
    return result


def layout():
    states = sorted(member_states())
    missing = [iso3 for iso3 in states if iso3 not in POSITIONS]
    extra = sorted(set(POSITIONS) - set(states))
    if missing or extra or len(states) != 193:
        sys.exit(f"build_tiles.py: {len(states)} Member States; no position for {missing}; not Member States: {extra}")
    grid = to_grid(projected(states))
    cells = [(column, row) for row in range(ROWS) for column in range(COLUMNS)]
    cost = [[(grid[iso3][0] - c) ** 2 + (grid[iso3][1] - r) ** 2 for c, r in cells] for iso3 in states]
    assigned = hungarian(cost)
    return {iso3: (cells[index][0] + 1, cells[index][1] + 1) for iso3, index in zip(states, assigned)}


def render(tiles):
    lines = [
        "# World tile grid: one tile per UN Member State (the 193 `un_status: member` States of",
        "# countries.yml), laid out like a world map, for the report's and the country profiles' tile map.",
        "# Made by build_tiles.py (approximate capital or centre positions typed in by the project,",
        "# projected and assigned to cells by a minimum-cost assignment); it may be edited by hand:",
        "# move a tile by giving it a free column and row (1 = left / top). The pipeline refuses the",
        "# file if a code is unknown, a State appears twice, two States share a cell or a Member State",
        "# has no tile.",
        "iso3,column,row",
    ]
    for iso3, (column, row) in sorted(tiles.items(), key=lambda item: (item[1][1], item[1][0])):
        lines.append(f"{iso3},{column},{row}")
    return "\n".join(lines) + "\n"


def show(tiles):
    by_cell = {cell: iso3 for iso3, cell in tiles.items()}
    for row in range(1, ROWS + 1):
        print("".join(by_cell.get((column, row), " . ").ljust(4) for column in range(1, COLUMNS + 1)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", default=os.path.join(HERE, "world-tiles.csv"))
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--show", action="store_true")
    arguments = parser.parse_args()
    tiles = layout()
    text = render(tiles)
    if arguments.show:
        show(tiles)
    if arguments.check:
        with open(arguments.output, encoding="utf-8") as handle:
            sys.exit(0 if handle.read() == text else 1)
    with open(arguments.output, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
