"""Refresh ``data/actors/countries.tsv`` from ``pycountry`` (a developer's tool).

The country list and the ISO 3166-1 alpha-3 codes come from ``pycountry`` at the time
this runs; the columns people curate (news name, aliases, adjectives, nationals,
metonyms) are kept from the existing file, so a refresh never loses an edit::

    python -m eventwire.resolve._build_countries            # refresh in place
    python -m eventwire.resolve._build_countries --seed F   # curated columns from F

``--seed`` reads a header-less TSV of ``iso3 name aliases adjectives nationals
metonyms``; it was used once, to create the file. A country that ``pycountry`` adds gets a
row with its ISO name and official name and empty curated columns; a row whose code
``pycountry`` no longer has is dropped and reported. Nothing here runs at import time or
in the resolver: the TSV is the committed data.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path

import pycountry

from eventwire.codebook._tsv import parse_table

__all__ = ["build", "main"]

_TABLE = Path(__file__).resolve().parents[1] / "data" / "actors" / "countries.tsv"
_CURATED = ("name", "aliases", "adjectives", "nationals", "metonyms")
_COLUMNS = ("iso3", "name", "iso_name", *_CURATED[1:])

_HEADER = """\
# Countries: every ISO 3166-1 entry, with the names, adjectives, nationals and metonyms
# news text uses for it.
#
# Sources:
#   - iso3 and iso_name: the ISO 3166-1 list as the pycountry package ships it (version
#     {version}), written by src/eventwire/resolve/_build_countries.py; iso_name is ISO's
#     short name and doubles as an alias unless it has a comma ("Korea, Republic of").
#   - name, aliases, adjectives, nationals: ours, from general knowledge (these are facts:
#     what a country and its people are called in English-language news). Adjectives
#     cover every UN member; nationals are the plural nouns for its people where they
#     differ from the adjective ("Russians", "Turks", "Britons").
#   - metonyms: ours. Capitals are listed only where the city name is not also a common
#     word or a city of another country ("Tripoli" is in Libya and Lebanon, and is left
#     out); seats of government as wire copy uses them ("the Kremlin", "the White House",
#     "the Pentagon", "Downing Street", "the Elysee").
#
# Columns:
#   aliases, adjectives, nationals, metonyms: "|"-separated. A leading "=" means "match
#   this case exactly" ("=US": not the pronoun "us"; "=Reunion": not a reunion).
#   metonyms: place:SECTOR, the sector the place stands for ("the Pentagon" -> MIL).
#
# Choices:
#   - Nationals resolve to the country with no sector ("the Russians" -> RUS), as Phoenix
#     codes plural demonyms with the country code.
#   - "Brussels" is the EU (organisations.tsv), not Belgium; "Jerusalem" and "Tel Aviv"
#     are left out (contested seat of government); "Vienna" and "Geneva" host talks too
#     often to stand for Austria or Switzerland.
#   - Adjectives shared by two countries are listed in ambiguous.tsv ("Congolese",
#     "Dominican"); "Korean" is given to neither Korea.
#   - Kosovo is not in ISO 3166-1 (pycountry has no row for it) and so is not coded.
"""


def _rows_from_table(path: Path) -> dict[str, dict[str, str]]:
    rows = parse_table(path.read_text(encoding="utf-8"), str(path), _COLUMNS)
    return {row["iso3"]: row for _, row in rows}


def _rows_from_seed(path: Path) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = (line.split("\t") + [""] * 6)[:6]
        rows[fields[0]] = dict(zip(("iso3", *_CURATED), fields, strict=True))
    return rows


def build(curated: Mapping[str, Mapping[str, str]]) -> tuple[str, list[str]]:
    """The text of countries.tsv, and the codes of ``curated`` that pycountry lacks."""
    lines = [_HEADER.format(version=_pycountry_version()).rstrip("\n"), "\t".join(_COLUMNS)]
    known: set[str] = set()
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso3 = country.alpha_3
        known.add(iso3)
        row = curated.get(iso3, {})
        iso_name = country.name
        name = row.get("name") or getattr(country, "common_name", None) or iso_name
        aliases = row.get("aliases", "")
        if not row:
            official = getattr(country, "official_name", "")
            aliases = official if official and official != name else ""
        fields = [iso3, name, iso_name, aliases, *(row.get(c, "") for c in _CURATED[2:])]
        lines.append("\t".join(fields).rstrip("\t"))
    dropped = sorted(set(curated) - known)
    return "\n".join(lines) + "\n", dropped


def _pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seed", type=Path, help="curated columns from this headerless TSV")
    parser.add_argument("--output", type=Path, default=_TABLE)
    args = parser.parse_args(argv)
    curated = _rows_from_seed(args.seed) if args.seed else _rows_from_table(args.output)
    text, dropped = build(curated)
    args.output.write_text(text, encoding="utf-8")
    for iso3 in dropped:
        print(f"dropped {iso3}: not in pycountry")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
