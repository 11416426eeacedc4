"""Known-answer tests for every scorer: a perfect run, an empty run, a half-right run.

The gold records are built in memory (made-up sentences); the expected numbers are worked
out by hand in the comments.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.evaluate.loaders.cameo import PentaSentence, SpanSentence
from eventwire.evaluate.loaders.events import ArticleGold, GoldEvent
from eventwire.evaluate.loaders.geo import GeoDocument, GoldToponym
from eventwire.evaluate.loaders.gsr import GoldActor, GoldCoding, PetrarchSentence, PloverSentence
from eventwire.evaluate.loaders.stories import StoryDocument, StoryPair
from eventwire.evaluate.loaders.timex import GoldTimex, TimexDocument
from eventwire.evaluate.metrics import MAX_ERROR_KM
from eventwire.evaluate.predictors import PredictedDate, PredictedEvent, PredictedPlace
from eventwire.evaluate.predictors import PredictedSpan as Span
from eventwire.evaluate.scorers import (
    score_clusters,
    score_events,
    score_geo,
    score_penta,
    score_petrarch,
    score_plover,
    score_similarity,
    score_spans,
    score_timex,
)

# --- cameo-penta -------------------------------------------------------------------------

PENTA = [PentaSentence(f"s{i}", f"sentence {i}", label) for i, label in enumerate([0, 1, 2, 3])]


def test_score_penta_perfect_empty_half() -> None:
    perfect = score_penta(PENTA, [0, 1, 2, 3])
    assert perfect.metrics == {"macro_f1": 1.0, "accuracy": 1.0}
    assert perfect.errors == ()
    # all "3": class 3 P 1/4 R 1 F1 0.4, the others F1 0 -> macro 0.1
    constant = score_penta(PENTA, [3, 3, 3, 3])
    assert constant.metrics["macro_f1"] == pytest.approx(0.1)
    assert constant.metrics["accuracy"] == 0.25
    # half right: 0 1 right, 2->1, 3->0. Class 0: P 1/2 R 1 F 2/3; class 1: same;
    # classes 2, 3: F1 0 -> macro (2/3 + 2/3) / 4 = 1/3
    half = score_penta(PENTA, [0, 1, 1, 0])
    assert half.metrics["macro_f1"] == pytest.approx(1 / 3)
    assert half.metrics["accuracy"] == 0.5
    assert half.breakdown["2 material cooperation"]["recall"] == 0.0
    assert [e.item for e in half.worst_errors(1)] == ["s3"]  # 3 -> 0 is the farthest miss


# --- cameo-spans -------------------------------------------------------------------------

SPANS = [
    SpanSentence("a", ("Ruritania", "warned", "Borduria"), ((0, 1, "S"), (2, 3, "T"))),
    SpanSentence("b", ("The", "army", "hit", "rebels"), ((0, 2, "S"), (3, 4, "T"))),
]


def test_score_spans_perfect_empty_half() -> None:
    perfect = score_spans(
        SPANS, [[Span(0, 1, "S"), Span(2, 3, "T")], [Span(0, 2, "S"), Span(3, 4, "T")]]
    )
    assert (perfect.metrics["f1"], perfect.metrics["source_f1"], perfect.metrics["target_f1"]) == (
        1.0,
        1.0,
        1.0,
    )
    empty = score_spans(SPANS, [[], []])
    assert empty.metrics["precision"] is None  # nothing predicted: undefined, not 0
    assert (empty.metrics["recall"], empty.metrics["f1"]) == (0.0, 0.0)
    # half: sentence a right; b gets "army" (wrong span) and no target.
    # overall tp 2 fp 1 fn 2 -> P 2/3 R 1/2 F1 4/7; source tp 1 fp 1 fn 1 -> F1 1/2;
    # target tp 1 fp 0 fn 1 -> P 1 R 1/2 F1 2/3
    half = score_spans(SPANS, [[Span(0, 1, "S"), Span(2, 3, "T")], [Span(1, 2, "S")]])
    assert half.metrics["precision"] == pytest.approx(2 / 3)
    assert half.metrics["recall"] == pytest.approx(0.5)
    assert half.metrics["f1"] == pytest.approx(4 / 7)
    assert half.metrics["source_f1"] == pytest.approx(0.5)
    assert half.metrics["target_f1"] == pytest.approx(2 / 3)
    (error,) = half.errors
    assert (
        error.item == "b"
        and error.gold == "S: The army; T: rebels"
        and error.predicted == "S: army"
    )


def test_score_spans_checks_lengths() -> None:
    with pytest.raises(ValueError, match="2 gold items but 1"):
        score_spans(SPANS, [[]])


# --- plover-gsr --------------------------------------------------------------------------

PLOVER = [
    PloverSentence(
        "p1",
        "Ruritania attacked Borduria.",
        "ASSAULT",
        (GoldActor("Ruritania", "RUR", "MIL"),),
        (GoldActor("Borduria", "BOR", None),),
    ),
    PloverSentence(
        "p2", "Borduria asked for talks.", "REQUEST", (GoldActor("Borduria", "BOR", "GOV"),), ()
    ),
]


def test_score_plover_perfect_empty_half() -> None:
    perfect = score_plover(
        PLOVER,
        [
            [PredictedEvent("RURMIL", "BORGOV", plover_type="ASSAULT")],
            [PredictedEvent("BORGOV", None, plover_type="DEMAND")],  # old name is mapped
        ],
    )
    assert perfect.metrics["event_type_accuracy"] == 1.0
    assert perfect.metrics["correct"] == 1.0
    assert perfect.metrics["source_actor"] == perfect.metrics["target_actor"] == 1.0
    assert perfect.metrics["extra_event_rate"] == 0.0
    empty = score_plover(PLOVER, [[], []])
    assert (empty.metrics["event_type_accuracy"], empty.metrics["correct"]) == (0.0, 0.0)
    assert empty.metrics["source_country"] == 0.0 and empty.metrics["extra_event_rate"] == 0.0
    # half: p1 right type, source country right but sector wrong (GOV for MIL), plus one
    # extra event; p2 wrong type, source BORGOV right. type accuracy 1/2; source country
    # 2/2, source actor 1/2; target coded only in p1 (BOR, any sector) -> 1/1; correct:
    # p1 fails on the sector, p2 on the type -> 0; extra events 1 / 2 gold = 0.5
    half = score_plover(
        PLOVER,
        [
            [
                PredictedEvent("RURGOV", "BOR", plover_type="ASSAULT"),
                PredictedEvent("RUR", "BOR", plover_type="THREATEN"),
            ],
            [PredictedEvent("BORGOV", None, plover_type="CONSULT")],
        ],
    )
    assert half.metrics["event_type_accuracy"] == 0.5
    assert half.metrics["source_country"] == 1.0
    assert half.metrics["source_actor"] == 0.5
    assert half.metrics["target_country"] == half.metrics["target_actor"] == 1.0
    assert half.metrics["correct"] == 0.0
    assert half.metrics["extra_event_rate"] == 0.5
    assert half.breakdown["REQUEST"]["event_type_accuracy"] == 0.0


# --- petrarch-gsr ------------------------------------------------------------------------

PETRARCH = [
    PetrarchSentence(
        "q1", "Ruritania accused Borduria.", None, "GOLD", (GoldCoding("112", "RUR", "BOR"),)
    ),
    PetrarchSentence(
        "q2",
        "Troops fired on rebels.",
        None,
        "AFP",
        (GoldCoding("190", "RURMIL", "RURREB"), GoldCoding("190", "RURREB", "RURMIL")),
    ),
    PetrarchSentence("q3", "Nothing happened.", None, "AFP", ()),
]


def _e(code: str, source: str, target: str) -> PredictedEvent:
    return PredictedEvent(source, target, cameo_code=code)


def test_score_petrarch_perfect_empty_half() -> None:
    perfect = score_petrarch(
        PETRARCH,
        [
            [_e("112", "RUR", "BOR")],
            [_e("190", "RURREB", "RURMIL"), _e("190", "RURMIL", "RURREB")],
            [],
        ],
    )
    assert perfect.metrics["code_exact"] == perfect.metrics["event_f1"] == 1.0
    assert perfect.metrics["noevent_accuracy"] == 1.0 and perfect.metrics["extra_event_rate"] == 0.0
    empty = score_petrarch(PETRARCH, [[], [], []])
    assert empty.metrics["code_exact"] == 0.0 and empty.metrics["event_precision"] is None
    assert empty.metrics["event_recall"] == 0.0 and empty.metrics["noevent_accuracy"] == 1.0
    # half: q1 right code, wrong target; q2 one of two right; q3 gets a spurious event.
    # codings 3: code exact 2 (q1, q2a), root 2, source 2, target 1 (q2a);
    # full events tp 1 (q2a), fp 2 (q1, q3), fn 2 (q1, q2b) -> P 1/3 R 1/3 F1 1/3;
    # noevent 0/1; extra events: q3 has 1 beyond 0 gold -> 1/3
    half = score_petrarch(
        PETRARCH,
        [[_e("112", "RUR", "USA")], [_e("190", "RURMIL", "RURREB")], [_e("010", "RUR", "BOR")]],
    )
    assert half.metrics["code_exact"] == pytest.approx(2 / 3)
    assert half.metrics["root_accuracy"] == pytest.approx(2 / 3)
    assert half.metrics["source_agreement"] == pytest.approx(2 / 3)
    assert half.metrics["target_agreement"] == pytest.approx(1 / 3)
    assert half.metrics["event_f1"] == pytest.approx(1 / 3)
    assert half.metrics["noevent_accuracy"] == 0.0
    assert half.metrics["extra_event_rate"] == pytest.approx(1 / 3)
    assert half.breakdown["AFP"] == {"code_exact": 0.5, "n": 2.0}


# --- geoparse ----------------------------------------------------------------------------

GEO_TEXT = "Storms hit Lakeside and Rivertown near the Ridge Mountains."
GEO = [
    GeoDocument(
        "g1",
        GEO_TEXT,
        (
            GoldToponym(11, 19, "Lakeside", 1, 10.0, 20.0),
            GoldToponym(24, 33, "Rivertown", 2, 30.0, 40.0),
            GoldToponym(43, 58, "Ridge Mountains", None, 50.0, 60.0),
            GoldToponym(0, 6, "Storms", 4, None, None),  # an id but no coordinates
        ),
    )
]


def _place(
    start: int, end: int, geonameid: int | None, lat: float | None, lon: float | None
) -> PredictedPlace:
    return PredictedPlace(start, end, GEO_TEXT[start:end], geonameid, lat, lon)


def test_score_geo_perfect_empty_half() -> None:
    perfect = score_geo(
        GEO,
        [
            [
                _place(11, 19, 1, 10.0, 20.0),
                _place(24, 33, 2, 30.0, 40.0),
                _place(43, 58, None, 50.0, 60.0),
                _place(0, 6, 4, None, None),
            ]
        ],
    )
    assert perfect.metrics["f1"] == perfect.metrics["overlap_f1"] == 1.0
    assert perfect.metrics["geonameid_exact"] == perfect.metrics["acc161"] == 1.0
    assert perfect.metrics["median_error_km"] == 0.0
    empty = score_geo(GEO, [[]])
    assert empty.metrics["precision"] is None and empty.metrics["recall"] == 0.0
    assert empty.metrics["geonameid_exact"] is None and empty.metrics["acc161"] is None
    # half: Lakeside exact and right; Rivertown exact, wrong id, no coordinates;
    # "the Ridge Mountains" overlaps only; "Storms" missed; "near" spurious.
    # strict: tp 2, fp 2, fn 2 -> P R F1 1/2; overlap: tp 3, fp 1, fn 1 -> 3/4;
    # ids over Lakeside + Rivertown: 1/2; coordinates: 0 km and MAX -> acc161 1/2,
    # median = MAX / 2
    half = score_geo(
        GEO,
        [
            [
                _place(11, 19, 1, 10.0, 20.0),
                _place(24, 33, 99, None, None),
                _place(39, 58, None, 50.0, 60.0),
                _place(34, 38, 5, 0.0, 0.0),
            ]
        ],
    )
    assert half.metrics["precision"] == half.metrics["recall"] == half.metrics["f1"] == 0.5
    assert half.metrics["overlap_precision"] == half.metrics["overlap_f1"] == 0.75
    assert half.metrics["geonameid_exact"] == 0.5
    assert half.metrics["acc161"] == 0.5
    assert half.metrics["median_error_km"] == pytest.approx(MAX_ERROR_KM / 2)
    assert "Rivertown" in half.worst_errors(1)[0].gold  # the farthest resolution error


# --- timex -------------------------------------------------------------------------------

TIMEX_TEXT = "On Monday the board met, three hours after Jan. 5 talks; it votes in 1999."
TIMEX = [
    TimexDocument(
        "t1",
        TIMEX_TEXT,
        date(1998, 1, 8),
        (
            GoldTimex(3, 9, "Monday", "DATE", "1998-01-05"),
            GoldTimex(25, 36, "three hours", "DURATION", "PT3H"),
            GoldTimex(43, 49, "Jan. 5", "DATE", "1998-01-05"),
            GoldTimex(69, 73, "1999", "DATE", "1999"),
        ),
    )
]


def test_score_timex_perfect_empty_half() -> None:
    perfect = score_timex(
        TIMEX,
        [
            [
                PredictedDate(3, 9, "1998-01-05"),
                PredictedDate(43, 49, "1998-01-05"),
                PredictedDate(69, 73, "1999"),
            ]
        ],
    )
    assert perfect.metrics["strict_f1"] == perfect.metrics["relaxed_f1"] == 1.0
    assert perfect.metrics["value_accuracy"] == 1.0
    empty = score_timex(TIMEX, [[]])
    assert empty.metrics["strict_precision"] is None and empty.metrics["strict_recall"] == 0.0
    assert empty.metrics["value_accuracy"] is None
    # half: "Jan. 5 talks" overlaps Jan. 5 (relaxed only) with the right value; "1999"
    # exact with a wrong value; "three" overlaps only the DURATION -> left out; Monday missed.
    # strict tp 1 fp 1 fn 2 -> P 1/2 R 1/3 F1 0.4; relaxed tp 2 fp 0 fn 1 -> P 1 R 2/3 F1 0.8;
    # value accuracy 1/2
    half = score_timex(
        TIMEX,
        [
            [
                PredictedDate(43, 55, "1998-01-05"),
                PredictedDate(69, 73, "1999-01"),
                PredictedDate(25, 30, "PT3H"),
            ]
        ],
    )
    assert half.metrics["strict_precision"] == 0.5
    assert half.metrics["strict_recall"] == pytest.approx(1 / 3)
    assert half.metrics["strict_f1"] == pytest.approx(0.4)
    assert half.metrics["relaxed_precision"] == 1.0
    assert half.metrics["relaxed_f1"] == pytest.approx(0.8)
    assert half.metrics["value_accuracy"] == 0.5
    assert half.breakdown["year"] == {"n": 1.0, "relaxed_recall": 1.0, "value_accuracy": 0.0}


# --- stories -----------------------------------------------------------------------------

STORIES = [
    StoryDocument(name, "text", cluster, "1")
    for name, cluster in [("a", "1_ecb"), ("b", "1_ecb"), ("c", "1_ecbplus"), ("d", "1_ecbplus")]
]


def test_score_clusters_perfect_empty_half() -> None:
    perfect = score_clusters(STORIES, [7, 7, 9, 9])
    assert perfect.metrics["bcubed_f1"] == 1.0 and perfect.errors == ()
    # singletons ("no clustering"): P 1, R 1/2 -> F1 2/3
    singletons = score_clusters(STORIES, [1, 2, 3, 4])
    assert singletons.metrics["bcubed_precision"] == 1.0
    assert singletons.metrics["bcubed_recall"] == 0.5
    assert singletons.metrics["bcubed_f1"] == pytest.approx(2 / 3)
    # half: everything in one cluster: P 1/2, R 1 -> F1 2/3; both stories absorb the other
    merged = score_clusters(STORIES, [1, 1, 1, 1])
    assert merged.metrics["bcubed_precision"] == 0.5 and merged.metrics["bcubed_recall"] == 1.0
    assert len(merged.errors) == 2
    assert merged.breakdown["topic 1"]["bcubed_f1"] == pytest.approx(2 / 3)


PAIRS = [StoryPair(str(i), "x", "y", overall) for i, overall in enumerate([1.0, 2.0, 3.0, 4.0])]


def test_score_similarity_direction_and_known_r() -> None:
    # gold similarity (4 - Overall) / 3 = 1, 2/3, 1/3, 0: a similarity that falls with the
    # rating is a perfect positive correlation
    assert score_similarity(PAIRS, [0.9, 0.6, 0.3, 0.0]).metrics["pearson"] == pytest.approx(1.0)
    assert score_similarity(PAIRS, [0.0, 0.3, 0.6, 0.9]).metrics["pearson"] == pytest.approx(-1.0)
    assert score_similarity(PAIRS, [0.5] * 4).metrics["pearson"] is None  # constant: undefined
    # gold 3,2,1,0 (scaled) against 4,2,3,1: r = 0.8 (as in test_metrics)
    assert score_similarity(PAIRS, [4, 2, 3, 1]).metrics["pearson"] == pytest.approx(0.8)


# --- events ------------------------------------------------------------------------------

STRIKE = GoldEvent(
    "RURMIL",
    "RURREB",
    "19",
    code="195",
    date="2015-09-30",
    place="Oldtown",
    alternatives=(GoldEvent("RURMIL", "RURINS", "19"),),
)
TALKS = GoldEvent("BORGOV", "RURGOV", "04", code="040", date=None, place=None)
ARTICLES = [ArticleGold("a.txt", "Jets struck Oldtown; envoys met.", None, (STRIKE, TALKS))]


def test_score_events_perfect_empty_half() -> None:
    perfect = score_events(
        ARTICLES,
        [
            [
                PredictedEvent("RURMIL", "RURREB", "195", date="2015-09-30", place="oldtown "),
                PredictedEvent("BORGOV", "RURGOV", "040"),
            ]
        ],
    )
    assert perfect.metrics["f1"] == 1.0
    assert all(
        perfect.metrics[f] == 1.0
        for f in ("source_exact", "target_exact", "code_exact", "date_agreement", "place_agreement")
    )
    empty = score_events(ARTICLES, [[]])
    assert (empty.metrics["precision"], empty.metrics["recall"], empty.metrics["f1"]) == (
        None,
        0.0,
        0.0,
    )
    assert empty.metrics["source_exact"] is None
    # half: the strike matched through country prefixes only (RUR / RUR), wrong code and
    # date; the talks missed (wrong root); one spurious event.
    # tp 1 fp 2 fn 1 -> P 1/3 R 1/2 F1 0.4; on the pair: source RURGOV != RURMIL -> 0,
    # target RUR != RURREB -> 0, code 190 != 195 -> 0, date 0, place 1
    half = score_events(
        ARTICLES,
        [
            [
                PredictedEvent("RURGOV", "RUR", "190", date="2015-10-01", place="Oldtown"),
                PredictedEvent("BORGOV", "RURGOV", "051"),
                PredictedEvent("USA", None, "010"),
            ]
        ],
    )
    assert half.metrics["precision"] == pytest.approx(1 / 3)
    assert half.metrics["recall"] == 0.5
    assert half.metrics["f1"] == pytest.approx(0.4)
    assert half.metrics["source_exact"] == 0.0 and half.metrics["target_exact"] == 0.0
    assert half.metrics["code_exact"] == 0.0 and half.metrics["date_agreement"] == 0.0
    assert half.metrics["place_agreement"] == 1.0
    assert half.breakdown["root 04"]["recall"] == 0.0


def test_score_events_alternative_reading_matches() -> None:
    # RURINS differs from the main target in its role only, so the main reading matches on
    # the country prefix already; the alternative wins because it agrees exactly
    result = score_events(
        ARTICLES,
        [[PredictedEvent("RURMIL", "RURINS", "19"), PredictedEvent("BORGOV", "RURGOV", "040")]],
    )
    assert result.metrics["f1"] == 1.0
    assert result.metrics["target_exact"] == 1.0


@pytest.mark.parametrize(
    ("gold_target", "predicted_target", "matches"),
    [
        ("SYRREB", "SYRGOV", True),
        ("SYRREB", "TURGOV", False),
        (None, None, True),
        (None, "SYR", False),
        ("SYR", None, False),
    ],
)
def test_score_events_target_agreement_rule(
    gold_target: str | None, predicted_target: str | None, matches: bool
) -> None:
    gold = [ArticleGold("a", None, None, (GoldEvent("RUS", gold_target, "19"),))]
    result = score_events(gold, [[PredictedEvent("RUSMIL", predicted_target, "190")]])
    assert (result.metrics["recall"] == 1.0) is matches
