"""Build the dashboard's offline world basemap from Natural Earth (via npm ``world-atlas``).

    cd web && npm ci && cd ..                 # installs world-atlas, pinned in web/package-lock.json
    python scripts/basemap.py                 # writes src/eventwire/web/static/basemap.json
    python scripts/basemap.py --check         # exit 1 if the committed file is out of date

The output is committed, so installing or serving eventwire needs neither npm nor a
network: this script only makes it reproducible. Input: ``countries-110m.json`` of
world-atlas 2.0.2 (TopoJSON of Natural Earth's 1:110m countries; the data is public
domain, the package ISC-licensed). Output: one SVG path string per country in an
equirectangular projection whose viewBox is ``0 0 360 180`` (x = lon + 180,
y = 90 - lat), so the dashboard places a point with the same two additions.

TopoJSON in brief: shared borders are stored once as "arcs"; a quantized file stores
each arc as integer deltas (x, y relative to the point before) to be scaled and
translated back to degrees; a polygon ring lists arc indices, where ``~i`` (= -i - 1)
means arc i walked backwards. Consecutive rings' arcs share their end points, so each
arc after the first drops its first point.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "web" / "node_modules" / "world-atlas" / "countries-110m.json"
TARGET = ROOT / "src" / "eventwire" / "web" / "static" / "basemap.json"
# 0.1 degree (~11 km at the equator) is finer than a 1:110m map draws (~0.3 degree
# between its points) and keeps the file near 100 KB.
DECIMALS = 1

Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Every arc as (lon, lat) points, de-quantized and de-delta-encoded."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def project(point: Point) -> tuple[float, float]:
    lon, lat = point
    return round(lon + 180, DECIMALS), round(90 - lat, DECIMALS)


def _number(value: float) -> str:
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def antimeridian_copies(points: list[Point]) -> list[list[Point]]:
    """A ring as drawn on a flat map: a ring that crosses the antimeridian and back (Fiji,
    Chukotka) is unwrapped into one continuous ring running past +-180 and drawn twice,
    once shifted by 360 degrees, so that each half shows at its own edge of the map (the
    SVG clips the rest). Without this its edges would run across the whole map. A ring
    that crosses it once goes round a pole (Antarctica) and is right as it is."""
    jumps = sum(1 for a, b in pairwise(points) if abs(b[0] - a[0]) > 180)
    if jumps == 0 or jumps % 2:
        return [points]
    unwrapped: list[Point] = [points[0]]
    offset = 0.0
    for (lon0, _), (lon, lat) in pairwise(points):
        if lon0 - lon > 180:
            offset += 360
        elif lon - lon0 > 180:
            offset -= 360
        unwrapped.append((lon + offset, lat))
    shift = -360 if max(lon for lon, _ in unwrapped) > 180 else 360
    return [unwrapped, [(lon + shift, lat) for lon, lat in unwrapped]]


def ring_path(points: list[Point]) -> str:
    """``M x y L ...Z``, dropping points that round onto the one before."""
    out: list[tuple[float, float]] = []
    for point in points:
        xy = project(point)
        if not out or xy != out[-1]:
            out.append(xy)
    if len(out) < 3:  # a ring that rounds to a line or a dot draws nothing
        return ""
    head = f"M{_number(out[0][0])} {_number(out[0][1])}"
    return head + "L" + " ".join(f"{_number(x)} {_number(y)}" for x, y in out[1:]) + "Z"


def geometry_path(geometry: dict[str, Any], arcs: list[list[Point]]) -> str:
    kind = geometry.get("type")
    polygons = (
        [geometry["arcs"]]
        if kind == "Polygon"
        else geometry["arcs"]
        if kind == "MultiPolygon"
        else []
    )
    return "".join(
        ring_path(copy)
        for polygon in polygons
        for ring in polygon
        for copy in antimeridian_copies(ring_points(ring, arcs))
    )


def build(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        path = geometry_path(geometry, arcs)
        if path:
            name = (geometry.get("properties") or {}).get("name", "")
            countries.append({"id": str(geometry.get("id", "")), "name": name, "d": path})
    countries.sort(key=lambda c: (c["name"], c["id"]))
    return {
        "about": (
            "Generated by scripts/basemap.py from world-atlas 2.0.2 countries-110m.json "
            "(Natural Earth 1:110m countries, public domain). Do not edit by hand."
        ),
        "projection": "equirectangular: x = lon + 180, y = 90 - lat",
        "viewBox": [0, 0, 360, 180],
        "countries": countries,
    }


def render(source: Path = SOURCE) -> str:
    topology = json.loads(source.read_text(encoding="utf-8"))
    return json.dumps(build(topology), ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=TARGET)
    parser.add_argument("--check", action="store_true", help="exit 1 if --out is out of date")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"{args.source} is missing: run `npm ci` in web/ first", file=sys.stderr)
        return 2
    text = render(args.source)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            print(f"{args.out} is out of date: run python scripts/basemap.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    count = len(json.loads(text)["countries"])
    print(f"wrote {args.out} ({len(text) // 1024} KB, {count} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
