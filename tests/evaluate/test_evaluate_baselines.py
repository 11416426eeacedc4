"""Baseline predictors do what their docstrings promise on made-up text."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.evaluate import predictors as p
from eventwire.evaluate.baselines import (
    GazetteerGeoparser,
    MostFrequentClass,
    NoEvents,
    NoSpans,
    RegexDateTagger,
    TfidfStories,
)
from eventwire.evaluate.predictors import ArticleInput


@pytest.mark.parametrize(
    ("predictor", "protocols"),
    [
        (MostFrequentClass(), [p.SentenceClassifier]),
        (NoSpans(), [p.SpanTagger]),
        (NoEvents(), [p.EventCoder, p.ArticleCoder]),
        (GazetteerGeoparser(), [p.Geoparser]),
        (RegexDateTagger(), [p.DateTagger]),
        (TfidfStories(), [p.StoryClusterer, p.StorySimilarity]),
    ],
)
def test_baselines_implement_their_protocols(predictor: object, protocols: list[type]) -> None:
    assert all(isinstance(predictor, protocol) for protocol in protocols)
    assert p.predictor_name(predictor) != type(predictor).__name__  # each has a short name


def test_trivial_baselines_answer_once_per_input() -> None:
    assert MostFrequentClass().predict(["a", "b"]) == [3, 3]
    assert MostFrequentClass(label=0).predict(["a"]) == [0]
    assert NoSpans().tag([["a"], ["b"]]) == [[], []]
    assert NoEvents().code(["a", "b", "c"]) == [[], [], []]
    assert NoEvents().code_articles([ArticleInput("x", None)]) == [[]]


DCT = date(2000, 1, 7)


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Talks ended on 1999-12-30 without a deal.", "1999-12-30", "1999-12-30"),
        (
            "The treaty was signed on January 5, 1998, in the capital.",
            "January 5, 1998",
            "1998-01-05",
        ),
        ("It was signed on 5 January 1998.", "5 January 1998", "1998-01-05"),
        ("Prices rose in Sept. 1997 already.", "Sept. 1997", "1997-09"),
        ("The boy was rescued on Nov. 25 off the coast.", "Nov. 25", "1999-11-25"),  # nearest year
        ("The vote is on Jan. 20 at noon.", "Jan. 20", "2000-01-20"),
        ("The ministers met yesterday.", "yesterday", "2000-01-06"),
        ("Troops left the region in 1992.", "1992", "1992"),
    ],
)
def test_regex_date_tagger_resolves_explicit_dates(text: str, surface: str, value: str) -> None:
    (found,) = RegexDateTagger().tag([text], dcts=[DCT])[0]
    assert (text[found.start : found.end], found.value) == (surface, value)


@pytest.mark.parametrize(
    "text",
    [
        "The fund paid $1998 in fees.",
        "Turnout was 1999% higher, a typo.",
        "They may meet again.",
        "He said it on Thursday.",
        "It is February 30 in the novel.",
    ],
)
def test_regex_date_tagger_leaves_non_dates(text: str) -> None:
    assert RegexDateTagger().tag([text], dcts=[DCT]) == [[]]


def test_gazetteer_geoparser_finds_and_resolves_known_places() -> None:
    text = "Protesters marched from Berlin to the U.S. embassy on Monday, officials in Kenya said."
    (places,) = GazetteerGeoparser().parse([text])
    names = {pl.name: pl for pl in places}
    assert set(names) == {"Berlin", "U.S.", "Kenya"}
    berlin = names["Berlin"]
    assert text[berlin.start : berlin.end] == "Berlin"
    assert berlin.lat is not None and berlin.lat == pytest.approx(52.5, abs=0.2)
    assert names["Kenya"].geonameid is not None and names["Kenya"].lat is None  # id only


def test_tfidf_stories_similarity_and_clusters() -> None:
    quake = "An earthquake of magnitude 6 struck the coastal province, killing dozens."
    quake2 = "Dozens were killed when a magnitude 6 earthquake struck the coastal province."
    rehab = "The actress checked into a rehabilitation clinic, her spokesman said."
    model = TfidfStories()
    same, different = model.similarity([(quake, quake2), (quake, rehab)])
    assert same > 0.5 > different >= 0.0
    labels = model.cluster([quake, rehab, quake2])
    assert labels[0] == labels[2] != labels[1]
    assert model.similarity([]) == [] and model.cluster(["one"]) == [0]
