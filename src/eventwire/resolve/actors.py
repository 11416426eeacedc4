"""Actor coding: a noun phrase from a news sentence -> a CAMEO-style :class:`Actor`.

The extractor hands over the words of one noun phrase ("Russia's air force", "Syrian
President Bashar al-Assad", "rebels"); :meth:`ActorResolver.resolve` codes it from the
dictionaries in ``data/actors/`` (see their headers for sources and choices), the article
date and what the same article resolved before (:class:`ActorMemory`).

Reading a phrase (``_read``, cached per phrase text) finds, longest alias first, every
country, metonym, organisation, person, title and sector term in it, and notes where each
stands (the word classes are data: ``function_words.tsv``): before any preposition (the
head of the phrase), after "of/from/by/for" (a qualifier: "the army of Syria"), after
"in" (a place: "rebels in Syria"), after a conjunction ("Russian and Syrian warplanes"),
or after a word that starts something else ("to", "against", "who", "fighting"), which
is ignored. A country right before "-backed/-based" is a backer, not the actor
("U.S.-backed rebels"), while "-led" lends its country ("Vietnamese-led forces");
"anti-X" and "ethnic X" ignore X; "loyal to X" and "pro-X" (a person) lend X's country
only ("forces loyal to Assad"). A leading quantifier ("more than", "up to", "at least")
is skipped. A comma starts an apposition, read afresh.

Deciding (``_decide``) then goes through these stages, first answer wins:

1. **Person or organisation named.** The rightmost person or organisation at the head
   wins ("al-Qaida's affiliate in Syria, the Nusra Front" -> the Nusra Front). A person's
   code applies only while the person holds an office on ``when`` (people.tsv dates;
   without a date, the latest office): "Kerry" is USAGOV in 2015 and nothing in 2019. A
   person followed by a sector ("the Assad regime", "Assad's forces") is that country's
   sector, not the person. Why first: a name is the most specific evidence a phrase has.
2. **Title + name.** A title followed by a name nobody listed ("Syrian Information
   Minister Omran al-Zoubi") keeps the name as ``person``; the code comes from stage 3.
   Why: the title says the sector, the name lets the memory find the person later.
3. **Country + sector.** The first country at the head (adjective, name, possessive,
   national or metonym; else one after "of/from"; else, for a domestic sector or a seat
   of government, one after "in") with the sector of the head noun: "Syria's army" and
   "Syrian army" -> SYRMIL, "a Pentagon spokesperson" -> USAMIL (a spokesperson takes
   the sector around it), "Russian Foreign Minister" -> RUSGOV. A definite phrase naming
   a unique office the memory has seen for that code answers with the remembered person
   ("the top U.S. diplomat" after "Secretary of State John Kerry"; never "a Russian
   general"). Why before metonyms and bare countries: the head noun is what acts.
4. **Metonym.** "the Kremlin" -> RUSGOV, "the Pentagon" -> USAMIL (a special case of 3:
   the place carries both country and sector).
5. **Country alone.** "Turkey", "Russian Federation" -> the ISO code, kind state, no
   sector; an institution with a home country ("the State Department") -> that country.
6. **Memory.** What this article resolved before: a surname or name ("Lavrov",
   "Zoubi"), a unique office ("the foreign minister"), a generic noun for an
   organisation ("the alliance" after NATO, "coalition warplanes" after the US-led
   coalition); offices and generic nouns only for definite phrases. Why only now: a
   document's earlier actors are weaker evidence than the words themselves.
7. **Context country.** A domestic sector with no country ("rebels", "civilians",
   "pro-regime forces", "the court", "students") takes ``context_country`` (the
   article's main country): SYRREB. Only domestic sectors (sector_codes.tsv): bare
   "warplanes" in a Syria story may be Russian, so they never do. A title naming an
   office takes it too ("President X", "the prime minister", "officials"), but not a bare
   singular title that only borrows a sector ("a spokesman"), an IGO office, or a listed
   person out of office.
8. **Unknown country.** A sector with no country at all is ``---`` + sector ("---REB",
   "---MIL"); a bare singular title ("a spokesman") is not, because it names a person we
   cannot place. Anything else -> None: pronouns, "the previous two", "Mr Smith" are
   never guessed.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from datetime import date, datetime

from eventwire.records import Actor
from eventwire.resolve._lexicon import (
    BlockTerm,
    CountryTerm,
    Entry,
    FunctionWords,
    Lexicon,
    MetonymTerm,
    OrgTerm,
    PersonTerm,
    SectorTerm,
    Term,
    TitleTerm,
    load_lexicon,
)
from eventwire.resolve._text import Token, join_keys, tokenize

__all__ = ["ActorMemory", "ActorResolver"]

# Where a mention stands in its phrase (ordered: a larger zone is further from the head).
# A locative ("in Syria") places the head: its country is the actor's only for domestic
# sectors ("rebels in Syria" are Syrian; "the air force in Syria" may be Russian).
_HEAD, _QUALIFIER, _LOCATIVE, _CONJUNCT, _OUTSIDE = 0, 1, 2, 3, 4
# What a mention contributes.
_ACTOR, _LOYAL, _IGNORED = 0, 1, 2

# Punctuation that starts an apposition ("Syria's army chief, General X").
_APPOSITION = frozenset({",", ";", ":", "(", ")", "[", "]"})
_POSSESSIVE = frozenset({"'s", "'"})
_INDEFINITE = frozenset({"a", "an", "another", "some", "any", "one"})
# Quantifiers that open a phrase ("more than 100 Palestinians", "at least eight leaders"):
# their "than"/"to"/"at" would otherwise end the head, so they are skipped.
_QUANTIFIERS = frozenset(
    {
        ("more", "than"),
        ("fewer", "than"),
        ("less", "than"),
        ("up", "to"),
        ("at", "least"),
        ("at", "most"),
        ("close", "to"),
        ("as", "many", "as"),
        ("as", "few", "as"),
    }
)


@dataclass(frozen=True, slots=True)
class _Mention:
    term: Term
    start: int
    end: int
    zone: int
    role: int


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a phrase says, before date, memory and context are considered."""

    tokens: tuple[Token, ...]
    mentions: tuple[_Mention, ...]
    # A name nobody listed, written right after a title ("Omran al-Zoubi").
    title_name: str | None
    # The key of the whole phrase when it is only a name ("lavrov", "smith" for "Mr
    # Smith"), for the memory.
    name_key: str | None
    # False for "a ...", "an ...", "another ...": an indefinite phrase introduces someone
    # new and is never answered with a remembered person.
    definite: bool
    # Where the head part of the phrase ends: the first word that starts a qualifier, a
    # second conjunct or something else ("the campaign | against the militant group").
    head_end: int


# -- reading a phrase ------------------------------------------------------------------------


def _longest(lex: Lexicon, tokens: tuple[Token, ...], start: int) -> tuple[Entry, int] | None:
    """The longest alias that starts at ``start``, and where it ends."""
    entries, prefixes = lex.entries, lex.prefixes
    best: tuple[Entry, int] | None = None
    key = tokens[start].key
    end = start + 1
    while True:
        entry = entries.get(key)
        if entry is not None and (
            entry.case is None or entry.case == " ".join(t.raw for t in tokens[start:end])
        ):
            best = (entry, end)
        if end >= len(tokens) or key not in prefixes:
            return best
        key = f"{key} {tokens[end].key}"
        end += 1


def _is_capitalised(token: Token, words: FunctionWords) -> bool:
    return token.raw[:1].isupper() and token.key not in words.pronoun


def _name_text(tokens: tuple[Token, ...]) -> str:
    text = ""
    for token in tokens:
        text += ("-" if token.joined else " ") + token.raw if text else token.raw
    return text


# Actor phrases repeat ("Russia", "the Kremlin", "Islamic State"): caching readings makes a
# repeated phrase ~5 us instead of ~25 us. A reading takes ~1.1 kB (measured with
# tracemalloc on the example corpus), so 8192 of them cost ~9 MB per process.
@functools.lru_cache(maxsize=8192)
def _read(phrase: str) -> _Reading:
    """Find the terms of ``phrase`` and where they stand (see the module docstring)."""
    lex = load_lexicon()
    words = lex.words
    tokens = tokenize(phrase)
    mentions: list[_Mention] = []
    covered = [False] * len(tokens)
    zone, loyal = _HEAD, False
    head_end = len(tokens)
    i = _quantifier_end(tokens)
    while i < len(tokens):
        key = tokens[i].key
        found = _longest(lex, tokens, i)
        if found is not None:
            entry, end = found
            for k in range(i, end):
                covered[k] = True
            if not isinstance(entry.term, BlockTerm):
                mentions.append(
                    _Mention(
                        entry.term, i, end, zone, _role(entry.term, tokens, i, end, loyal, words)
                    )
                )
            i = end
            continue
        nxt = tokens[i + 1].key if i + 1 < len(tokens) else ""
        if key in _APPOSITION:
            zone, loyal = _HEAD, False
        elif key == "loyal" and nxt == "to":
            loyal = True
            i += 1  # "to" does not end the phrase here
        elif key in words.backer and nxt == "by":
            zone = _OUTSIDE  # "rebels backed by Turkey"
        elif key in words.locative:
            zone = max(zone, _LOCATIVE)
        elif key in words.qualifying:
            zone = max(zone, _QUALIFIER)
        elif key in words.conjunction:
            zone = max(zone, _CONJUNCT)
        elif key in words.outside:
            zone = _OUTSIDE
        if zone != _HEAD:
            head_end = min(head_end, i)
        i += 1
    mentions = _top_diplomat(lex, tokens, mentions)
    return _Reading(
        tokens,
        tuple(mentions),
        _title_name(tokens, covered, mentions, words),
        _name_key(tokens, covered, mentions, words),
        definite=phrase.lstrip().split(" ", 1)[0].lower() not in _INDEFINITE,
        head_end=head_end,
    )


def _quantifier_end(tokens: tuple[Token, ...]) -> int:
    """Where a leading quantifier ("more than", "up to", "as many as") ends, else 0."""
    for quantifier in _QUANTIFIERS:
        n = len(quantifier)
        if len(tokens) > n and tuple(t.key for t in tokens[:n]) == quantifier:
            return n
    return 0


def _role(
    term: Term, tokens: tuple[Token, ...], start: int, end: int, loyal: bool, words: FunctionWords
) -> int:
    """What a mention contributes, from the words around it."""
    names_actor = isinstance(term, CountryTerm | MetonymTerm | OrgTerm | PersonTerm)
    if not names_actor:
        return _IGNORED if loyal else _ACTOR
    before = tokens[start - 1].key if start > 0 else ""
    after = tokens[end].key if end < len(tokens) else ""
    if after == "led" and (end + 1 >= len(tokens) or tokens[end + 1].key != "by"):
        return _LOYAL  # "Vietnamese-led forces": the leader lends its country
    if before in ("anti", "ethnic") or after in words.backer:
        return _IGNORED  # "ethnic Albanians" in Macedonia are not Albania (sectors.tsv)
    if before == "pro":
        return _LOYAL if isinstance(term, PersonTerm) else _IGNORED
    return _LOYAL if loyal else _ACTOR


def _top_diplomat(
    lex: Lexicon, tokens: tuple[Token, ...], mentions: list[_Mention]
) -> list[_Mention]:
    """Re-read "top U.S. diplomat" as the title "top diplomat" around the country word."""
    for n, mention in enumerate(mentions):
        if not isinstance(mention.term, TitleTerm) or n == 0:
            continue
        country = mentions[n - 1]
        if (
            country.end != mention.start
            or not isinstance(country.term, CountryTerm)
            or country.start == 0
        ):
            continue
        entry = lex.entries.get(
            f"{tokens[country.start - 1].key} {join_keys(tokens[mention.start : mention.end])}"
        )
        if entry is not None and isinstance(entry.term, TitleTerm):
            mentions[n] = dataclasses.replace(mention, term=entry.term)
    return mentions


def _title_name(
    tokens: tuple[Token, ...], covered: list[bool], mentions: list[_Mention], words: FunctionWords
) -> str | None:
    """An unlisted name right after a title, possibly after a comma or an honorific."""
    for mention in mentions:
        if not isinstance(mention.term, TitleTerm) or mention.role != _ACTOR or mention.term.plural:
            continue
        i = mention.end
        while i < len(tokens) and not covered[i] and tokens[i].key in _APPOSITION | words.honorific:
            i += 1
        start = i
        while (
            i < len(tokens)
            and not covered[i]
            and (_is_capitalised(tokens[i], words) or tokens[i].key in words.particle)
        ):
            i += 1
        while i > start and tokens[i - 1].key in words.particle:
            i -= 1
        if any(_is_capitalised(t, words) for t in tokens[start:i]):
            return _name_text(tokens[start:i])
    return None


def _name_key(
    tokens: tuple[Token, ...], covered: list[bool], mentions: list[_Mention], words: FunctionWords
) -> str | None:
    """The key of a phrase that is nothing but a name: capitalised words, name particles,
    honorifics and listed people ("Lavrov", "Mr Smith", "al-Zoubi")."""
    person_tokens = {
        k for m in mentions if isinstance(m.term, PersonTerm) for k in range(m.start, m.end)
    }
    name: list[Token] = []
    for k, token in enumerate(tokens):
        if token.key in words.honorific:
            continue
        if k in person_tokens or (
            not covered[k] and (_is_capitalised(token, words) or token.key in words.particle)
        ):
            name.append(token)
            continue
        return None
    if not any(_is_capitalised(t, words) for t in name):
        return None
    return join_keys(name)


# -- the memory of one document --------------------------------------------------------------


class ActorMemory:
    """What one document has resolved so far, for the phrases that only make sense in it:
    a surname after the full name, "the foreign minister" after the minister, "the
    alliance" after NATO. Make one per document and :meth:`remember` each resolved actor
    with the phrase it was resolved from; the later actor wins a key.
    """

    __slots__ = ("_by_key",)

    def __init__(self) -> None:
        self._by_key: dict[str, Actor] = {}

    def __len__(self) -> int:
        return len(self._by_key)

    def remember(self, actor: Actor, phrase: str) -> None:
        """Index ``actor`` by its person's names, the offices and generic nouns the
        phrase (or the person's dated offices) give it, and the phrase itself."""
        if actor.code is None:
            return
        lex = load_lexicon()
        reading = _read(phrase)
        keys = [f"phrase:{join_keys(reading.tokens)}"]
        if actor.person:
            fw = lex.words
            names = [t for t in tokenize(actor.person) if t.key not in fw.honorific]
            # Every tail of the name: "zoubi", "al zoubi", "omran al zoubi".
            for start in range(len(names)):
                tail = names[start:]
                first = tail[0]
                nameable = _is_capitalised(first, fw) or (
                    first.key in fw.particle and len(tail) > 1
                )
                if nameable and first.key not in fw.regnal:
                    keys.append(f"name:{join_keys(tail)}")
            listed = lex.people.get(actor.person)
            if listed is not None:
                for role in listed.roles:
                    if role.code == actor.code:
                        keys += _office_keys(lex.titles[role.title], actor.code)
        for mention in reading.mentions:
            if isinstance(mention.term, TitleTerm) and mention.role == _ACTOR:
                keys += _office_keys(mention.term, actor.code)
        keys += [f"generic:{noun}" for noun in lex.generic_by_code.get(actor.code, ())]
        for key in keys:
            self._by_key[key] = actor

    def _get(self, key: str) -> Actor | None:
        return self._by_key.get(key)


def _office_keys(title: TitleTerm, code: str) -> list[str]:
    """Memory keys for an office: only one person at a time holds a unique office."""
    if not title.unique or title.plural:
        return []
    return [f"office:{title.office}", f"office:{title.office}:{code}"]


def _recalls_office(title: TitleTerm | None, reading: _Reading) -> bool:
    """Whether the head title can mean someone seen before: a unique office named by a
    definite phrase ("the foreign minister", not "a Russian general")."""
    return (
        title is not None
        and title.unique
        and not title.plural
        and reading.definite
        and reading.title_name is None
    )


# -- deciding --------------------------------------------------------------------------------


def _actor(phrase: str, code: str, lex: Lexicon, *, kind: str, person: str | None = None) -> Actor:
    return Actor(
        name=phrase,
        code=code,
        country=lex.country_of(code),
        sector=lex.sector_of(code),
        kind=kind,
        person=person,
    )


def _sector_actor(
    phrase: str, country: str | None, sector: str | None, lex: Lexicon, *, person: str | None
) -> Actor:
    """Country (or ``---``) + sector; kind from the sector, or person when named."""
    code = (country or "---") + (sector or "")
    if person is not None:
        kind = "person"
    elif sector is None:
        kind = "state"
    else:
        kind = lex.sectors[sector].kind
    return Actor(name=phrase, code=code, country=country, sector=sector, kind=kind, person=person)


def _from_memory(phrase: str, memory: ActorMemory | None, *keys: str) -> Actor | None:
    if memory is None:
        return None
    for key in keys:
        found = memory._get(key)
        if found is not None:
            return dataclasses.replace(found, name=phrase)
    return None


@dataclass(frozen=True, slots=True)
class _Head:
    """The head noun's sector; the head title, if the head is one; the sector term that
    gave the sector (the head itself, or the term a title borrowed it from)."""

    sector: str | None = None
    title: TitleTerm | None = None
    term: SectorTerm | None = None


def _head_sector(mentions: tuple[_Mention, ...]) -> _Head:
    """The head is the rightmost sector word at the head of the phrase (else the first
    after "of/in", else the last after a conjunction); a title that inherits takes the
    nearest fixed sector to its left at the head, else the first after "of/in", else its
    default ("a Pentagon spokesperson" -> MIL, "a spokesman for the defence ministry" ->
    MIL, "a spokesman" -> GOV).
    """
    items = [
        m
        for m in mentions
        if m.role == _ACTOR
        and m.zone < _OUTSIDE
        and isinstance(m.term, SectorTerm | TitleTerm | MetonymTerm)
    ]
    head_items = [m for m in items if m.zone == _HEAD]
    # A place after "in" is where the head is, not what it is ("officials in Moscow").
    qualifier_items = [
        m
        for m in items
        if m.zone == _QUALIFIER or (m.zone == _LOCATIVE and not isinstance(m.term, MetonymTerm))
    ]
    conjunct_items = [m for m in items if m.zone == _CONJUNCT]
    if head_items:
        head = head_items[-1]
    elif qualifier_items:
        head = qualifier_items[0]
    elif conjunct_items:
        head = conjunct_items[-1]
    else:
        return _Head()
    term = head.term
    if isinstance(term, SectorTerm):
        return _Head(term.sector, None, term)
    if isinstance(term, MetonymTerm):
        return _Head(term.sector)
    assert isinstance(term, TitleTerm)
    if term.inherits:
        before = [
            m
            for m in items
            if m.zone == head.zone
            and m.end <= head.start
            and not (isinstance(m.term, TitleTerm) and m.term.inherits)
        ]
        after = [
            m for m in qualifier_items if m.start >= head.end and not isinstance(m.term, TitleTerm)
        ]
        source = before[-1] if before else (after[0] if after else None)
        if source is not None:
            borrowed = source.term
            return _Head(
                _sector_of_term(borrowed),
                term,
                borrowed if isinstance(borrowed, SectorTerm) else None,
            )
    return _Head(term.sector, term)


def _sector_of_term(term: Term) -> str | None:
    if isinstance(term, SectorTerm | TitleTerm | MetonymTerm):
        return term.sector
    return None


def _country(
    reading: _Reading, lex: Lexicon, when: date | None, *, sector: str | None, domestic: bool
) -> str | None:
    """The actor's country: the first at the head, else the first after "of/from", else
    the first after "in" that can place the head.

    "In" places a domestic sector in a country ("rebels in Syria" -> SYR) and any sector in
    a seat of government ("the defence ministry in Moscow" -> RUS), but not a foreign
    force in a country ("the air force in Syria") nor anything without a sector ("a
    reporter's name in Moscow"). A possessor followed by another country at the head
    gives way to it ("Syria's Russian allies" -> RUS). People and organisations that only
    lend a country ("loyal to Assad", "a spokesman for Putin") count too.
    """
    tokens = reading.tokens
    for zone in (_HEAD, _QUALIFIER, _LOCATIVE):
        found: list[tuple[str, int]] = []
        for m in reading.mentions:
            if m.zone != zone or m.role == _IGNORED:
                continue
            iso3: str | None = None
            if zone == _LOCATIVE:
                if sector is not None and (
                    isinstance(m.term, MetonymTerm)
                    or (domestic and isinstance(m.term, CountryTerm))
                ):
                    iso3 = m.term.iso3
            elif isinstance(m.term, CountryTerm | MetonymTerm):
                iso3 = m.term.iso3
            elif isinstance(m.term, PersonTerm) and (m.role == _LOYAL or zone != _HEAD):
                role = m.term.person.role_at(when)
                iso3 = lex.country_of(role.code) if role else None
            elif isinstance(m.term, OrgTerm) and m.role == _LOYAL:
                iso3 = lex.country_of(m.term.org.code)
            if iso3 is not None:
                found.append((iso3, m.end))
        if found:
            first, end = found[0]
            if len(found) > 1 and end < len(tokens) and tokens[end].key in _POSSESSIVE:
                return found[1][0]
            return first
    return None


def _named(reading: _Reading) -> _Mention | None:
    """The person or organisation the phrase is about: the rightmost at the head, else
    (when the head names no country) the rightmost after "of/in/from"."""
    at_head = [
        m
        for m in reading.mentions
        if m.role == _ACTOR and m.zone == _HEAD and isinstance(m.term, PersonTerm | OrgTerm)
    ]
    if at_head:
        return at_head[-1]
    if any(
        m.zone == _HEAD and m.role == _ACTOR and isinstance(m.term, CountryTerm | MetonymTerm)
        for m in reading.mentions
    ):
        return None
    qualifying = [
        m
        for m in reading.mentions
        if m.role == _ACTOR and m.zone == _QUALIFIER and isinstance(m.term, OrgTerm)
    ]
    return qualifying[-1] if qualifying else None


def _generic_keys(tokens: tuple[Token, ...]) -> list[str]:
    """Every one- to three-word stretch of the phrase, as memory keys for generic nouns."""
    keys = [t.key for t in tokens]
    return [
        "generic:" + " ".join(keys[i : i + n]) for n in (3, 2, 1) for i in range(len(keys) - n + 1)
    ]


def _decide(
    phrase: str,
    reading: _Reading,
    lex: Lexicon,
    *,
    when: date | None,
    memory: ActorMemory | None,
    context_country: str | None,
) -> Actor | None:
    mentions = reading.mentions
    title_name = reading.title_name

    # 1. A person or organisation named at the head.
    named = _named(reading)
    # A listed person out of office: we know who it is, so the article's country is no
    # evidence of whose office the title names ("President Bill Clinton" in 2015).
    known_elsewhere = False
    if named is not None:
        after = [
            m for m in mentions if m.zone == _HEAD and m.start >= named.end and m.role == _ACTOR
        ]
        term = named.term
        if isinstance(term, OrgTerm):
            return _actor(phrase, term.org.code, lex, kind=term.org.kind, person=title_name)
        if isinstance(term, PersonTerm):
            person = term.person
            role = person.role_at(when)
            if role is not None:
                sectors_after = [t for t in (m.term for m in after) if isinstance(t, SectorTerm)]
                if sectors_after:  # "the Assad regime", "Assad's forces": the institution
                    country = lex.country_of(role.code)
                    if country is None:
                        return _actor(phrase, role.code, lex, kind="group")
                    return _sector_actor(
                        phrase, country, sectors_after[-1].sector, lex, person=None
                    )
                return _actor(phrase, role.code, lex, kind="person", person=person.name)
            # Out of office on `when`: the title and country of the phrase decide (below).
            if title_name is None and any(isinstance(m.term, TitleTerm) for m in mentions):
                title_name = person.name
            known_elsewhere = True

    # 2-5. Title + name, country + sector, metonym, country alone.
    head = _head_sector(mentions)
    sector, title = head.sector, head.title
    if head.term is not None:
        domestic = head.term.domestic
    else:
        domestic = sector is not None and lex.sectors[sector].domestic
    country = _country(reading, lex, when, sector=sector, domestic=domestic)
    if country is None and head.term is not None and head.term.default_country:
        country = head.term.default_country
    # A singular title with no name and no sector word around it ("a spokesman", "the
    # foreign minister") names a person we cannot place without the memory; with one
    # ("a rebel commander", "Army Chief of Staff General") it describes a sector.
    sector_word = any(
        m.role == _ACTOR and m.zone < _OUTSIDE and isinstance(m.term, SectorTerm | MetonymTerm)
        for m in mentions
    )
    lone_title = title is not None and not title.plural and title_name is None and not sector_word
    if country is not None:
        if title is not None and title_name is None and _recalls_office(title, reading):
            remembered = _from_memory(
                phrase, memory, f"office:{title.office}:{country}{sector or ''}"
            )
            if remembered is not None:
                return remembered
        return _sector_actor(phrase, country, sector, lex, person=title_name)

    # 6. The memory of this document.
    if memory is not None:
        keys: list[str] = []
        if reading.name_key is not None:
            keys.append(f"name:{reading.name_key}")
        if title_name is not None:
            keys.append(f"name:{join_keys(tokenize(title_name))}")
        if lone_title and title is not None and _recalls_office(title, reading):
            keys.append(f"office:{title.office}")
        if reading.definite:  # "the alliance", not "a monitoring group"
            keys += _generic_keys(reading.tokens[: reading.head_end])
        keys.append(f"phrase:{join_keys(reading.tokens)}")
        remembered = _from_memory(phrase, memory, *keys)
        if remembered is not None:
            return remembered

    if sector is None:
        return None
    # 7. A domestic sector takes the article's country; so does an office named by a
    # title with no country ("President Abdelaziz Bouteflika", "the prime minister",
    # "officials"), except a bare singular title that only borrows its sector ("a
    # spokesman", "the official"), which says too little to place, and an IGO office.
    if context_country is not None and (
        domestic
        or (
            title is not None
            and title.scope != "igo"
            and not known_elsewhere
            and (title_name is not None or title.plural or not title.inherits)
        )
    ):
        return _sector_actor(phrase, context_country, sector, lex, person=title_name)
    # 8. A sector of an unknown country; a lone title names nobody we can place.
    if lone_title:
        return None
    return _sector_actor(phrase, None, sector, lex, person=title_name)


class ActorResolver:
    """Codes noun phrases as CAMEO actors (see the module docstring for the stages).

    The dictionaries are read once per process; a resolver is cheap to make and safe to
    share between threads (it keeps no state; the per-document state is the
    :class:`ActorMemory` a caller passes in).
    """

    __slots__ = ("_lexicon",)

    def __init__(self) -> None:
        self._lexicon = load_lexicon()

    def resolve(
        self,
        phrase: str,
        *,
        when: date | None = None,
        memory: ActorMemory | None = None,
        context_country: str | None = None,
    ) -> Actor | None:
        """The actor ``phrase`` names, or None when nothing in it names one.

        ``when`` is the date the article speaks of (people's codes depend on it; a
        ``datetime`` is taken by its date);
        ``memory`` what the same article resolved before; ``context_country`` the ISO
        alpha-3 code of the country the article is about, used only for domestic sectors
        ("rebels"). An unknown ``context_country`` is ignored.
        """
        if not phrase or phrase.isspace():
            return None
        if isinstance(when, datetime):  # a datetime does not compare with office dates
            when = when.date()
        lex = self._lexicon
        context = context_country.upper() if context_country else None
        if context is not None and context not in lex.countries:
            context = None
        return _decide(
            phrase, _read(phrase), lex, when=when, memory=memory, context_country=context
        )
