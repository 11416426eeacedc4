"""The actor dictionaries, read once from ``data/actors/*.tsv`` into one lookup table.

Every alias of every table (country names, adjectives and nationals, metonyms,
organisations, people, titles, sector terms and blockers) is normalised with
:func:`eventwire.resolve._text.tokenize` and becomes one key of :attr:`Lexicon.entries`,
so the resolver finds the longest alias at a word with a few dict lookups instead of
trying every pattern. Reading a table validates it: unknown sector codes, country codes,
roles, kinds or dates, and two tables giving one alias to different actors (unless
``ambiguous.tsv`` says what to do) raise :class:`eventwire.errors.InputError` naming the
file and line, because such a row is a data bug.

The tables and their sources are described in their own header comments.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from types import MappingProxyType
from typing import TypeAlias

from eventwire.codebook._tsv import Row, parse_table
from eventwire.errors import InputError
from eventwire.resolve._text import join_keys, plural, tokenize

__all__ = [
    "BlockTerm",
    "CountryTerm",
    "Entry",
    "FunctionWords",
    "Lexicon",
    "MetonymTerm",
    "Org",
    "OrgTerm",
    "Person",
    "PersonTerm",
    "Role",
    "SectorCode",
    "SectorTerm",
    "Term",
    "TitleTerm",
    "load_lexicon",
    "read_actor_table",
]

_ORG_KINDS = frozenset({"igo", "group", "media", "state", "other"})
_SECTOR_KINDS = frozenset({"state", "group", "media", "other"})
_SCOPES = frozenset({"state", "igo", "any"})
_WORD_CLASSES = frozenset(
    {
        "qualifying",
        "locative",
        "conjunction",
        "outside",
        "backer",
        "honorific",
        "particle",
        "regnal",
        "pronoun",
    }
)
# Codes are blocks of three upper-case letters (or "---" for an unknown country).
_CODE_SHAPE = re.compile(r"(?:[A-Z]{3}|---)(?:[A-Z]{3})*")


# -- records ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SectorCode:
    """A row of ``sector_codes.tsv``."""

    code: str
    name: str
    kind: str
    domestic: bool


@dataclass(frozen=True, slots=True)
class Role:
    """One office of a person: the code it gives, from ``start`` to ``end`` inclusive."""

    code: str
    title: str
    start: date | None
    end: date | None

    def covers(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    roles: tuple[Role, ...]

    def role_at(self, when: date | None) -> Role | None:
        """The office held on ``when``; without a date, the most recent office.

        Overlapping offices: the one that started later wins (a crown prince who is still
        defence minister is coded as crown prince).
        """
        held = self.roles if when is None else [r for r in self.roles if r.covers(when)]
        return max(held, key=lambda role: role.start or date.min, default=None)


@dataclass(frozen=True, slots=True)
class Org:
    name: str
    code: str
    kind: str
    generic: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CountryTerm:
    iso3: str


@dataclass(frozen=True, slots=True)
class MetonymTerm:
    iso3: str
    sector: str


@dataclass(frozen=True, slots=True)
class OrgTerm:
    org: Org


@dataclass(frozen=True, slots=True)
class PersonTerm:
    person: Person


@dataclass(frozen=True, slots=True)
class SectorTerm:
    sector: str
    default_country: str | None
    domestic: bool


@dataclass(frozen=True, slots=True)
class TitleTerm:
    title: str
    sector: str
    inherits: bool
    scope: str
    office: str
    unique: bool
    plural: bool


@dataclass(frozen=True, slots=True)
class BlockTerm:
    """Words that contain a country name but are no actor ("New Mexico")."""


Term: TypeAlias = (
    CountryTerm | MetonymTerm | OrgTerm | PersonTerm | SectorTerm | TitleTerm | BlockTerm
)


@dataclass(frozen=True, slots=True)
class Entry:
    """What one alias key means: the term, and the exact surface form it must have when
    the alias is case-sensitive (``"IS"``)."""

    term: Term
    case: str | None
    source: str


@dataclass(frozen=True, slots=True)
class FunctionWords:
    """``function_words.tsv`` by class (see its header for what each class does)."""

    qualifying: frozenset[str]
    locative: frozenset[str]
    conjunction: frozenset[str]
    outside: frozenset[str]
    backer: frozenset[str]
    honorific: frozenset[str]
    particle: frozenset[str]
    regnal: frozenset[str]
    pronoun: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    """Every alias of the actor tables, by normalised key, and the tables behind them."""

    entries: Mapping[str, Entry]
    # Every proper prefix (in tokens) of a key: the longest match stops where none goes on.
    prefixes: frozenset[str]
    countries: Mapping[str, str]  # iso3 -> name
    sectors: Mapping[str, SectorCode]
    people: Mapping[str, Person]
    orgs: Mapping[str, Org]  # by name
    # Normalised generic nouns ("alliance") of the organisations with each code.
    generic_by_code: Mapping[str, tuple[str, ...]]
    titles: Mapping[str, TitleTerm]  # by normalised title
    words: FunctionWords

    def country_of(self, code: str) -> str | None:
        """The ISO alpha-3 country a code starts with, or None for IGO/IMG/NGO/``---``."""
        root = code[:3]
        return root if root in self.countries else None

    def sector_of(self, code: str) -> str | None:
        """The sector of a country-rooted code (``SYRREBMUS`` -> ``REB``), else None."""
        if code.startswith("---") or self.country_of(code) is not None:
            sector = code[3:6]
            return sector or None
        return None


# -- reading ------------------------------------------------------------------------------


def _path(name: str) -> str:
    return f"eventwire/data/actors/{name}"


def read_actor_table(name: str, required: tuple[str, ...]) -> tuple[Row, ...]:
    """Read and parse the packaged actor table ``name`` (e.g. ``"people.tsv"``)."""
    resource = files("eventwire") / "data" / "actors" / name
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(_path(name), f"cannot be read: {exc}") from exc
    return parse_table(text, _path(name), required)


def _split(field: str) -> list[str]:
    return [part.strip() for part in field.split("|") if part.strip()]


def _yes_no(value: str, name: str, line: int, column: str) -> bool:
    if value in ("yes", "no", ""):
        return value == "yes"
    raise InputError(_path(name), f"{column} must be yes or no, not {value!r}", line=line)


def _date(value: str, name: str, line: int) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(_path(name), f"not an ISO date: {value!r}", line=line) from exc


def _alias_key(alias: str) -> tuple[str, str | None]:
    """The lookup key of an alias and, for a ``=``-prefixed alias, the exact surface
    form (raw tokens joined by spaces) a phrase must show."""
    exact = alias.startswith("=")
    tokens = tokenize(alias[1:] if exact else alias)
    key = join_keys(tokens)
    return key, (" ".join(t.raw for t in tokens) if exact else None)


def _plural_alias(alias: str) -> str:
    """The alias with its last word in the plural (``"=MP"`` -> ``"=MPs"``)."""
    head, _, last = alias.rpartition(" ")
    return f"{head} {plural(last)}" if head else plural(last)


def _target(term: Term) -> str:
    """How an ambiguity names what an alias points at (``ambiguous.tsv``'s resolution)."""
    if isinstance(term, CountryTerm):
        return f"country:{term.iso3}"
    if isinstance(term, MetonymTerm):
        return f"metonym:{term.iso3}:{term.sector}"
    if isinstance(term, OrgTerm):
        return f"org:{term.org.name}"
    if isinstance(term, PersonTerm):
        return f"person:{term.person.name}"
    if isinstance(term, SectorTerm):
        return f"sector:{term.sector}"
    if isinstance(term, TitleTerm):
        return f"title:{term.title}"
    return "block"


class _Builder:
    """Collects every alias with all the terms the tables give it, then keeps one term per
    alias: the only one, or the one ``ambiguous.tsv`` names (or none, for ``-``)."""

    def __init__(self) -> None:
        self.candidates: dict[str, list[Entry]] = {}

    def add(self, alias: str, term: Term, source: str) -> None:
        key, case = _alias_key(alias)
        if not key:
            return
        found = self.candidates.setdefault(key, [])
        if all(_target(entry.term) != _target(term) for entry in found):
            found.append(Entry(term, case, source))

    def build(self, ambiguous: Mapping[str, tuple[str, int]]) -> dict[str, Entry]:
        entries: dict[str, Entry] = {}
        for key, found in self.candidates.items():
            if len(found) == 1:
                entries[key] = found[0]
                continue
            targets = " and ".join(f"{_target(e.term)} ({e.source})" for e in found)
            if key not in ambiguous:
                path, _, number = found[-1].source.rpartition(":")
                raise InputError(
                    path,
                    f"alias {key!r} means {targets}; list it in "
                    f"{_path('ambiguous.tsv')} with the target to keep (or '-')",
                    line=int(number),
                )
            resolution, line = ambiguous[key]
            if resolution == "-":
                continue
            kept = [e for e in found if _target(e.term) == resolution]
            if not kept:
                raise InputError(
                    _path("ambiguous.tsv"),
                    f"{key!r} resolves to {resolution}, which is none of {targets}",
                    line=line,
                )
            entries[key] = kept[0]
        return entries


def _load_sector_codes() -> dict[str, SectorCode]:
    name = "sector_codes.tsv"
    codes: dict[str, SectorCode] = {}
    for line, row in read_actor_table(name, ("code", "name", "kind", "domestic")):
        code = row["code"]
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise InputError(_path(name), f"not a three-letter code: {code!r}", line=line)
        if row["kind"] not in _SECTOR_KINDS:
            raise InputError(_path(name), f"unknown kind {row['kind']!r}", line=line)
        codes[code] = SectorCode(
            code, row["name"], row["kind"], _yes_no(row["domestic"], name, line, "domestic")
        )
    return codes


def _check_sector(sector: str, sectors: Mapping[str, SectorCode], name: str, line: int) -> None:
    if sector not in sectors:
        raise InputError(
            _path(name), f"unknown sector {sector!r} (see sector_codes.tsv)", line=line
        )


def _check_code(
    code: str, countries: Mapping[str, str], sectors: Mapping[str, SectorCode], name: str, line: int
) -> None:
    """A code's shape, country root and sector must all be known."""
    if not _CODE_SHAPE.fullmatch(code):
        raise InputError(_path(name), f"malformed actor code {code!r}", line=line)
    if code[:3] in countries and len(code) >= 6:
        _check_sector(code[3:6], sectors, name, line)


def _countries(builder: _Builder, sectors: Mapping[str, SectorCode]) -> dict[str, str]:
    name = "countries.tsv"
    rows = read_actor_table(
        name, ("iso3", "name", "iso_name", "aliases", "adjectives", "nationals", "metonyms")
    )
    countries: dict[str, str] = {}
    for line, row in rows:
        iso3 = row["iso3"]
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            raise InputError(_path(name), f"not an ISO alpha-3 code: {iso3!r}", line=line)
        countries[iso3] = row["name"]
    for line, row in rows:
        source = f"{_path(name)}:{line}"
        term = CountryTerm(row["iso3"])
        iso_name = row["iso_name"]
        aliases = [row["name"], *_split(row["aliases"])]
        if "," not in iso_name and "(" not in iso_name:
            aliases.append(iso_name)  # "Korea, Republic of" is no way to write a name
        for alias in [*aliases, *_split(row["adjectives"]), *_split(row["nationals"])]:
            builder.add(alias, term, source)
        for metonym in _split(row["metonyms"]):
            place, _, sector = metonym.rpartition(":")
            if not place:
                raise InputError(_path(name), f"metonym {metonym!r} lacks ':SECTOR'", line=line)
            _check_sector(sector, sectors, name, line)
            builder.add(place, MetonymTerm(row["iso3"], sector), source)
    return countries


def _orgs(
    builder: _Builder, countries: Mapping[str, str], sectors: Mapping[str, SectorCode]
) -> dict[str, Org]:
    name = "organisations.tsv"
    orgs: dict[str, Org] = {}
    for line, row in read_actor_table(name, ("name", "code", "kind", "aliases", "generic")):
        _check_code(row["code"], countries, sectors, name, line)
        if row["kind"] not in _ORG_KINDS:
            raise InputError(_path(name), f"unknown kind {row['kind']!r}", line=line)
        if row["name"] in orgs:
            raise InputError(_path(name), f"organisation {row['name']!r} listed twice", line=line)
        generic = tuple(_alias_key(noun)[0] for noun in _split(row["generic"]))
        org = Org(row["name"], row["code"], row["kind"], generic)
        orgs[org.name] = org
        for alias in [org.name, *_split(row["aliases"])]:
            builder.add(alias, OrgTerm(org), f"{_path(name)}:{line}")
    return orgs


def _titles(builder: _Builder, sectors: Mapping[str, SectorCode]) -> dict[str, TitleTerm]:
    name = "titles.tsv"
    titles: dict[str, TitleTerm] = {}
    required = ("title", "sector", "inherits", "scope", "office", "unique")
    for line, row in read_actor_table(name, required):
        _check_sector(row["sector"], sectors, name, line)
        if row["scope"] not in _SCOPES:
            raise InputError(_path(name), f"unknown scope {row['scope']!r}", line=line)
        if not row["office"]:
            raise InputError(_path(name), "office is empty", line=line)
        inherits = _yes_no(row["inherits"], name, line, "inherits")
        unique = _yes_no(row["unique"], name, line, "unique")
        key = _alias_key(row["title"])[0]
        source = f"{_path(name)}:{line}"
        for alias, is_plural in ((row["title"], False), (_plural_alias(row["title"]), True)):
            term = TitleTerm(
                key, row["sector"], inherits, row["scope"], row["office"], unique, is_plural
            )
            if not is_plural:
                titles[key] = term
            if is_plural and _alias_key(alias)[0] == key:
                continue  # already plural ("chiefs of staff")
            builder.add(alias, term, source)
    return titles


def _sector_terms(
    builder: _Builder, countries: Mapping[str, str], sectors: Mapping[str, SectorCode]
) -> None:
    name = "sectors.tsv"
    for line, row in read_actor_table(name, ("phrase", "sector", "default_country", "domestic")):
        source = f"{_path(name)}:{line}"
        if row["sector"] == "-":
            builder.add(row["phrase"], BlockTerm(), source)
            continue
        _check_sector(row["sector"], sectors, name, line)
        default = row["default_country"] or None
        if default is not None and default not in countries:
            raise InputError(_path(name), f"unknown country {default!r}", line=line)
        by_sector = sectors[row["sector"]].domestic
        domestic = _yes_no(row["domestic"], name, line, "domestic") or by_sector
        builder.add(row["phrase"], SectorTerm(row["sector"], default, domestic), source)
        # A domestic override holds for the row as written, not for its plural: "the
        # government" is the country's own, "governments" are several countries'.
        plural_alias = _plural_alias(row["phrase"])
        if _alias_key(plural_alias)[0] != _alias_key(row["phrase"])[0]:
            builder.add(plural_alias, SectorTerm(row["sector"], default, by_sector), source)


def _people(
    builder: _Builder,
    countries: Mapping[str, str],
    sectors: Mapping[str, SectorCode],
    titles: Mapping[str, TitleTerm],
) -> dict[str, Person]:
    name = "people.tsv"
    roles: dict[str, list[Role]] = {}
    aliases: dict[str, list[tuple[str, int]]] = {}
    for line, row in read_actor_table(name, ("name", "aliases", "code", "start", "end", "role")):
        person = row["name"]
        _check_code(row["code"], countries, sectors, name, line)
        start, end = _date(row["start"], name, line), _date(row["end"], name, line)
        if start is not None and end is not None and end < start:
            raise InputError(_path(name), f"ends ({end}) before it starts ({start})", line=line)
        title = _alias_key(row["role"])[0]
        if title not in titles:
            raise InputError(_path(name), f"role {row['role']!r} is not in titles.tsv", line=line)
        roles.setdefault(person, []).append(Role(row["code"], title, start, end))
        aliases.setdefault(person, [(person, line)]).extend(
            (a, line) for a in _split(row["aliases"])
        )
    people = {person: Person(person, tuple(found)) for person, found in roles.items()}
    for person, names in aliases.items():
        for alias, line in names:
            builder.add(alias, PersonTerm(people[person]), f"{_path(name)}:{line}")
    return people


def _ambiguous() -> dict[str, tuple[str, int]]:
    """``ambiguous.tsv``: alias key -> (resolution, line)."""
    name = "ambiguous.tsv"
    return {
        _alias_key(row["alias"])[0]: (row["resolution"], line)
        for line, row in read_actor_table(name, ("alias", "resolution"))
    }


def _function_words() -> FunctionWords:
    name = "function_words.tsv"
    classes: dict[str, set[str]] = {c: set() for c in _WORD_CLASSES}
    for line, row in read_actor_table(name, ("word", "class")):
        if row["class"] not in _WORD_CLASSES:
            raise InputError(_path(name), f"unknown class {row['class']!r}", line=line)
        classes[row["class"]].add(row["word"].lower())
    return FunctionWords(**{c: frozenset(words) for c, words in classes.items()})


def _prefixes(keys: Iterable[str]) -> frozenset[str]:
    found: set[str] = set()
    for key in keys:
        words = key.split(" ")
        for end in range(1, len(words)):
            found.add(" ".join(words[:end]))
    return frozenset(found)


@functools.cache
def load_lexicon() -> Lexicon:
    """Read every actor table once per process (the result is cached)."""
    sectors = _load_sector_codes()
    builder = _Builder()
    # Order matters only for error messages: the first table to claim an alias is named.
    countries = _countries(builder, sectors)
    orgs = _orgs(builder, countries, sectors)
    titles = _titles(builder, sectors)
    people = _people(builder, countries, sectors, titles)
    _sector_terms(builder, countries, sectors)
    entries = builder.build(_ambiguous())
    generic: dict[str, list[str]] = {}
    for org in orgs.values():
        generic.setdefault(org.code, []).extend(org.generic)
    return Lexicon(
        entries=MappingProxyType(entries),
        prefixes=_prefixes(entries),
        countries=MappingProxyType(countries),
        sectors=MappingProxyType(sectors),
        people=MappingProxyType(people),
        orgs=MappingProxyType(orgs),
        generic_by_code=MappingProxyType({c: tuple(dict.fromkeys(g)) for c, g in generic.items()}),
        titles=MappingProxyType(titles),
        words=_function_words(),
    )
