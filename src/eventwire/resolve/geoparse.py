"""Geoparsing: find the place names in parsed sentences and say which places they are.

Works on sentences :mod:`eventwire.parse` has already made (tokens, entities, offsets), so
that geoparsing adds little to extraction: no second parse, and one in-memory gazetteer
(:mod:`eventwire.resolve.gazetteer`).

Finding mentions, in stages:

1. Entities: spaCy's GPE, LOC and FAC spans that name a known place (a leading "the"
   and a trailing possessive dropped). The small model calls some Syrian cities ORG or
   NORP ("Hama", "Aleppo"), so an ORG or NORP span that is exactly a known city of
   100,000+ or a division is taken too, unless it reads as a demonym ("Syrian",
   "Iraqi"; "Paris" and "Illinois" only end like one); a PERSON span only where the words
   around it read as a town's ("in Raqqa", "Sachs of Alexandria", "Alexandria police").
   "Northeast Georgia" is "Georgia" when the whole names nothing; an organisation's name
   gives up the place that opens it ("Madison County Detention Center", "Dublin City
   Council" -> "Dublin").
2. Capitalised runs the parser left out: the longest known name in each run of proper
   nouns, when it is a country, division, region or sea, a city of 5,000+, or any town
   right after a locative preposition. Words in ``data/places/not_places.txt`` (months,
   titles, "Police") are never places on their own.
3. Administrative cues: "the province of Hama", "Aleppo province", "Homs governorate"
   make the mention a division; "Springfield, Illinois" (or "Hurricane, W.Va.") makes it
   a town in Illinois, and so every other "Springfield" of the article (one sense per
   article).

Choosing among candidates, per mention (scores add up; see the constants):

- a prior by kind and size: countries first, then divisions, then the log of population;
  a division loses to its own namesake city ("Homs" the city, unless a cue says province);
- a candidate the mention names by an alternate name only loses to one that bears it as
  its own ("Santa Ana" the Californian city, not Taguig);
- the article's focus: candidates in the countries the article's other places are in
  (``focus`` when the caller knows it), in proportion to their share; the mentions of
  the name itself do not vote (ten "Gainesville"s outvoted two "Texas");
- nearness to the other places of the text (first-pass choices), and for towns, to any
  candidate of another name (two namesakes a few kilometres apart are the ones meant);
- the cues of stage 3.

Metonyms: a country or city that is the subject of a verb of saying or deciding ("Moscow
said", "Washington warned") stands for its government. It is still a mention (it is a
place name, and the gold sets count it), marked ``metonym=True`` and with half the score,
so that a caller placing *events* can skip it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from eventwire.parse import Sentence, Token
from eventwire.records import PlaceMention
from eventwire.resolve.gazetteer import GazetteerEntry, gazetteer, name_key

__all__ = ["PlaceMention", "geoparse", "geoparse_sentences"]


# -- scoring constants ------------------------------------------------------------------
# Priors are on the scale of log10(population): a country (8) outranks any namesake town
# unless the article is set elsewhere; a division (5.5) outranks towns under ~300,000.
PRIOR = {"country": 8.0, "admin1": 5.5, "region": 6.5, "water": 6.5, "admin2": 4.5, "other": 3.0}
FOCUS_WEIGHT = 3.0  # times the share of the article's places in the candidate's country
ADMIN1_WEIGHT = 2.5  # times the share of the article's places in its division (state)
NEAR_KM = ((100.0, 1.5), (300.0, 1.0), (800.0, 0.4))  # (within, bonus) to other places
# A town's candidate within PAIR_KM of a candidate of another name of the article gets
# PAIR_BONUS ("New London" and "Mt. Pleasant" are the Iowa ones, 15 km apart). Tuned on the
# LGL dev half (2.0 at 50 km: exact +0.02, acc161 +0.02); more, or farther, starts to pull
# GeoWebNews' "Paris" to Paris, Arkansas.
PAIR_KM = 50.0
PAIR_BONUS = 2.0
# Taken off a candidate the mention names only by an alternate name when another candidate
# bears it as its own: a factor of 10 in population. Dev halves: LGL exact +0.008,
# GeoWebNews +0.003, GeoVirus acc161 +0.005, TR-News exact -0.005 ("Manhattan").
ALT_PENALTY = 1.0
CUE_BONUS = 6.0  # "Aleppo province", "Springfield, Illinois": the text says which
MAX_ANCHORS = 40  # places compared for nearness: bounds time on lists of names
MIN_RUN_POPULATION = 5000  # capitalised runs outside entities: below this, noise
MIN_ENT_POPULATION = 100_000  # ORG/NORP spans taken as places
MAX_MENTIONS = 5000  # per text; a list of 10,000 names is cut, not slowed to a crawl

# Nouns a town's name modifies in local news ("Alexandria police", "a Lebanon woman").
_LOCAL_NOUNS = frozenset(
    {"police", "man", "woman", "men", "women", "resident", "residents", "native", "officials"}
    | {"business", "businesses", "council", "mayor", "schools", "area", "couple", "family"}
)
_ABOVE_TOWN = frozenset({"country", "admin1", "region", "water"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE = frozenset(
    {"in", "at", "near", "from", "to", "into", "outside", "across", "around", "via", "toward"}
    | {"towards"}
)
_ADMIN_WORDS = frozenset(
    {"province", "governorate", "region", "oblast", "state", "prefecture"}
    | {"provinces", "governorates", "regions", "oblasts", "states", "prefectures"}
)
_SAYING = frozenset(
    {"say", "tell", "warn", "accuse", "announce", "deny", "urge", "claim", "condemn"}
    | {"demand", "want", "believe", "insist", "reject", "threaten", "respond", "reply", "call"}
    | {"ask", "agree", "decide", "refuse", "vow", "pledge", "criticize", "criticise", "blame"}
    | {"welcome", "argue", "hope", "expect", "plan", "propose"}
)
_GENERIC = frozenset({"city", "town", "village", "county", "state", "province", "republic"})
# Words that may follow a place name inside an organisation's name (the place is still
# one); any other capitalised word after a name makes it part of a longer name.
_INSTITUTION = frozenset(
    {"Police", "Fire", "Department", "Dept", "County", "Sheriff", "Forest", "Service"}
    | {"Services", "National", "Guard", "Community", "Public", "Schools", "School", "High"}
    | {"University", "College", "Library", "Board", "Council", "City", "Health", "Hospital"}
    | {"Medical", "Coroner", "Office", "Senior", "Olympics", "Federal", "Credit", "Union"}
    | {"State", "Coalition", "Capitals", "Chamber", "Commerce", "Court", "Circuit", "District"}
    | {"Airport", "Times", "Post", "Herald", "Tribune", "News", "Journal", "Daily", "Gazette"}
    | {"Press", "Government", "Municipal", "Regional", "Metro", "Transit", "Zoo", "Museum"}
    | {"Symphony", "Club", "Highway", "Patrol", "Correctional", "Department's", "Legislature"}
    | {"House", "Senate", "Assembly", "Democrats", "Republicans", "Army", "Navy", "Rangers"}
)
_SIMPLE_DIRECTIONS = frozenset(
    ["north", "south", "east", "west", "northern", "southern", "eastern", "western"]
)
_DIRECTIONS = (
    _SIMPLE_DIRECTIONS
    | {"central", "northeast", "northwest", "southeast", "southwest", "upstate", "downstate"}
    | {"northeastern", "northwestern", "southeastern", "southwestern"}
)
_TITLES = frozenset(
    {"mr", "mrs", "ms", "dr", "coach", "mayor", "gov", "governor", "sen", "senator", "rep"}
    | {"president", "minister", "judge", "officer", "sgt", "lt", "capt", "chief", "director"}
    | {"spokesman", "spokeswoman", "superintendent"}
)
_DEMONYM = re.compile(r"(?:an|ans|ian|ians|ese|ish|i|is|ic|ch|ean|eans)$")


@cache
def _not_place_names() -> frozenset[str]:
    text = resources.files("eventwire.data").joinpath("places").joinpath("not_place_names.txt")
    lines = text.read_text("utf-8").splitlines()
    return frozenset(name_key(line) for line in lines if line.strip() and not line.startswith("#"))


@cache
def _abbreviations() -> frozenset[str]:
    """The abbreviations of ``data/places/aliases.tsv`` ("W.Va.", "Vt.") without their
    last full stop, as the tokenizer leaves them before a split-off one."""
    text = resources.files("eventwire.data").joinpath("places").joinpath("aliases.tsv")
    names = [line.split("\t")[0] for line in text.read_text("utf-8").splitlines()]
    return frozenset(n[:-1] for n in names if n.endswith(".") and not n.startswith("#"))


@cache
def _not_places() -> frozenset[str]:
    text = resources.files("eventwire.data").joinpath("places").joinpath("not_places.txt")
    words = [
        w for line in text.read_text("utf-8").splitlines() if not line.startswith("#")
        for w in line.split()
    ]  # fmt: skip
    return frozenset(name_key(w) for w in words)


@dataclass(frozen=True, slots=True)
class _Span:
    """A candidate mention: token span in a sentence, and what the text says about it."""

    sent: int
    first: int
    last: int  # exclusive
    start: int
    end: int
    text: str
    candidates: tuple[GazetteerEntry, ...]
    admin_cue: bool = False
    within: str = ""  # name key of the division or country after a comma
    metonym: bool = False
    named_as: bool = False  # some candidate's own name is the mention's


def _is_cap(tok: Token) -> bool:
    return tok.text[:1].isupper() and any(ch.isalpha() for ch in tok.text)


def _trim(sent: Sentence, first: int, last: int) -> tuple[int, int]:
    """Drop a leading determiner and trailing possessive or punctuation from a span."""
    toks = sent.tokens
    while first < last and toks[first].text.lower() in ("the", "a"):
        first += 1
    while last > first and toks[last - 1].text in ("'s", "’s", "'", ",", ".", "-"):
        last -= 1
    # "Homs province": the lower-case word is a cue (stage 3), not part of the name
    if last - first > 1 and toks[last - 1].text in _ADMIN_WORDS:
        last -= 1
    return first, last


def _span_text(sent: Sentence, first: int, last: int) -> str:
    a, b = sent.tokens[first], sent.tokens[last - 1]
    return sent.text[a.start - sent.start : b.end - sent.start]


def _best_prior(cands: Sequence[GazetteerEntry]) -> GazetteerEntry | None:
    return max(cands, key=_prior) if cands else None


def _prior(c: GazetteerEntry) -> float:
    if c.feature == "city":
        return math.log10(c.population + 10)
    return PRIOR.get(c.feature, 3.0)


def _strong(c: GazetteerEntry, population: int) -> bool:
    return c.feature in ("country", "admin1", "region", "water") or c.population >= population


def _after_locative(sent: Sentence, first: int) -> bool:
    k = first - 1
    while k >= 0 and sent.tokens[k].text.lower() in ("the", "of", "city", "town", "village"):
        k -= 1
    return k >= 0 and sent.tokens[k].text.lower() in _LOCATIVE


def _reads_as_town(sent: Sentence, first: int, last: int) -> bool:
    """A name the parser took for a person's that the words around show is a town's: "in
    Alexandria", "Steven Sachs of Alexandria", "Alexandria police", "a Gainesville man"."""
    toks = sent.tokens
    if _after_locative(sent, first) or (first > 0 and toks[first - 1].text == "of"):
        return True
    return last < len(toks) and toks[last].text.lower() in _LOCAL_NOUNS


def _find(sent: Sentence, index: int) -> list[_Span]:
    """Stages 1 and 2: candidate spans of one sentence (not overlapping)."""
    gaz = gazetteer()
    toks = sent.tokens
    taken = [False] * len(toks)
    spans: list[_Span] = []
    blocked = [False] * len(toks)  # inside a person or organisation name

    def add(first: int, last: int, cands: tuple[GazetteerEntry, ...]) -> None:
        if name_key(_span_text(sent, first, last)) in _not_place_names():
            return
        # "Dublin City Council": the council's "City" is not part of the town's name (when
        # "Dublin City" names nothing that "Dublin" does not; "Kansas City" stays)
        if (
            last - first > 1
            and toks[last - 1].text == "City"
            and last < len(toks)
            and _is_cap(toks[last])
        ):
            shorter = gaz.candidates(_span_text(sent, first, last - 1))
            if {c.geonameid for c in cands} <= {c.geonameid for c in shorter}:
                last, cands = last - 1, shorter
        # "Bethel, Vt.": the tokenizer splits a sentence's last full stop off the
        # abbreviation; it belongs to the name
        if (
            last < len(toks)
            and toks[last].text == "."
            and toks[last].start == toks[last - 1].end
            and toks[last - 1].text in _abbreviations()
        ):
            last += 1
        spans.append(
            _Span(
                index, first, last, toks[first].start, toks[last - 1].end,
                _span_text(sent, first, last), cands,
            )
        )  # fmt: skip
        for k in range(first, last):
            taken[k] = True

    # Stage 1: entities.
    for e_first, e_last, label in sent.ents:
        first, last = _trim(sent, e_first, e_last)
        if first >= last:
            continue
        text = _span_text(sent, first, last)
        cands = gaz.candidates(text)
        if label in _PLACE_LABELS:
            # "Northeast Georgia", "southern Lebanon": the place is what the direction
            # word qualifies, when the whole is no known name. GeoWebNews takes a whole
            # "South Florida" or "West Wales" as the toponym, LGL only the "Georgia" of
            # "Northeast Georgia": the simple capitalised ones stay whole.
            word = toks[first].text
            if (
                not cands
                and last - first > 1
                and word.lower() in _DIRECTIONS
                and (word.islower() or word.lower() not in _SIMPLE_DIRECTIONS)
            ):
                first += 1
                cands = gaz.candidates(_span_text(sent, first, last))
            if cands:
                add(first, last, cands)
            continue
        if label not in ("ORG", "NORP", "PERSON"):
            continue
        # "Hama and Raqqa" comes as one ORG span: its parts are judged one by one.
        for p_first, p_last in _parts(sent, first, last):
            text = _span_text(sent, p_first, p_last)
            cands = gaz.candidates(text)
            best = _best_prior(cands)
            ok = (
                best is not None
                and _strong(best, MIN_ENT_POPULATION)
                and not _demonym_like(text)
                and name_key(text) not in _not_places()
                # "American" is an alternate name of America in GeoNames
                and not (label == "NORP" and best.feature == "country")
                and (label != "PERSON" or _reads_as_town(sent, p_first, p_last))
            )
            if ok:
                add(p_first, p_last, cands)
                continue
            inner = _inner_place(sent, p_first, p_last) if label == "ORG" else None
            if inner is not None:
                add(*inner)
            for k in range(p_first, p_last):
                blocked[k] = True

    # Stage 2: capitalised runs outside entities, longest known name first.
    i = 0
    while i < len(toks):
        tok = toks[i]
        if taken[i] or blocked[i] or not _is_cap(tok):
            i += 1
            continue
        matched = False
        if tok.text.lower() == "the" or (
            tok.text.lower() in _GENERIC and i + 1 < len(toks) and toks[i + 1].text == "of"
        ):
            i += 1  # "The Cox", "City of Norfolk": the name starts after
            continue
        for j in range(min(len(toks), i + gaz.max_words), i, -1):
            if any(taken[k] or blocked[k] for k in range(i, j)):
                continue
            if not all(
                _is_cap(toks[k]) or toks[k].text.lower() in ("of", "-") for k in range(i, j)
            ):
                continue
            if not _is_cap(toks[j - 1]):
                continue
            text = _span_text(sent, i, j)
            key = name_key(text)
            if j - i == 1 and key in _not_places():
                continue
            cands = gaz.candidates(text)
            if not cands:
                continue
            best = _best_prior(cands)
            if best is None:
                continue
            proper = (
                any(toks[k].pos == "PROPN" for k in range(i, j))
                or text.isupper()
                or (j < len(toks) and toks[j].text.lower() in _ADMIN_WORDS)
            )
            if not _fits_run(sent, i, j, best):
                continue
            ok = proper and (
                _strong(best, MIN_RUN_POPULATION)
                or _after_locative(sent, i)
                or best.feature == "admin2"
            )
            if ok:
                add(i, j, cands)
                i = j
                matched = True
                break
        if not matched:
            i += 1
    spans.sort(key=lambda s: s.first)
    return [_cues(sent, s) for s in spans]


def _inner_place(
    sent: Sentence, first: int, last: int
) -> tuple[int, int, tuple[GazetteerEntry, ...]] | None:
    """The place that opens an organisation's name ("Texas Forest Service", "Athens Police
    Department") or follows its "of" ("University of Cincinnati"); LGL and GeoWebNews
    count these as toponyms."""
    toks = sent.tokens
    starts = [first] + [k + 1 for k in range(first, last - 1) if toks[k].text == "of"]
    for start in starts:
        for stop in range(last if start > first else last - 1, start, -1):
            if not all(_is_cap(t) for t in toks[start:stop]):
                continue
            text = _span_text(sent, start, stop)
            cands = gazetteer().candidates(text)
            best = _best_prior(cands)
            if best is None or name_key(text) in _not_places() or _demonym_like(text):
                continue
            # "Madison County Detention Center": a county's name is one whatever follows
            if (
                start == first
                and stop < last
                and toks[stop].text not in _INSTITUTION
                and best.feature != "admin2"
            ):
                continue
            if _strong(best, MIN_RUN_POPULATION) or best.feature == "admin2":
                return start, stop, cands
    return None


def _fits_run(sent: Sentence, first: int, last: int, best: GazetteerEntry) -> bool:
    """A name inside a longer capitalised run is a place only when the run goes on with an
    institution ("Texas Forest Service"); "Swan Street", "Lake Robinson", "Taylor Neaton"
    and "United Russia" are not places. A surname that says something ("Walker said") is
    not a town."""
    toks = sent.tokens
    if first > 0:
        prev = toks[first - 1]
        if _is_cap(prev) and prev.pos == "PROPN" and prev.text.lower() not in _DIRECTIONS:
            return False
        if prev.text.lower() in _TITLES:
            return False
    if last < len(toks):
        nxt = toks[last]
        if (
            _is_cap(nxt)
            and nxt.text not in _INSTITUTION
            and nxt.pos in ("PROPN", "NOUN")
            and name_key(nxt.text) not in _not_places()  # "Hama Saturday", "Athens Police"
        ):
            return False
    if best.feature == "city" and best.population < MIN_ENT_POPULATION and last - first == 1:
        tok = toks[first]
        if tok.dep in ("nsubj", "nsubjpass") and toks[tok.head].lemma in _SAYING:
            return False
        if _demonym_like(tok.text):
            return False
    return True


def _demonym_like(text: str) -> bool:
    """ "Syrian", "Iraqis", "Pakistani": one word with a demonym's ending, unless it is the
    very name of a country, a division or a city of 100,000+ ("Paris", "Illinois",
    "Memphis", "Tunis" end like "Israelis")."""
    if " " in text or not _DEMONYM.search(text.lower()):
        return False
    key = name_key(text)
    return not any(
        name_key(c.name) == key and _strong(c, MIN_ENT_POPULATION)
        for c in gazetteer().candidates(text)
    )


def _parts(sent: Sentence, first: int, last: int) -> list[tuple[int, int]]:
    """The pieces of a span between commas and "and"."""
    out, start = [], first
    for k in range(first, last + 1):
        if k == last or sent.tokens[k].text.lower() in (",", "and", "&", "or"):
            if k > start:
                out.append((start, k))
            start = k + 1
    return out


def _cues(sent: Sentence, span: _Span) -> _Span:
    """Stage 3: administrative words around a span, and "Town, State"."""
    toks = sent.tokens
    before = [t.text.lower() for t in toks[max(0, span.first - 2) : span.first]]
    after = toks[span.last] if span.last < len(toks) else None
    admin = (len(before) == 2 and before[0] in _ADMIN_WORDS and before[1] == "of") or (
        after is not None and after.text.lower() in _ADMIN_WORDS
    )
    if not admin:
        # "the provinces of Homs, Hama and Raqqa": the conjuncts share the first one's cue
        first = span.last - 1
        for _ in range(10):
            if toks[first].dep != "conj" or toks[first].head == first:
                break
            first = toks[first].head
        if first != span.last - 1 and first >= 2:
            admin = toks[first - 1].text == "of" and toks[first - 2].text.lower() in _ADMIN_WORDS
    # "Fars Province": a capitalised word is part of the name
    if admin and after is not None and after.text in ("Province", "Governorate"):
        span = replace(span, last=span.last + 1, end=after.end, text=span.text + " " + after.text)
    within = ""
    if after is not None and after.text == "," and span.last + 1 < len(toks):
        # "Springfield, Ill." / "Athens, Georgia": the next name may be two words
        for width in (3, 2, 1):
            stop = span.last + 1 + width
            if stop > len(toks) or not all(_is_cap(t) for t in toks[span.last + 1 : stop]):
                continue
            text = _span_text(sent, span.last + 1, stop)
            cands = gazetteer().candidates(text)
            if any(c.feature in ("admin1", "country") for c in cands):
                within = name_key(text)
                break
    metonym = False
    head = span.last - 1
    tok = toks[head]
    if tok.dep in ("nsubj", "nsubjpass") and 0 <= tok.head < len(toks):
        verb = toks[tok.head]
        metonym = verb.lemma in _SAYING
    return replace(span, admin_cue=admin, within=within, metonym=metonym)


def _share_cues(spans: list[_Span]) -> list[_Span]:
    """One sense per article: "Springfield, Ohio" in the dateline says which Springfield
    the later bare "Springfield"s are (when the name has one such cue only)."""
    cues: dict[str, set[str]] = {}
    for span in spans:
        if span.within:
            cues.setdefault(name_key(span.text), set()).add(span.within)
    if not cues:
        return spans
    out = []
    for span in spans:
        within = cues.get(name_key(span.text), set())
        if not span.within and len(within) == 1:
            span = replace(span, within=next(iter(within)))
        out.append(span)
    return out


def _haversine(a: GazetteerEntry, b: GazetteerEntry) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _within_matches(c: GazetteerEntry, within: str) -> bool:
    if not within:
        return False
    for place in gazetteer().candidates(within):
        if place.feature == "country" and c.country == place.country:
            return True
        if (
            place.feature == "admin1"
            and c.country == place.country
            and (name_key(c.admin1) == name_key(place.name))
        ):
            return True
    return False


def _score(
    span: _Span,
    c: GazetteerEntry,
    shares: dict[str, float],
    anchors: Sequence[GazetteerEntry],
    neighbours: _Neighbours | None = None,
) -> float:
    s = _prior(c)
    key = name_key(span.text)
    # "Santa Ana" is an alternate name of Taguig and "Augusta" of Augsburg: a place called
    # by its own name comes first when there is one
    if span.named_as and name_key(c.name) != key:
        s -= ALT_PENALTY
    if c.feature == "admin1":
        # A division loses to its namesake city inside it ("Homs", "Idlib", "New York").
        if any(
            o.feature == "city" and o.country == c.country and name_key(o.admin1) == name_key(c.name)
            and o.population >= 20_000
            for o in span.candidates
        ):  # fmt: skip
            s -= 3.0
        if span.admin_cue:
            s += CUE_BONUS
    elif span.admin_cue and c.feature == "city":
        s -= 2.0
    if c.country:
        s += FOCUS_WEIGHT * shares.get(c.country, 0.0)
        if c.admin1:
            s += ADMIN1_WEIGHT * shares.get(c.country + "/" + name_key(c.admin1), 0.0)
    if span.within and _within_matches(c, span.within):
        s += CUE_BONUS
    if c.feature in ("city", "admin2") and anchors:
        near = min(
            (_haversine(c, a) for a in anchors if name_key(a.name) != key and a is not c),
            default=math.inf,
        )
        for km, bonus in NEAR_KM:
            if near <= km:
                s += bonus
                break
    if (
        neighbours is not None
        and c.feature in ("city", "admin2")
        and len(span.candidates) > 1
        and not any(o.feature in _ABOVE_TOWN for o in span.candidates)
        and neighbours.nearest(c, key) <= PAIR_KM
    ):
        s += PAIR_BONUS
    return s


class _Neighbours:
    """The towns and counties every name of the article may be, by 1-degree grid cell: a
    candidate of one name near a candidate of another says both are the ones meant."""

    def __init__(self, spans: Sequence[_Span]) -> None:
        self._cells: dict[tuple[int, int], list[tuple[str, GazetteerEntry]]] = {}
        seen: set[str] = set()
        for span in spans:
            key = name_key(span.text)
            if key in seen:
                continue
            seen.add(key)
            for c in span.candidates:
                if c.feature in ("city", "admin2"):
                    cell = (math.floor(c.lat), math.floor(c.lon))
                    self._cells.setdefault(cell, []).append((key, c))

    def nearest(self, c: GazetteerEntry, key: str) -> float:
        """Kilometres to the nearest candidate of another name (within about a cell)."""
        lat, lon = math.floor(c.lat), math.floor(c.lon)
        best = math.inf
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for other, o in self._cells.get((lat + dlat, lon + dlon), ()):
                    if other != key:
                        best = min(best, _haversine(c, o))
        return best


def _choose(
    spans: Sequence[_Span],
    counts: Counter[str],
    anchors: Sequence[GazetteerEntry],
    own: Sequence[GazetteerEntry] | None = None,
    focus: str | None = None,
    neighbours: _Neighbours | None = None,
) -> list[tuple[GazetteerEntry, float]]:
    """The best candidate of each span and how sure; ``counts`` are the article's places
    by country and division (:func:`_keys`), ``own`` each span's first-pass choice, left
    out of its own focus so that a name does not vote for itself."""
    # A name does not vote for itself: the votes of all its mentions are left out of its
    # focus ("Gainesville" ten times, first read as the Florida one, outvoted the two
    # "Texas" of a Texas paper's article).
    by_name: dict[str, Counter[str]] = {}
    if own is not None:
        for span, entry in zip(spans, own, strict=True):
            by_name.setdefault(name_key(span.text), Counter()).update(_keys(entry))
    out = []
    for span in spans:
        local = counts - by_name.get(name_key(span.text), Counter())
        total = sum(v for k, v in local.items() if "/" not in k)
        shares = {k: v / total for k, v in local.items()} if total else {}
        if focus:  # the caller's word gets full weight; the article's places keep half
            shares = {k: v / 2 for k, v in shares.items()}
            shares[focus] = 1.0
        scored = sorted(
            (
                (_score(span, c, shares, anchors, neighbours), i)
                for i, c in enumerate(span.candidates)
            ),
            reverse=True,
        )
        best_s, best_i = scored[0]
        margin = best_s - scored[1][0] if len(scored) > 1 else 3.0
        confidence = 1.0 / (1.0 + math.exp(-margin))
        out.append((span.candidates[best_i], confidence))
    return out


def _keys(c: GazetteerEntry) -> list[str]:
    """What a place counts towards: its country ("SYR") and division ("USA/ohio")."""
    if not c.country:
        return []
    return [c.country] + ([c.country + "/" + name_key(c.admin1)] if c.admin1 else [])


def _anchors(chosen: Sequence[tuple[GazetteerEntry, float]]) -> list[GazetteerEntry]:
    seen: dict[object, GazetteerEntry] = {}
    for entry, confidence in chosen:
        if confidence >= 0.8 and entry.feature in ("city", "admin2", "admin1"):
            seen.setdefault(entry.geonameid or entry.name, entry)
        if len(seen) >= MAX_ANCHORS:
            break
    return list(seen.values())


def geoparse_sentences(
    sentences: Sequence[Sentence], *, text: str | None = None, focus: str | None = None
) -> list[PlaceMention]:
    """The place mentions of already-parsed sentences, resolved, in text order.

    ``text`` is the parsed text (when given, mention text is cut from it); ``focus`` an ISO
    alpha-3 country the article is known to be about: it then gets the full focus weight,
    and the countries of the article's own places half theirs.
    """
    spans: list[_Span] = []
    for index, sent in enumerate(sentences):
        spans.extend(_find(sent, index))
        if len(spans) >= MAX_MENTIONS:
            spans = spans[:MAX_MENTIONS]
            break
    if not spans:
        return []
    spans = _share_cues(spans)
    spans = [
        replace(s, named_as=any(name_key(c.name) == name_key(s.text) for c in s.candidates))
        for s in spans
    ]
    # Pass 1: priors and cues alone; pass 2: with the article's focus and nearness.
    first = _choose(spans, Counter(), [], focus=focus)
    counts: Counter[str] = Counter()
    for entry, _ in first:
        counts.update(_keys(entry))
    chosen = _choose(
        spans, counts, _anchors(first), [e for e, _ in first], focus, _Neighbours(spans)
    )
    mentions = []
    for span, (entry, confidence) in zip(spans, chosen, strict=True):
        mentions.append(
            PlaceMention(
                text=text[span.start : span.end] if text is not None else span.text,
                start=span.start,
                end=span.end,
                name=entry.name,
                geonameid=entry.geonameid,
                feature=entry.feature,
                country=entry.country,
                admin1=entry.admin1,
                lat=entry.lat,
                lon=entry.lon,
                score=round(confidence * (0.5 if span.metonym else 1.0), 3),
                metonym=span.metonym and entry.feature in ("country", "city"),
            )
        )
    return mentions


def geoparse(text: str) -> list[PlaceMention]:
    """Parse ``text`` with :func:`eventwire.parse.parse` and geoparse it."""
    from eventwire.parse import parse

    return geoparse_sentences(parse(text), text=text)
