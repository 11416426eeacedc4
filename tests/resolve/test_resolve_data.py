"""The actor tables as data: valid codes, valid dates, sourced headers, no silent ambiguity.

These tests read the TSV files themselves (not only the loaded lexicon), so that a row
the loader would quietly skip still fails here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from importlib.resources import files

import pycountry
import pytest

from eventwire.errors import InputError
from eventwire.resolve import _build_countries
from eventwire.resolve._lexicon import (
    CountryTerm,
    OrgTerm,
    _alias_key,
    _Builder,
    _plural_alias,
    load_lexicon,
    read_actor_table,
)

TABLES = [
    "ambiguous.tsv",
    "countries.tsv",
    "function_words.tsv",
    "organisations.tsv",
    "people.tsv",
    "sector_codes.tsv",
    "sectors.tsv",
    "titles.tsv",
]
ISO3 = {country.alpha_3 for country in pycountry.countries}
NON_STATE_ROOTS = {"IGO", "IMG", "NGO", "MNC"}


def sector_codes() -> set[str]:
    return {row["code"] for _, row in read_actor_table("sector_codes.tsv", ("code",))}


def split(field: str) -> list[str]:
    return [part.strip() for part in field.split("|") if part.strip()]


def check_code(code: str) -> None:
    """Country (ISO alpha-3) or a non-state root, then three-letter blocks; a country
    root's first block is a known sector."""
    assert re.fullmatch(r"([A-Z]{3})+", code), code
    root = code[:3]
    assert root in ISO3 | NON_STATE_ROOTS, f"{code}: unknown root {root}"
    if root in ISO3 and len(code) >= 6:
        assert code[3:6] in sector_codes(), f"{code}: unknown sector {code[3:6]}"


@pytest.mark.parametrize("name", TABLES)
def test_data_table_opens_with_sourced_header(name: str) -> None:
    text = (files("eventwire") / "data" / "actors" / name).read_text(encoding="utf-8")
    lines = text.splitlines()
    header = lines[: next(n for n, line in enumerate(lines) if not line.startswith("#"))]
    assert header, f"{name} has no comment header"
    if name != "ambiguous.tsv":  # it has no facts to source, only decisions
        assert any("Source" in line for line in header), f"{name} cites no source"


def test_data_every_country_is_an_iso_country_and_every_iso_country_is_listed() -> None:
    rows = read_actor_table("countries.tsv", ("iso3", "iso_name"))
    listed = [row["iso3"] for _, row in rows]
    assert len(listed) == len(set(listed))
    assert set(listed) == ISO3
    for _, row in rows:
        assert row["iso_name"] == pycountry.countries.get(alpha_3=row["iso3"]).name


def test_data_countries_table_is_what_the_build_script_writes() -> None:
    path = _build_countries._TABLE
    curated = _build_countries._rows_from_table(path)
    text, dropped = _build_countries.build(curated)
    assert dropped == []
    assert text == path.read_text(encoding="utf-8"), (
        "run python -m eventwire.resolve._build_countries"
    )


# ISO 3166-1 entries that are not UN member states (territories, dependencies, Palestine,
# the Holy See, Taiwan, Western Sahara); the other 193 are the UN members.
NOT_UN_MEMBERS = {
    "ABW", "AIA", "ALA", "ASM", "ATA", "ATF", "BES", "BLM", "BMU", "BVT", "CCK", "COK", "CUW", "CXR",
    "CYM", "ESH", "FLK", "FRO", "GGY", "GIB", "GLP", "GRL", "GUF", "GUM", "HKG", "HMD", "IMN", "IOT",
    "JEY", "MAC", "MAF", "MNP", "MSR", "MTQ", "MYT", "NCL", "NFK", "NIU", "PCN", "PRI", "PSE", "PYF",
    "REU", "SGS", "SHN", "SJM", "SPM", "SXM", "TCA", "TKL", "TWN", "UMI", "VAT", "VGB", "VIR", "WLF",
}  # fmt: skip


def test_data_every_un_member_has_an_adjective() -> None:
    assert len(ISO3 - NOT_UN_MEMBERS) == 193
    rows = read_actor_table("countries.tsv", ("iso3", "adjectives"))
    without = {row["iso3"] for _, row in rows if not row["adjectives"]}
    assert without <= NOT_UN_MEMBERS


def test_data_metonym_sectors_are_known() -> None:
    for line, row in read_actor_table("countries.tsv", ("iso3", "metonyms")):
        for metonym in split(row["metonyms"]):
            assert metonym.rpartition(":")[2] in sector_codes(), f"countries.tsv:{line}"


@pytest.mark.parametrize(("name", "column"), [("sectors.tsv", "sector"), ("titles.tsv", "sector")])
def test_data_term_sectors_are_known(name: str, column: str) -> None:
    for line, row in read_actor_table(name, (column,)):
        assert row[column] in sector_codes() | {"-"}, f"{name}:{line}"


def test_data_organisation_codes_are_valid() -> None:
    for _, row in read_actor_table("organisations.tsv", ("name", "code", "kind")):
        check_code(row["code"])
        assert row["kind"] in {"igo", "group", "media", "state", "other"}


def test_data_people_codes_dates_and_roles_are_valid() -> None:
    titles = {_alias_key(r["title"])[0] for _, r in read_actor_table("titles.tsv", ("title",))}
    for line, row in read_actor_table("people.tsv", ("name", "code", "start", "end", "role")):
        check_code(row["code"])
        start = date.fromisoformat(row["start"]) if row["start"] else date.min
        end = date.fromisoformat(row["end"]) if row["end"] else date.max
        assert start <= end, f"people.tsv:{line}"
        assert _alias_key(row["role"])[0] in titles, f"people.tsv:{line}: {row['role']}"


def test_data_people_offices_of_one_person_overlap_only_by_design() -> None:
    # Overlaps are allowed (the later office wins) but must not give one person two
    # different codes for more than a transition day unless people.tsv's header says so.
    lexicon = load_lexicon()
    overlapping = []
    for person in lexicon.people.values():
        for a in person.roles:
            for b in person.roles:
                if a is b or a.code == b.code or (a.start or date.min) > (b.start or date.min):
                    continue
                if (b.start or date.min) < (a.end or date.max):
                    overlapping.append(person.name)
    assert sorted(set(overlapping)) == ["Mohammed bin Salman"]  # documented in people.tsv


def all_aliases() -> dict[str, set[str]]:
    """Every alias key of every table -> the targets it is given (an independent reading
    of the tables, not the loader's)."""
    targets: dict[str, set[str]] = defaultdict(set)

    def add(alias: str, target: str) -> None:
        targets[_alias_key(alias)[0]].add(target)

    for _, row in read_actor_table("countries.tsv", ("iso3", "name", "iso_name")):
        for alias in [row["name"], *split(row["aliases"]), *split(row["adjectives"])]:
            add(alias, f"country:{row['iso3']}")
        for alias in split(row["nationals"]):
            add(alias, f"country:{row['iso3']}")
        if "," not in row["iso_name"] and "(" not in row["iso_name"]:
            add(row["iso_name"], f"country:{row['iso3']}")
        for metonym in split(row["metonyms"]):
            place, _, sector = metonym.rpartition(":")
            add(place, f"metonym:{row['iso3']}:{sector}")
    for _, row in read_actor_table("organisations.tsv", ("name", "aliases")):
        for alias in [row["name"], *split(row["aliases"])]:
            add(alias, f"org:{row['name']}")
    for _, row in read_actor_table("people.tsv", ("name", "aliases")):
        for alias in [row["name"], *split(row["aliases"])]:
            add(alias, f"person:{row['name']}")
    for _, row in read_actor_table("titles.tsv", ("title",)):
        for alias in (row["title"], _plural_alias(row["title"])):
            add(alias, f"title:{_alias_key(row['title'])[0]}")
    for _, row in read_actor_table("sectors.tsv", ("phrase", "sector")):
        target = "block" if row["sector"] == "-" else f"sector:{row['sector']}"
        for alias in (row["phrase"], _plural_alias(row["phrase"])):
            add(alias, target)
    return targets


def test_data_no_alias_means_two_actors_unless_listed_as_ambiguous() -> None:
    listed = {
        _alias_key(row["alias"])[0] for _, row in read_actor_table("ambiguous.tsv", ("alias",))
    }
    ambiguous = {alias for alias, targets in all_aliases().items() if len(targets) > 1}
    assert ambiguous - listed == set(), "list these in ambiguous.tsv"
    assert listed - ambiguous == set(), "ambiguous.tsv lists aliases that are not ambiguous"


def test_data_ambiguous_resolutions_name_one_of_the_targets() -> None:
    targets = all_aliases()
    for line, row in read_actor_table("ambiguous.tsv", ("alias", "resolution")):
        resolution = row["resolution"]
        key = _alias_key(row["alias"])[0]
        assert resolution == "-" or resolution in targets[key], f"ambiguous.tsv:{line}"


def test_data_lexicon_loads_every_table() -> None:
    lexicon = load_lexicon()
    assert len(lexicon.countries) == len(ISO3)
    assert {"Vladimir Putin", "Sergei Lavrov", "Bashar al-Assad"} <= set(lexicon.people)
    assert lexicon.orgs["NATO"].code == "IGOWSTNAT"


def test_data_loader_refuses_an_unlisted_ambiguity() -> None:
    builder = _Builder()
    builder.add("Georgia", CountryTerm("GEO"), "eventwire/data/actors/countries.tsv:3")
    org = load_lexicon().orgs["NATO"]
    builder.add("Georgia", OrgTerm(org), "eventwire/data/actors/organisations.tsv:9")
    with pytest.raises(InputError, match=r"ambiguous\.tsv") as caught:
        builder.build({})
    assert (caught.value.path, caught.value.line) == ("eventwire/data/actors/organisations.tsv", 9)
    assert builder.build({"georgia": ("-", 1)}) == {}
    kept = builder.build({"georgia": ("country:GEO", 1)})
    assert kept["georgia"].term == CountryTerm("GEO")
