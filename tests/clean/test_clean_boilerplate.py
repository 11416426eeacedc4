"""The cleaner: boilerplate out, every story paragraph kept, offsets back to the original.

Each case inserts boilerplate lines above, inside or below a short story we wrote, laid out
with blank lines between paragraphs or with single newlines (both occur in scraped text).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files

import pytest

from eventwire.clean import clean_article, clean_text
from eventwire.clean.boilerplate import Cleaned, load_rules
from eventwire.records import Article, Origin

TITLE = "Russian jets strike rebel positions near Hama"
DATE_LINE = "October 6, 2015"
BODY = [
    "Russian warplanes struck rebel positions in northern Hama province on Tuesday, the "
    "defence ministry in Moscow said in a statement.",
    "The ministry said the aircraft flew 20 sorties overnight and destroyed a command post, "
    "two ammunition depots and a fuel store.",
    "Border tensions",  # a crosshead: short, but part of the story
    "Turkey said a Russian jet had again crossed into its airspace near the Syrian border, "
    "and summoned the Russian ambassador in Ankara.",
    "Rebel commanders said the strikes hit groups that had been fighting Islamic State for "
    "more than a year.",
]
LAYOUTS = {"blank-lines": "\n\n", "single-newlines": "\n"}


@dataclass(frozen=True)
class Case:
    top: tuple[str, ...] = ()
    middle: tuple[str, ...] = ()
    bottom: tuple[str, ...] = ()

    def raw(self, sep: str, *, date: bool = True) -> str:
        header = [TITLE, DATE_LINE] if date else [TITLE]
        lines = [*self.top, *header, *BODY[:2], *self.middle, *BODY[2:], *self.bottom]
        return sep.join(lines) + "\n"

    @property
    def boilerplate(self) -> tuple[str, ...]:
        return self.top + self.middle + self.bottom


HEADLINES = ("Grain prices ease in Chicago", "Ferry strike ends in Piraeus", "Museum reopens")
SIDEBAR_2020 = (
    "Ten houseplants that survive the winter - November 6, 2020",
    "-",
    "How to pack a carry-on bag - October 30, 2020",
    "-",
    "Our favourite city walks - 12 August 2019",
)
CASES = {
    "skip-link": Case(top=("Skip to main content",)),
    "you-are-here": Case(top=("You are here: Home > World",)),
    "you-are-here-bare": Case(top=("You are here:   Home",)),
    "breadcrumb-double": Case(top=("Home >> World >> Middle East",)),
    "breadcrumb-single": Case(top=("News > World > Middle East",)),
    "off-the-wire-top": Case(top=("Off the wire", " • ".join(HEADLINES))),
    "off-the-wire-bottom": Case(bottom=("Off the wire", " • ".join(HEADLINES))),
    "bullet-headlines": Case(bottom=(" · ".join(HEADLINES),)),
    "dated-post-list-bottom": Case(bottom=("Most read", *SIDEBAR_2020)),
    "dated-post-list-top": Case(top=SIDEBAR_2020),
    "advertisement": Case(middle=("Advertisement",), bottom=("Advertisement",)),
    "sponsored": Case(middle=("Sponsored content",)),
    "adjust-font-size": Case(top=("Adjust font size:",)),
    "print-email": Case(bottom=("Print", "E-mail this article")),
    "posted-in": Case(bottom=("Posted in: Mid-East, World",)),
    "filed-under": Case(top=("Filed under: Middle East",)),
    "tags": Case(bottom=("Tags: Russia, Syria, Hama",)),
    "disqus": Case(bottom=("blog comments powered by Disqus",)),
    "comments": Case(bottom=("12 comments", "Leave a comment")),
    "end-marker-line": Case(bottom=("Enditem",)),
    "end-marker-dashes": Case(bottom=("-30-",)),
    "byline": Case(top=("By Mara Lindqvist in Beirut",)),
    "byline-written": Case(top=("Written by Desert Herald staff",)),
    "masthead": Case(top=("DESERT HERALD",)),
    "share": Case(top=("Share this article",), bottom=("Share on: Facebook, Twitter",)),
    "follow-us": Case(bottom=("Follow us on Twitter",)),
    "wire-credit": Case(bottom=("(Reporting by Mara Lindqvist; Editing by Tom Reyes)",)),
    "photo-credit": Case(middle=("Photo: Reuters",)),
    "copyright": Case(bottom=("(c) Desert Herald. All rights reserved.",)),
    "newsletter": Case(bottom=("Sign up for our newsletter today",)),
    "related-stories": Case(bottom=("Related stories", *HEADLINES)),
    "more-from": Case(bottom=("More from World", *HEADLINES[:2])),
    "most-read-with-separators": Case(bottom=("Most read", HEADLINES[0], "-", HEADLINES[1])),
}


def _cleaned(case: Case, layout: str) -> Cleaned:
    return clean_text(case.raw(LAYOUTS[layout]))


def _paragraphs(cleaned: Cleaned) -> list[str]:
    return cleaned.text.split("\n\n")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_clean_removes_boilerplate_lines(case: Case, layout: str) -> None:
    left = [line for line in case.boilerplate if line in _paragraphs(_cleaned(case, layout))]
    assert left == []


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_clean_keeps_every_story_paragraph_in_order(case: Case, layout: str) -> None:
    assert _paragraphs(_cleaned(case, layout)) == BODY


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_clean_finds_title_and_date_around_boilerplate(case: Case, layout: str) -> None:
    cleaned = _cleaned(case, layout)
    assert (cleaned.title, cleaned.published) == (TITLE, datetime(2015, 10, 6))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_clean_offset_map_points_every_segment_at_the_same_text(case: Case, layout: str) -> None:
    raw = case.raw(LAYOUTS[layout])
    cleaned = clean_text(raw)
    assert cleaned.offsets.segments  # the story is kept
    for clean_start, original_start, length in cleaned.offsets.segments:
        assert (
            cleaned.text[clean_start : clean_start + length]
            == raw[original_start : original_start + length]
        )
    # And through the article's evidence span, paragraph by paragraph.
    article = Article(
        id="a", text=cleaned.text, original=raw, offsets=cleaned.offsets, origin=Origin("a")
    )
    position = 0
    for paragraph in _paragraphs(cleaned):
        start = cleaned.text.index(paragraph, position)
        begin, end = article.evidence_span(start, start + len(paragraph))
        assert raw[begin:end] == paragraph
        position = start + len(paragraph)


@pytest.mark.parametrize(
    "sentence",
    [
        "By Thursday evening, rescue teams had reached the village, local officials said.",
        "Advertisement revenue at state television fell sharply after the strikes began.",
        "Home to about 40,000 people, Rastan has been held by rebels since early 2012.",
        "Share prices in Moscow fell after the first strikes, traders said on Thursday.",
        "Search teams recovered the bodies of four civilians from a building in Talbiseh.",
        "Posted in Aleppo since the spring, the envoy said talks had stalled again.",
        "Related talks between Russian and U.S. officials are due to resume next week.",
        "The fighting will not end soon, a commander of one rebel unit told reporters.",
        "Most read the statement as a warning to Turkey, diplomats in Ankara said.",
    ],
)
def test_clean_keeps_prose_that_begins_like_boilerplate(sentence: str) -> None:
    raw = f"{TITLE}\n{DATE_LINE}\n{BODY[0]}\n{sentence}\n{BODY[1]}\n"
    assert _paragraphs(clean_text(raw)) == [BODY[0], sentence, BODY[1]]


@pytest.mark.parametrize(
    ("last_line", "kept"),
    [
        ("Hua said China had no such plan.Enditem", "Hua said China had no such plan."),
        ("Hua said China had no such plan. Enditem", "Hua said China had no such plan."),
        ("Hua said China had no such plan. Endite", "Hua said China had no such plan."),
        ("Hua said China had no such plan.  enditem  ", "Hua said China had no such plan."),
        ("Hua said China had no such plan. (END)", "Hua said China had no such plan."),
        ('"We have no such plan," Hua said.Enditem', '"We have no such plan," Hua said.'),
    ],
    ids=["glued", "spaced", "truncated", "lower-case", "end-paren", "quote"],
)
def test_clean_cuts_wire_end_marker_and_keeps_the_sentence(last_line: str, kept: str) -> None:
    raw = f"{TITLE}\n{DATE_LINE}\n{BODY[0]}\n{last_line}\n"
    cleaned = clean_text(raw)
    assert _paragraphs(cleaned) == [BODY[0], kept]
    _, original_start, length = cleaned.offsets.segments[-1]
    assert raw[original_start : original_start + length] == kept


@pytest.mark.parametrize(
    "case",
    [
        Case(bottom=("Most read", *SIDEBAR_2020)),
        Case(top=("Most read", *SIDEBAR_2020)),
        Case(top=SIDEBAR_2020),
        Case(bottom=SIDEBAR_2020),
        Case(bottom=("Updated: November 6, 2020",)),
        Case(bottom=("Published: 6 November 2020",)),
        Case(middle=("Posted on 2020/11/06",)),
    ],
    ids=[
        "sidebar-below",
        "sidebar-above",
        "bare-list-above",
        "bare-list-below",
        "updated-below",
        "published-below",
        "posted-inside",
    ],
)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_date_only_in_boilerplate_never_dates_the_story(case: Case, layout: str) -> None:
    cleaned = clean_text(case.raw(LAYOUTS[layout], date=False))
    assert cleaned.published is None
    assert cleaned.title == TITLE
    assert _paragraphs(cleaned) == BODY


def test_date_inside_a_sentence_is_not_the_publication_date() -> None:
    raw = (
        f"{TITLE}\n\nOn October 1, 2015, Russian jets carried out their first strikes in Syria, "
        "the defence ministry in Moscow said.\n"
    )
    assert clean_text(raw).published is None


def test_sub_headline_under_the_title_stays_in_the_body() -> None:
    sub = "NATO chief says allies are ready to defend Turkey"
    cleaned = clean_text(f"{TITLE}\n\n{DATE_LINE}\n\n{sub}\n\n{BODY[0]}\n")
    assert cleaned.title == TITLE
    assert _paragraphs(cleaned) == [sub, BODY[0]]


def test_clean_with_known_title_drops_a_first_line_that_repeats_it() -> None:
    cleaned = clean_text(f"{TITLE.upper()}\n\n{BODY[0]}\n", find_title=False, known_title=TITLE)
    assert (cleaned.title, cleaned.text) == (TITLE, BODY[0])


def test_clean_without_find_title_keeps_the_first_line_in_the_body() -> None:
    cleaned = clean_text(f"{TITLE}\n\n{BODY[0]}\n", find_title=False)
    assert cleaned.title is None
    assert _paragraphs(cleaned) == [TITLE, BODY[0]]


def test_clean_reports_what_it_dropped_and_why() -> None:
    cleaned = clean_text(Case(top=("DESERT HERALD",), middle=("Advertisement",)).raw("\n"))
    assert ("advertisement", "Advertisement") in cleaned.dropped
    assert ("masthead", "DESERT HERALD") in cleaned.dropped
    assert ("metadata", DATE_LINE) in cleaned.dropped
    assert cleaned.source == "Desert Herald"


@pytest.mark.parametrize("raw", ["", "\n\n", "Advertisement\nShare this article\n"])
def test_clean_text_with_nothing_left(raw: str) -> None:
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.offsets.segments) == ("", ())


def test_boilerplate_rules_each_say_why_and_compile() -> None:
    text = (files("eventwire") / "data" / "boilerplate.toml").read_text("utf-8")
    table = tomllib.loads(text)
    entries = [(kind, e) for kind, rules in table.items() for e in rules]
    assert {kind for kind, _ in entries} == {"line", "suffix", "widget", "list_header"}
    for kind, entry in entries:
        assert entry.get("name") and entry.get("pattern"), (kind, entry)
        assert entry.get("why", "").strip(), f"rule {entry['name']} does not say why it exists"
    rules = load_rules()
    assert len(rules.line) + len(rules.suffix) + len(rules.widget) + len(rules.list_header) == len(
        entries
    )


def test_clean_article_keeps_what_the_input_stated() -> None:
    stated = Article(
        id="lw-1",
        text="",
        original=f"DESERT HERALD\n{TITLE}\nXinhua, October 1, 2015\n{BODY[0]}\n",
        origin=Origin("wires.jsonl", line=1),
        title="Title from the record",
        source="Levant Wire",
        published=datetime(2015, 10, 6, 15, 20),
        format="jsonl",
    )
    cleaned = clean_article(stated)
    assert (cleaned.title, cleaned.source, cleaned.published) == (
        "Title from the record",
        "Levant Wire",
        datetime(2015, 10, 6, 15, 20),
    )
    assert cleaned.language == "en"
    assert cleaned.original == stated.original


def test_clean_article_fills_gaps_from_the_text() -> None:
    raw = f"{TITLE}\nXinhua, October 1, 2015\n{BODY[0]}\n"
    cleaned = clean_article(Article(id="a", text=raw, origin=Origin("a.txt")))
    assert (cleaned.title, cleaned.source, cleaned.published) == (
        TITLE,
        "Xinhua",
        datetime(2015, 10, 1),
    )
    assert (cleaned.text, cleaned.original) == (BODY[0], raw)


# A whole article on one line, as CSV and JSONL exports give it, with bullets inside and a
# bullet-joined trailer: prose, not a list of headlines.
ONE_LINE_ARTICLES = {
    "letters-page": " ".join(BODY[:2])
    + " • Join the debate – email the letters desk • Read more letters from our readers",
    "bullets-between-sentences": f"{BODY[0]} • {BODY[1]} • {BODY[3]}",
    "pipes-between-sentences": f"{BODY[0]} | {BODY[1]} | {BODY[3]}",
}


@pytest.mark.parametrize("text", ONE_LINE_ARTICLES.values(), ids=ONE_LINE_ARTICLES.keys())
@pytest.mark.parametrize("find_title", [True, False])
def test_clean_keeps_one_line_article_with_bullets(text: str, find_title: bool) -> None:
    cleaned = clean_text(text, find_title=find_title)
    assert cleaned.text == text
    assert [rule for rule, _ in cleaned.dropped] == []
