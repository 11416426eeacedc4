"""Inter-annotator agreement (issue 14): triggers pair by overlap, one to one; the figures on
matched pairs, nulls, lone events, articles on one side only; reading corpora and drafts;
the ``eventwire corpus agree`` command.

Every sentence here is ours, written for these tests; each case's answer is worked by hand."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventwire.cli import cli
from eventwire.codebook import to_plover
from eventwire.errors import EvaluationError
from eventwire.evaluate.agreement import (
    agreement,
    cohen_kappa,
    describe,
    read_annotations,
)
from eventwire.evaluate.corpus import ActorSpan, Annotation, CorpusArticle
from eventwire.evaluate.drafts import DraftError

TEXT = (
    "Police in Mombasa detained four dock workers on Monday. "
    "The union said it would strike again. "
    "France and Ghana signed a trade pact in Accra."
)
PUBLISHED = "2019-03-05"


def _span(quote: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(quote, start + 1)
    return (start, start + len(quote))


def _actor(quote: str | None, code: str = "KENCOP") -> ActorSpan | None:
    return None if quote is None else ActorSpan(_span(quote), code)


def _event(
    trigger: str = "detained",
    *,
    cameo: str = "173",
    factuality: str = "asserted",
    source: str | None = "Police",
    source_code: str = "KENCOP",
    target: str | None = "dock workers",
    target_code: str = "KENLAB",
    date: str | None = "2019-03-04",
    precision: str = "day",
) -> Annotation:
    plover = to_plover(cameo)
    return Annotation(
        trigger=_span(trigger),
        cameo=cameo,
        plover=None if plover[0] is None else plover,
        factuality=factuality,
        source=_actor(source, source_code),
        target=_actor(target, target_code),
        date=date,
        date_precision=precision,
        place=None,
    )


def _article(*events: Annotation, id: str = "a-1", text: str = TEXT) -> CorpusArticle:
    return CorpusArticle(id, "wire", PUBLISHED, text, events)


STRIKE = _event("strike", cameo="143", factuality="intended", source="it", target=None)
SIGNED_FRANCE = _event("signed", cameo="057", source="France", source_code="FRA", target=None)
SIGNED_GHANA = _event("signed", cameo="057", source="Ghana", source_code="GHA", target=None)


# ---------------------------------------------------------------- Cohen's kappa


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        # p_o = 3/4; marginals a:2,b:2 and a:1,b:3 -> p_e = (2*1 + 2*3)/16 = 1/2 -> 0.5
        ([("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")], 0.5),
        # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15: p_o = 0.7, p_e = 0.5 -> 0.4
        # (the worked example of the Wikipedia article "Cohen's kappa")
        (
            [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15,
            0.4,
        ),
        ([("a", "b"), ("b", "a")], -1.0),  # p_o = 0, p_e = 1/2
        ([("a", "a"), ("b", "b")], 1.0),
        ([("a", "a"), ("a", "a")], None),  # one label throughout: p_e = 1, kappa is 0/0
        ([], None),
    ],
)
def test_cohen_kappa_matches_hand_computed_values(
    pairs: list[tuple[str, str]], expected: float | None
) -> None:
    assert cohen_kappa(pairs) == (None if expected is None else pytest.approx(expected))


# ---------------------------------------------------------------- triggers


def test_agreement_of_an_annotation_with_itself_is_perfect() -> None:
    article = _article(_event(), STRIKE)
    result = agreement([article], [article])
    assert (result.articles, result.events_first, result.events_second) == (1, 2, 2)
    assert result.triggers.f1 == result.exact_triggers.f1 == 1.0
    for tally in (result.root, result.code, result.plover, result.factuality, result.date):
        assert (tally.agreed, tally.compared) == (2, 2)
    assert result.root_kappa == result.factuality_kappa == 1.0
    assert result.source.f1 == result.target.f1 == 1.0
    assert result.disagreements == []


def test_agreement_overlapping_triggers_match_but_not_exactly() -> None:
    first = _article(_event("detained"))
    second = _article(replace(_event(), trigger=_span("detained four")))
    result = agreement([first], [second])
    assert (result.triggers.tp, result.triggers.fp, result.triggers.fn) == (1, 0, 0)
    assert (result.exact_triggers.tp, result.exact_triggers.fp, result.exact_triggers.fn) == (
        0,
        1,
        1,
    )
    assert result.exact_triggers.f1 == 0.0
    assert result.code.agreed == 1  # the matched pair is still compared
    [case] = result.disagreements
    assert case.fields == ("trigger",)


def test_agreement_extra_event_on_second_side_lowers_precision_only() -> None:
    first = _article(_event())
    second = _article(_event(), STRIKE)
    result = agreement([first], [second])
    assert (result.triggers.precision, result.triggers.recall) == (0.5, 1.0)
    assert result.triggers.f1 == pytest.approx(2 / 3)
    assert result.code.compared == 1  # only matched pairs are compared
    [case] = result.disagreements
    assert (case.fields, case.first, case.second) == (("only second",), None, STRIKE)
    assert case.sentence == "The union said it would strike again."


def test_agreement_no_events_on_one_side() -> None:
    result = agreement([_article(_event(), STRIKE)], [_article()])
    assert (result.events_first, result.events_second) == (2, 0)
    assert result.triggers.precision is None  # SECOND marked nothing
    assert (result.triggers.recall, result.triggers.f1) == (0.0, 0.0)
    assert result.root.share is None and result.root_kappa is None
    assert result.source.f1 is None
    assert [c.fields for c in result.disagreements] == [("only first",), ("only first",)]


def test_agreement_no_events_on_either_side_is_undefined_not_perfect() -> None:
    result = agreement([_article()], [_article()])
    assert result.articles == 1
    assert result.triggers.f1 is None and result.code.share is None


def test_agreement_triggers_pair_one_to_one_by_largest_overlap() -> None:
    # FIRST's "four dock workers" overlaps SECOND's "four" (4 chars) and "dock workers"
    # (12 chars): it pairs with "dock workers"; "four" is left over, a spurious trigger.
    first = _article(replace(_event(), trigger=_span("four dock workers")))
    four = replace(_event(), trigger=_span("four"))
    dock = replace(_event(), trigger=_span("dock workers"))
    result = agreement([first], [_article(four, dock)])
    assert (result.triggers.tp, result.triggers.fp, result.triggers.fn) == (1, 1, 0)
    assert [(c.fields, c.second) for c in result.disagreements] == [
        (("trigger",), dock),
        (("only second",), four),
    ]


def test_agreement_non_overlapping_triggers_do_not_match() -> None:
    first = _article(_event("detained"))
    second = _article(replace(_event(), trigger=_span("Monday")))
    result = agreement([first], [second])
    assert (result.triggers.tp, result.triggers.fp, result.triggers.fn) == (0, 1, 1)


def test_agreement_same_trigger_twice_pairs_by_actors_not_by_order() -> None:
    # Coordination (GUIDE.md §4.1): one trigger, one event per actor. The two annotators
    # list them in different orders; equal overlaps must not pair France with Ghana.
    result = agreement(
        [_article(SIGNED_FRANCE, SIGNED_GHANA)], [_article(SIGNED_GHANA, SIGNED_FRANCE)]
    )
    assert result.source.f1 == 1.0
    assert result.actor_code.share == 1.0
    assert result.disagreements == []


# ---------------------------------------------------------------- on matched triggers


@pytest.mark.parametrize(
    ("first", "second", "root", "code", "plover"),
    [
        ("042", "043", True, False, True),  # make / host a visit: both CONSULT
        ("173", "175", True, False, False),  # arrest (COERCE) / crowd control (ASSAULT)
        ("175", "190", False, False, True),  # both ASSAULT, different roots
        ("010", "013", True, False, True),  # 01x: no PLOVER event on either side agrees
        ("013", "042", False, False, False),  # no PLOVER event against CONSULT
        ("173", "173", True, True, True),
    ],
)
def test_agreement_cameo_root_code_and_plover_type(
    first: str, second: str, root: bool, code: bool, plover: bool
) -> None:
    result = agreement([_article(_event(cameo=first))], [_article(_event(cameo=second))])
    assert (result.root.agreed, result.code.agreed, result.plover.agreed) == (
        root,
        code,
        plover,
    )
    assert result.root.compared == result.code.compared == result.plover.compared == 1
    assert bool(result.disagreements) is not code


def test_agreement_factuality_share_and_kappa() -> None:
    # four matched pairs: asserted/asserted, asserted/negated, negated/negated (x2)
    # -> agreement 3/4; marginals asserted 2, negated 2 and asserted 1, negated 3 -> 0.5
    triggers = ("detained", "strike", "signed", "Monday")
    values = [
        ("asserted", "asserted"),
        ("asserted", "negated"),
        ("negated", "negated"),
        ("negated", "negated"),
    ]
    first = _article(*(_event(t, factuality=a) for t, (a, _) in zip(triggers, values, strict=True)))
    second = _article(
        *(_event(t, factuality=b) for t, (_, b) in zip(triggers, values, strict=True))
    )
    result = agreement([first], [second])
    assert (result.factuality.agreed, result.factuality.compared) == (3, 4)
    assert result.factuality_kappa == pytest.approx(0.5)
    assert result.root_kappa is None  # every pair is 17/17: kappa undefined, not 1


@pytest.mark.parametrize(
    ("first", "second", "counts", "both_null", "f1"),
    [
        (None, None, (1, 0, 0), 1, 1.0),  # both say "no source": agreement
        ("Police", "Police", (1, 0, 0), 0, 1.0),
        ("Police", None, (0, 0, 1), 0, 0.0),  # FIRST's span missed
        (None, "Police", (0, 1, 0), 0, 0.0),  # SECOND's span spurious
        ("Police", "Police in Mombasa", (0, 1, 1), 0, 0.0),  # exact spans only
    ],
)
def test_agreement_source_span_counts_with_nulls(
    first: str | None,
    second: str | None,
    counts: tuple[int, int, int],
    both_null: int,
    f1: float,
) -> None:
    result = agreement([_article(_event(source=first))], [_article(_event(source=second))])
    assert (result.source.tp, result.source.fp, result.source.fn) == counts
    assert result.source_both_null == both_null
    assert result.source.f1 == f1
    # with both-null pairs left out, a both-null pair leaves nothing to score
    assert result.source_spans_only.f1 == (None if both_null else f1)
    assert bool(result.disagreements) is (counts != (1, 0, 0))


def test_agreement_target_spans_over_several_pairs() -> None:
    # pair 1: same target; pair 2: null on both sides; pair 3: FIRST only.
    # tp = 2 (one a both-null), fp = 0, fn = 1 -> P 1, R 2/3, F1 0.8; spans alone:
    # tp 1, fn 1 -> F1 2/3.
    first = _article(_event(), _event("strike", target=None), _event("signed", target="Ghana"))
    second = _article(_event(), _event("strike", target=None), _event("signed", target=None))
    result = agreement([first], [second])
    assert (result.target.tp, result.target.fp, result.target.fn) == (2, 0, 1)
    assert result.target_both_null == 1
    assert result.target.f1 == pytest.approx(0.8)
    assert result.target_spans_only.f1 == pytest.approx(2 / 3)


def test_agreement_actor_codes_compared_where_both_sides_give_the_actor() -> None:
    # source: both given, codes differ (0/1); target: both given, codes agree (1/1);
    # second pair: source given by FIRST only, target null on both: not compared.
    first = _article(
        _event(source_code="KENCOP", target_code="KENLAB"),
        _event("strike", source="it", target=None),
    )
    second = _article(
        _event(source_code="KENGOV", target_code="KENLAB"),
        _event("strike", source=None, target=None),
    )
    result = agreement([first], [second])
    assert (result.actor_code.agreed, result.actor_code.compared) == (1, 2)
    assert result.source.tp == 1  # the differing codes do not touch span F1
    assert [c.fields for c in result.disagreements] == [("source",), ("source",)]


@pytest.mark.parametrize(
    ("second", "date", "precision"),
    [
        ({"date": "2019-03-04", "precision": "day"}, True, True),
        ({"date": "2019-03-05", "precision": "published"}, False, False),
        ({"date": "2019-03-04", "precision": "week"}, True, False),  # 4 March 2019: a Monday
        ({"date": None, "precision": "unknown"}, False, False),
    ],
)
def test_agreement_date_and_precision(second: dict[str, Any], date: bool, precision: bool) -> None:
    result = agreement([_article(_event())], [_article(_event(**second))])
    assert (result.date.agreed, result.date_precision.agreed) == (date, precision)


def test_agreement_null_dates_on_both_sides_agree() -> None:
    undated = _event(date=None, precision="unknown")
    result = agreement([_article(undated)], [_article(undated)])
    assert result.date.share == 1.0


# ---------------------------------------------------------------- articles


def test_agreement_compares_only_ids_on_both_sides() -> None:
    first = [_article(_event(), id="a-1"), _article(_event(), STRIKE, id="a-2")]
    second = [_article(_event(), id="a-1"), _article(STRIKE, id="a-3")]
    result = agreement(first, second)
    assert (result.articles, result.only_first, result.only_second) == (1, ("a-2",), ("a-3",))
    assert (result.events_first, result.events_second) == (1, 1)
    assert result.triggers.f1 == 1.0


def test_agreement_raises_when_no_id_is_shared() -> None:
    with pytest.raises(EvaluationError, match="no article id is in both"):
        agreement([_article(id="a-1")], [_article(id="a-2")])


def test_agreement_raises_when_an_article_text_differs() -> None:
    with pytest.raises(EvaluationError, match=r"different texts.*a-1"):
        agreement([_article()], [_article(text=TEXT + " More.")])


def test_disagreements_come_in_document_order_with_their_sentence() -> None:
    first = _article(_event(), _event("signed", cameo="057", target=None))
    second = _article(STRIKE, _event(factuality="negated"))
    result = agreement([first], [second])
    assert [(c.fields, c.sentence.split()[0]) for c in result.disagreements] == [
        (("factuality",), "Police"),
        (("only second",), "The"),
        (("only first",), "France"),
    ]
    shown = result.disagreements[0].to_json()
    assert shown["first"]["trigger"] == "detained"
    assert shown["second"]["factuality"] == "negated"
    assert shown["first"]["source"] == {
        "text": "Police",
        "span": list(_span("Police")),
        "code": "KENCOP",
        "antecedent": None,
    }


def test_describe_names_trigger_codes_actors_and_date() -> None:
    event = replace(STRIKE, source=ActorSpan(_span("it"), "KENLAB", _span("union")))
    line = describe(event, TEXT)
    assert line.startswith("'strike' ")
    assert "143 PROTEST/boycott intended" in line
    assert "source 'it' (= 'union') KENLAB; target null" in line
    assert "date 2019-03-04 (day)" in line
    assert " 057 SUPPORT asserted;" in describe(SIGNED_FRANCE, TEXT)  # PLOVER with no mode


# ---------------------------------------------------------------- reading and the command


def _record(*events: dict[str, Any], id: str = "a-1") -> dict[str, Any]:
    return {"id": id, "genre": "wire", "published": PUBLISHED, "text": TEXT, "events": events}


def _compiled(event: Annotation) -> dict[str, Any]:
    def actor(value: ActorSpan | None) -> dict[str, Any] | None:
        return None if value is None else {"span": list(value.span), "code": value.code}

    return {
        "trigger": list(event.trigger),
        "cameo": event.cameo,
        "plover": None
        if event.plover is None
        else {"event_type": event.plover[0], "mode": event.plover[1]},
        "factuality": event.factuality,
        "source": actor(event.source),
        "target": actor(event.target),
        "date": event.date,
        "date_precision": event.date_precision,
        "place": None,
    }


def _drafted(event: Annotation) -> dict[str, Any]:
    def actor(value: ActorSpan | None) -> dict[str, Any] | None:
        if value is None:
            return None
        return {"text": TEXT[value.span[0] : value.span[1]], "code": value.code}

    return _compiled(event) | {
        "trigger": TEXT[event.trigger[0] : event.trigger[1]],
        "source": actor(event.source),
        "target": actor(event.target),
    }


def _write(path: Path, *records: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_read_annotations_corpus_file_folder_and_draft_agree(tmp_path: Path) -> None:
    events = (_event(), SIGNED_FRANCE)
    corpus_file = _write(tmp_path / "corpus" / "b.jsonl", _record(*map(_compiled, events)))
    draft_file = _write(tmp_path / "drafts" / "b.jsonl", _record(*map(_drafted, events)))
    from_file = read_annotations(corpus_file)
    assert [a.events for a in from_file] == [events]
    assert [a.events for a in read_annotations(corpus_file.parent)] == [events]
    assert [a.events for a in read_annotations(draft_file)] == [events]


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([_record(_compiled(replace(_event(), cameo="999")))], "not a CAMEO 1.1b3 code"),
        ([_record(), _record()], "id 'a-1' also at"),
    ],
)
def test_read_annotations_rejects_defects(
    tmp_path: Path, records: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(EvaluationError, match=message):
        read_annotations(_write(tmp_path / "b.jsonl", *records))


def test_read_annotations_rejects_broken_json_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps(_record()) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"b.jsonl:2: not JSON"):
        read_annotations(path)


def test_read_annotations_draft_with_an_unresolvable_quote(tmp_path: Path) -> None:
    draft = _drafted(_event()) | {"trigger": "arrested"}
    with pytest.raises(DraftError, match="'arrested' not found"):
        read_annotations(_write(tmp_path / "d.jsonl", _record(draft)))


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    # FIRST: detained, strike. SECOND (a draft): detained with another factuality, signed.
    first = _write(tmp_path / "first.jsonl", _record(_compiled(_event()), _compiled(STRIKE)))
    second = _write(
        tmp_path / "second.jsonl",
        _record(_drafted(_event(factuality="negated")), _drafted(SIGNED_FRANCE)),
    )
    return first, second


def test_corpus_agree_command_prints_the_figures(tmp_path: Path) -> None:
    first, second = _pair(tmp_path)
    result = CliRunner().invoke(
        cli, ["corpus", "agree", str(first), str(second), "--disagreements", "2"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "articles compared: 1 (only in FIRST: 0, only in SECOND: 0)"
    assert lines[1] == "events: FIRST 2, SECOND 2"
    assert lines[2].startswith("triggers (overlap):  P 0.500 R 0.500 F1 0.500 (1 matched)")
    assert "  CAMEO root               1.000 (1/1), kappa -" in lines  # one label: undefined
    assert "  factuality               0.000 (0/1), kappa 0.000" in lines
    assert "disagreements: 3" in lines
    assert "- a-1 [factuality] Police in Mombasa detained four dock workers on Monday." in lines
    assert sum(line.startswith("- a-1") for line in lines) == 2  # the first N only


def test_corpus_agree_command_json(tmp_path: Path) -> None:
    first, second = _pair(tmp_path)
    result = CliRunner().invoke(
        cli, ["corpus", "agree", str(first), str(second), "--json", "--disagreements", "1"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["triggers"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "matched": 1}
    assert data["cameo_code"] == {"agreement": 1.0, "agreed": 1, "compared": 1}
    assert data["factuality"]["agreement"] == 0.0
    assert data["source"]["f1"] == 1.0
    assert data["disagreements"] == 3
    [case] = data["first_disagreements"]
    assert case["fields"] == ["factuality"]
    assert (case["first"]["factuality"], case["second"]["factuality"]) == ("asserted", "negated")


def test_corpus_agree_command_fails_cleanly(tmp_path: Path) -> None:
    first, _ = _pair(tmp_path)
    other = _write(tmp_path / "other.jsonl", _record(id="a-9"))
    result = CliRunner().invoke(cli, ["corpus", "agree", str(first), str(other)])
    assert result.exit_code == 1
    assert "no article id is in both annotations" in result.output
