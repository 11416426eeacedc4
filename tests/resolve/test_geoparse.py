"""The geoparser on sentences we wrote: which spans are places, and which places."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from eventwire.parse import parse
from eventwire.resolve.geoparse import PlaceMention, geoparse, geoparse_sentences

# sentence, mention text, expected geonameid (None: any), country, feature
CASES = [
    ("Government forces shelled Homs, Hama and Raqqa on Monday.", "Homs", 169577, "SYR", "city"),
    ("Government forces shelled Homs, Hama and Raqqa on Monday.", "Raqqa", 172955, "SYR", "city"),
    ("Rebels advanced in the central province of Hama.", "Hama", None, "SYR", "admin1"),
    ("Clashes were reported in Homs province overnight.", "Homs", 169575, "SYR", "admin1"),
    ("Aleppo province saw heavy bombing, activists said.", "Aleppo", None, "SYR", "admin1"),
    ("Fighters were seen in Aleppo and Idlib.", "Aleppo", 170063, "SYR", "city"),
    ("The ship sailed from Latakia to the Mediterranean.", "Latakia", 173576, "SYR", "city"),
    ("The ship sailed from Latakia to the Mediterranean.", "Mediterranean", 363196, "", "water"),
    ("The U.S. and Britain condemned the attack.", "U.S.", 6252001, "USA", "country"),
    ("The U.S. and Britain condemned the attack.", "Britain", 2635167, "GBR", "country"),
    ("He grew up in Springfield, Illinois, before moving.", "Springfield", 4250542, "USA", "city"),
    ("Oil prices rose in the Middle East on Tuesday.", "Middle East", 6269133, "", "region"),
    ("Tankers crossed the Caspian Sea last week.", "Caspian Sea", None, "", "water"),
    (
        "Fire crews from Anderson County, Texas, were called.",
        "Anderson County",
        None,
        "USA",
        "admin2",
    ),
    ("Officials in Baghdad said Iraq would respond.", "Iraq", 99237, "IRQ", "country"),
]


@pytest.mark.parametrize(("sentence", "mention", "geonameid", "country", "feature"), CASES)
def test_geoparse_resolves(
    sentence: str, mention: str, geonameid: int | None, country: str, feature: str
) -> None:
    found = {m.text: m for m in geoparse(sentence)}
    assert mention in found, f"{mention!r} not found among {list(found)}"
    place = found[mention]
    if geonameid is not None:
        assert place.geonameid == geonameid
    assert place.country == country
    assert place.feature == feature
    assert sentence[place.start : place.end] == mention


@pytest.mark.parametrize(
    ("sentence", "not_a_place"),
    [
        ("Russian officials met Syrian rebels on Friday.", "Russian"),
        ("Russian officials met Syrian rebels on Friday.", "Syrian"),
        ("The talks resume in March, Mr Walker said.", "March"),
        ("Coach Ripley praised the team after the game.", "Ripley"),
        ("Police closed Swan Street after the crash.", "Swan"),
    ],
)
def test_geoparse_skips(sentence: str, not_a_place: str) -> None:
    assert not_a_place not in {m.text for m in geoparse(sentence)}


def test_geoparse_marks_metonyms() -> None:
    found = {m.text: m for m in geoparse("Moscow said on Monday that it would send more ships.")}
    assert found["Moscow"].metonym
    assert found["Moscow"].geonameid == 524901
    assert not geoparse("Thousands marched in Moscow on Monday.")[0].metonym


def test_geoparse_focus_decides_between_namesakes() -> None:
    sentence = "Crowds gathered in Georgia on Monday."
    assert geoparse_sentences(parse(sentence), focus="USA")[0].feature == "admin1"
    assert geoparse_sentences(parse(sentence))[0].feature == "country"


def test_geoparse_sentences_uses_given_text_offsets() -> None:
    text = "Intro line.\n\nShelling hit Homs again."
    mentions = geoparse_sentences(parse(text), text=text)
    assert [(m.text, text[m.start : m.end]) for m in mentions] == [("Homs", "Homs")]
    assert isinstance(mentions[0], PlaceMention)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "nothing to see here at all.", "Привет, как дела? 東京で会いましょう。", "🙂" * 50],
)
def test_geoparse_bad_input_does_not_crash(text: str) -> None:
    assert isinstance(geoparse(text), list)


def test_geoparse_long_list_of_names_is_bounded() -> None:
    names = ["Paris", "Homs", "Springfield", "Georgia", "Ontario", "Lagos", "Dublin", "Aleppo"]
    text = ", ".join(names[i % len(names)] for i in range(10_000)) + "."
    sentences = parse(text)
    began = time.perf_counter()
    mentions = geoparse_sentences(sentences, text=text)
    assert time.perf_counter() - began < 30
    assert 0 < len(mentions) <= 10_000


@pytest.mark.parametrize(
    ("seed_word", "country"),
    [("Homs", "SYR"), ("Hama", "SYR"), ("Raqqa", "SYR")],
)
def test_geoparse_seed_articles(shared_dir: Path, seed_word: str, country: str) -> None:
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    texts = [p.read_text("utf-8") for p in seeds]
    texts = [t for t in texts if seed_word in t]
    assert texts, f"no seed article mentions {seed_word}"
    for text in texts:
        hits = [m for m in geoparse(text) if m.text == seed_word]
        assert hits, f"{seed_word} not found"
        assert all(m.country == country for m in hits)


# article, mention, the GeoNames id every mention of that name must get
ARTICLE_CASES = [
    # "Town, State" in the dateline says which town the later bare mentions are
    (
        "Springfield, Ohio — The school board met on Monday. Springfield teachers asked "
        "for more pay.",
        "Springfield",
        4525353,
    ),
    # ten mentions of a name, first read as the bigger namesake, do not outvote the state
    (
        "The Gainesville City Council met on Monday. Gainesville officials said the budget "
        "was tight. Sales tax receipts in Gainesville fell. Lawmakers in Texas said more "
        "help may come. Other towns in Texas saw the same.",
        "Gainesville",
        4692746,
    ),
    # two namesakes a few kilometres apart are the ones meant (Iowa, not Connecticut)
    ("Students from New London and Mt. Pleasant met on Friday.", "New London", 4868768),
    ("Students from New London and Mt. Pleasant met on Friday.", "Mt. Pleasant", 4868205),
    # a state's AP abbreviation is a "Town, State" cue
    ("HURRICANE, W.Va. - Deputies found the two teenagers on Monday.", "HURRICANE", 4809558),
    ("HURRICANE, W.Va. - Deputies found the two teenagers on Monday.", "W.Va.", 4826850),
    # a town called by its own name beats one that has it as an alternate name (Taguig)
    ("Police in Santa Ana said the man was arrested.", "Santa Ana", 5392900),
]


@pytest.mark.parametrize(("text", "mention", "geonameid"), ARTICLE_CASES)
def test_geoparse_article_context(text: str, mention: str, geonameid: int) -> None:
    hits = [m for m in geoparse(text) if m.text == mention]
    assert hits, f"{mention!r} not found among {[m.text for m in geoparse(text)]}"
    assert {m.geonameid for m in hits} == {geonameid}


# sentence, the exact span that must be found as a place
SPAN_CASES = [
    ("Protesters marched in Paris on Sunday.", "Paris"),  # ends like "Israelis"
    ("The Illinois State Police are investigating the death.", "Illinois"),
    ("Steven Sachs of Alexandria was driving a Mazda.", "Alexandria"),
    ("King was lodged in the Madison County Detention Center after the crash.", "Madison County"),
    ("In 2006, Dublin City Council committed $250,000 to the project.", "Dublin"),
    ("Two Northeast Georgia counties remain among the fastest-growing.", "Georgia"),
    ("They moved to Bethel, Vt.", "Vt."),  # the split-off full stop is the abbreviation's
]


@pytest.mark.parametrize(("sentence", "mention"), SPAN_CASES)
def test_geoparse_finds_span(sentence: str, mention: str) -> None:
    assert mention in [m.text for m in geoparse(sentence)]
