"""Boilerplate removal for plain text scraped from news pages.

A scraped page is a column of lines: navigation, a title, datelines, the story, ads,
lists of unrelated headlines, a comment widget. We classify every line and keep the
story, in numbered stages:

1. split into lines, remembering where each starts in the original text;
2. drop lines that a rule in ``data/boilerplate.toml`` matches whole (ads, widgets,
   navigation trails, end markers) -- these are exact labels, so a rule never eats prose;
3. drop link lists: a line of short headlines joined by bullets (a line with prose among
   its items is an article on one line, and stays), a run of "<title> - <date>" sidebar
   entries, and the lines under a list header such as "Off the wire";
4. read the header (the lines above the first real paragraph): the first headline-like
   line is the title, metadata lines give publisher and date (``ingest.metadata``);
   later header lines (sub-headlines) stay in the body;
5. cut wire end markers glued to a line ("... Lavrov said. Endite");
6. join the kept lines as paragraphs and keep a map back to the original offsets.

Dates are read only from header metadata lines, never from dropped lines: a sidebar of
2020 blog posts on a 2015 story must not date the story (unknown is better than wrong).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib.resources import files

from eventwire.ingest.metadata import WIRE_DATELINE, parse_header_line
from eventwire.records import OffsetMap

__all__ = ["Cleaned", "Rules", "clean_text", "load_rules"]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Rules:
    line: tuple[Rule, ...]
    suffix: tuple[Rule, ...]
    widget: tuple[Rule, ...]
    list_header: tuple[Rule, ...]


@cache
def load_rules() -> Rules:
    """The rules in ``eventwire/data/boilerplate.toml``, compiled once."""
    raw = tomllib.loads((files("eventwire") / "data" / "boilerplate.toml").read_text("utf-8"))

    def compile_all(kind: str, anchored: bool) -> tuple[Rule, ...]:
        out = []
        for entry in raw.get(kind, []):
            body = entry["pattern"]
            pattern = rf"(?:{body})" if anchored else body
            out.append(Rule(entry["name"], re.compile(pattern, re.IGNORECASE)))
        return tuple(out)

    return Rules(
        line=compile_all("line", True),
        suffix=compile_all("suffix", False),
        widget=compile_all("widget", False),
        list_header=compile_all("list_header", True),
    )


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The story text, where it came from, and what the header said."""

    text: str
    offsets: OffsetMap
    title: str | None = None
    source: str | None = None
    published: datetime | None = None
    dropped: tuple[tuple[str, str], ...] = field(default=())  # (rule, line)
    warnings: tuple[str, ...] = ()  # e.g. a header date that cannot be used


@dataclass(slots=True)
class _Line:
    start: int  # offset of the stripped line in the original
    end: int
    text: str
    kind: str = "body"  # body | blank | drop | title | meta
    rule: str | None = None


# Stage 3 patterns. Bullets that sites put between headlines on one line.
_BULLETS = re.compile(r"\s[•·◦▪|]\s")
# A sidebar entry: "<post title> - <Month D, YYYY>" (or with | or an en/em dash).
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATED_ENTRY = re.compile(
    rf"^.{{3,200}}?\s[-–—|]\s+(?:{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"""[.!?:;"'”’)\]。！？」』]$""")
_WORD = re.compile(r"\w+")
# Chinese and Japanese write no spaces: a run of their characters is one \w+ match. A
# word there averages about two characters, so two characters count as one word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _split(raw: str) -> list[_Line]:
    lines = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        content = piece.rstrip("\r\n")
        lead = len(content) - len(content.lstrip())
        stripped = content.strip()
        start = pos + lead
        lines.append(_Line(start, start + len(stripped), stripped, "body" if stripped else "blank"))
        pos += len(piece)
    return lines


def _is_paragraph(text: str) -> bool:
    """A line that reads as story prose rather than a label, headline or menu entry.

    12 words with closing punctuation, or 25 words in any case: headlines in our corpora
    are at most ~20 words and do not end with a full stop.
    """
    unspaced = len(_UNSPACED.findall(text))
    words = len(_WORD.findall(_UNSPACED.sub(" ", text))) + unspaced // 2
    return words >= 25 or (words >= 12 and bool(_SENTENCE_END.search(text)))


def _is_bullet_list(text: str) -> bool:
    """Three or more items joined by bullets on one line, none of which reads as prose.

    A headline list is a run of short items; a one-line article (CSV and JSONL exports
    put a whole article on one line) may hold bullets too ("... the minister said.
    • Join the debate • Read more letters"), and its body must never go with them.
    """
    items = _BULLETS.split(text)
    return len(items) >= 3 and not any(_is_paragraph(item) for item in items)


def _drop(line: _Line, rule: str) -> None:
    line.kind, line.rule = "drop", rule


def _stage_rules(lines: list[_Line], rules: Rules) -> None:
    for line in lines:
        if line.kind != "body":
            continue
        for rule in rules.line:
            if rule.pattern.fullmatch(line.text):
                _drop(line, rule.name)
                break


def _stage_lists(lines: list[_Line], rules: Rules) -> None:
    # A list runs from its header over short lines and ends at the first line that reads
    # as a paragraph. Below the story (footer lists) its entries may be separated by
    # blank lines; above it a blank line ends the list, since the headline comes next.
    # A list of dated entries ("<title> - <date>") ends at its first undated line: that
    # is the headline when the list sits above the story with no blank line between.
    in_list = False
    dated = False
    story_started = False
    for line in lines:
        if line.kind == "blank":
            in_list = in_list and story_started
            continue
        if any(r.pattern.fullmatch(line.text) for r in rules.list_header):
            _drop(line, "list-header")
            in_list, dated = True, False
            continue
        if line.kind != "body":
            continue
        if _is_bullet_list(line.text):
            _drop(line, "bullet-list")
            # The headlines were all on this line: the list ends here, so a headline on
            # the next line (no blank line between) is not taken for one more entry.
            in_list = False
        elif _DATED_ENTRY.match(line.text):
            _drop(line, "dated-list")
            dated = True
        elif in_list and not dated and not _is_paragraph(line.text):
            _drop(line, "headline-list")
        else:
            in_list = dated = False
            story_started = story_started or _is_paragraph(line.text)


def _strip_widgets(text: str, rules: Rules) -> str:
    for rule in rules.widget:
        text = rule.pattern.sub("", text)
    return text.strip()


def _stage_header(
    lines: list[_Line], rules: Rules, *, find_title: bool
) -> tuple[str | None, datetime | None, tuple[str, ...]]:
    source: str | None = None
    published: datetime | None = None
    date_problems: list[str] = []
    title_found = not find_title
    for line in lines:
        if line.kind != "body":
            continue
        if _is_paragraph(line.text):
            break  # the story has begun; no more header
        info = parse_header_line(_strip_widgets(line.text, rules))
        if not title_found and _is_masthead(line.text):
            # An all-capitals outlet name above the headline ("CASPIAN DAILY").
            line.kind, line.rule = "meta", "masthead"
            source = source or line.text.title()
        elif info is not None:
            line.kind, line.rule = "meta", "metadata"
            source = source or info.source
            published = published or info.published
            if info.date_problem:
                date_problems.append(info.date_problem)
        elif not title_found and len(line.text) <= 250 and not line.text.endswith("."):
            line.kind, line.rule = "title", "title"
            title_found = True
    if source is None:
        source = _wire_source(lines)
    # A bad date next to a good one costs nothing; alone, it is why the date is unknown.
    return source, published, tuple(date_problems) if published is None else ()


def _is_masthead(text: str) -> bool:
    words = text.split()
    return text.isupper() and 1 <= len(words) <= 5 and sum(ch.isalpha() for ch in text) >= 4


def _wire_source(lines: list[_Line]) -> str | None:
    first = next((ln for ln in lines if ln.kind == "body" and _is_paragraph(ln.text)), None)
    if first is None:
        return None
    m = WIRE_DATELINE.match(first.text)
    return m["source"].strip() if m and m["source"] else None


def _stage_stray_metadata(lines: list[_Line], rules: Rules) -> None:
    """Metadata lines below the story's start ("Updated: ...") are dropped, not read."""
    for line in lines:
        if (
            line.kind == "body"
            and not _is_paragraph(line.text)
            and parse_header_line(_strip_widgets(line.text, rules)) is not None
        ):
            _drop(line, "metadata")


def _stage_suffixes(lines: list[_Line], rules: Rules) -> None:
    for line in lines:
        if line.kind != "body":
            continue
        for rule in rules.suffix:
            m = rule.pattern.search(line.text)
            if m and m.start() > 0:
                cut = len(line.text) - m.start()
                line.text = line.text[: m.start()].rstrip()
                line.end -= cut
                line.end = line.start + len(line.text)


def clean_text(
    raw: str,
    *,
    find_title: bool = True,
    known_title: str | None = None,
    rules: Rules | None = None,
) -> Cleaned:
    """Clean one article's text. See the module docstring for the stages.

    ``find_title``: take the first headline-like line as the title (scraped plain text).
    ``known_title``: the title is known (HTML, JSONL); a first line repeating it is dropped.
    """
    rules = rules or load_rules()
    lines = _split(raw)
    _stage_rules(lines, rules)
    _stage_lists(lines, rules)
    source, published, warnings = _stage_header(
        lines, rules, find_title=find_title and not known_title
    )
    _stage_stray_metadata(lines, rules)
    _stage_suffixes(lines, rules)
    if known_title:
        wanted = " ".join(known_title.split()).casefold()
        for line in lines:
            if line.kind == "body":
                if " ".join(line.text.split()).casefold() == wanted:
                    line.kind, line.rule = "title", "title"
                break
    title = next((ln.text for ln in lines if ln.kind == "title"), None)
    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    pos = 0
    for line in lines:
        if line.kind != "body":
            continue
        if parts:
            pos += 2  # the "\n\n" that joins paragraphs
        segments.append((pos, line.start, len(line.text)))
        parts.append(line.text)
        pos += len(line.text)
    dropped = tuple((ln.rule or ln.kind, ln.text) for ln in lines if ln.kind in {"drop", "meta"})
    return Cleaned(
        text="\n\n".join(parts),
        offsets=OffsetMap(tuple(segments)),
        title=known_title or title,
        source=source,
        published=published,
        dropped=dropped,
        warnings=warnings,
    )
