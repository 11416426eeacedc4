"""Inter-annotator agreement on the training corpus (issue 14).

    FIRST  (corpus file/folder, or drafts) --read_annotations--+
                                                               +--agreement--> Agreement
    SECOND (corpus file/folder, or drafts) --read_annotations--+                 |
                                                          metrics, to_json, disagreements

Issue 14 asks for a second, blind annotation of a random 5% of the corpus and for the
agreement between the two. :func:`agreement` compares two annotations of the same
articles (matched by id; only ids on both sides count) and returns an :class:`Agreement`
with every figure ``training/README.md`` ("Agreement") defines:

- triggers are paired within an article when their spans overlap, one to one, greedily
  by the number of shared characters (ties: the pair whose source and target spans
  agree, then document order); precision counts SECOND against FIRST, recall FIRST
  against SECOND, so F1 is symmetric. Exact-span F1 pairs identical spans only;
- on the matched pairs: CAMEO root, full code, PLOVER type (null, CAMEO 01x, is a value),
  factuality (shares, and Cohen's kappa for root and factuality), source and target span
  F1 (null on both sides counts as a true positive; the F1 of spans alone is reported
  beside it), actor code agreement (where both sides give the actor), date and date
  precision agreement.

Every pair or lone trigger that differs in any compared field is a :class:`Disagreement`,
in document order, for adjudication. Library code raises
:class:`~eventwire.errors.EvaluationError`; only the CLI prints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import EvaluationError
from eventwire.evaluate.corpus import (
    ActorSpan,
    Annotation,
    CorpusArticle,
    Defect,
    Span,
    annotation_of,
    article_problems,
    corpus_files,
    json_lines,
    sentence_spans,
)
from eventwire.evaluate.drafts import compile_drafts
from eventwire.evaluate.matching import greedy_pairs
from eventwire.evaluate.metrics import PRF, ratio

__all__ = [
    "Agreement",
    "Disagreement",
    "Tally",
    "agreement",
    "cohen_kappa",
    "describe",
    "read_annotations",
]

# The fields a matched pair is compared on, in the order a disagreement lists them.
FIELDS = ("trigger", "cameo", "factuality", "source", "target", "date", "date_precision")


# ---------------------------------------------------------------- reading


def _is_draft(records: Iterable[Any]) -> bool:
    """A draft quotes its triggers (strings); a compiled corpus gives offsets (lists)."""
    return any(
        isinstance(event, dict) and isinstance(event.get("trigger"), str)
        for record in records
        if isinstance(record, dict) and isinstance(record.get("events"), list)
        for event in record["events"]
    )


def _file_records(path: Path) -> list[tuple[int, Any]]:
    """(line, record) of every non-blank line; a draft file is compiled in memory."""
    defects: list[Defect] = []
    numbered = list(json_lines(path, defects))
    if defects:
        raise EvaluationError("\n".join(str(d) for d in defects[:10]))
    if _is_draft(record for _, record in numbered):
        # compile_drafts keeps every non-blank line, in order: line numbers still align
        compiled = compile_drafts(path)
        numbered = [(n, r) for (n, _), r in zip(numbered, compiled, strict=True)]
    return numbered


def read_annotations(path: Path) -> tuple[CorpusArticle, ...]:
    """One annotation of a set of articles, as typed records.

    ``path`` is a compiled corpus file, a folder of them, or a draft file (or a folder
    holding drafts): a file whose events quote their triggers is compiled in memory by
    :func:`~eventwire.evaluate.drafts.compile_drafts` (which raises ``DraftError`` for a
    quote that does not resolve). Every record is then checked as ``eventwire corpus
    check`` checks it; any defect, or an id given twice, raises EvaluationError.
    """
    if not path.exists():
        raise EvaluationError(f"{path}: no such file or folder")
    paths = corpus_files(path) if path.is_dir() else [path]
    defects: list[Defect] = []
    seen: dict[str, str] = {}
    articles: list[CorpusArticle] = []
    for file in paths:
        for number, record in _file_records(file):
            problems = article_problems(record)
            defects += [Defect(str(file), number, reason, event) for event, reason in problems]
            if problems:
                continue
            if record["id"] in seen:
                defects.append(
                    Defect(str(file), number, f"id {record['id']!r} also at {seen[record['id']]}")
                )
                continue
            seen[record["id"]] = f"{file}:{number}"
            articles.append(
                CorpusArticle(
                    record["id"],
                    record["genre"],
                    record["published"],
                    record["text"],
                    tuple(annotation_of(e) for e in record["events"]),
                    str(file),
                    number,
                )
            )
    if defects:
        shown = "\n".join(str(d) for d in defects[:10])
        raise EvaluationError(f"{len(defects)} defect(s) in {path}:\n{shown}")
    return tuple(articles)


# ---------------------------------------------------------------- figures


@dataclass(slots=True)
class Tally:
    """How many compared items agreed."""

    agreed: int = 0
    compared: int = 0

    @property
    def share(self) -> float | None:
        return ratio(self.agreed, self.compared)

    def add(self, same: bool) -> None:
        self.agreed += same
        self.compared += 1

    def to_json(self) -> dict[str, Any]:
        return {"agreement": self.share, "agreed": self.agreed, "compared": self.compared}


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa of two annotators' labels for the same items: (p_o - p_e) / (1 - p_e),
    p_e from each annotator's own label distribution (Cohen 1960).

    ``None`` with no items, or when chance agreement is already 1 (both annotators used
    one and the same label throughout: kappa is 0/0 there)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def _span_prf(prf: PRF, first: ActorSpan | None, second: ActorSpan | None) -> bool:
    """Count one role of one matched pair; True when both sides leave it null.

    Null on both sides is a true positive (both say "no such actor"); a span on one side
    only is a miss (FIRST's) or a spurious span (SECOND's); two different spans are both."""
    if first is None and second is None:
        prf.tp += 1
        return True
    if first is not None and second is not None and first.span == second.span:
        prf.tp += 1
    else:
        prf.fn += first is not None
        prf.fp += second is not None
    return False


def _without_nulls(prf: PRF, both_null: int) -> PRF:
    return PRF(prf.tp - both_null, prf.fp, prf.fn)


@dataclass(frozen=True)
class Disagreement:
    """One trigger the two annotations do not agree on: found by one side only
    (``first`` or ``second`` is None), or matched and differing in ``fields``."""

    article_id: str
    sentence: str
    fields: tuple[str, ...]
    first: Annotation | None
    second: Annotation | None
    text: str = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "sentence": self.sentence,
            "fields": list(self.fields),
            "first": None if self.first is None else _annotation_json(self.first, self.text),
            "second": None if self.second is None else _annotation_json(self.second, self.text),
        }


@dataclass
class Agreement:
    """Agreement of SECOND with FIRST (FIRST is the reference for precision and recall).

    ``triggers`` counts overlap matches, ``exact_triggers`` identical spans; the tallies
    and kappas are over the overlap-matched pairs (``matched``). ``source`` and
    ``target`` count null on both sides as a true positive; ``*_both_null`` says how many
    such pairs there were, so that the F1 of spans alone can be given too."""

    articles: int = 0
    only_first: tuple[str, ...] = ()
    only_second: tuple[str, ...] = ()
    events_first: int = 0
    events_second: int = 0
    triggers: PRF = field(default_factory=PRF)
    exact_triggers: PRF = field(default_factory=PRF)
    root: Tally = field(default_factory=Tally)
    code: Tally = field(default_factory=Tally)
    plover: Tally = field(default_factory=Tally)
    factuality: Tally = field(default_factory=Tally)
    source: PRF = field(default_factory=PRF)
    target: PRF = field(default_factory=PRF)
    source_both_null: int = 0
    target_both_null: int = 0
    actor_code: Tally = field(default_factory=Tally)
    date: Tally = field(default_factory=Tally)
    date_precision: Tally = field(default_factory=Tally)
    root_pairs: list[tuple[str, str]] = field(default_factory=list)
    factuality_pairs: list[tuple[str, str]] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return self.triggers.tp

    @property
    def root_kappa(self) -> float | None:
        return cohen_kappa(self.root_pairs)

    @property
    def factuality_kappa(self) -> float | None:
        return cohen_kappa(self.factuality_pairs)

    @property
    def source_spans_only(self) -> PRF:
        """Source span counts with the both-null pairs left out."""
        return _without_nulls(self.source, self.source_both_null)

    @property
    def target_spans_only(self) -> PRF:
        return _without_nulls(self.target, self.target_both_null)

    def to_json(self, *, disagreements: int = 0) -> dict[str, Any]:
        def spans(prf: PRF, both_null: int, alone: PRF) -> dict[str, Any]:
            counts = {"tp": prf.tp, "fp": prf.fp, "fn": prf.fn, "both_null": both_null}
            return prf.to_dict() | counts | {"spans_only_f1": alone.f1}

        return {
            "articles": self.articles,
            "only_first": len(self.only_first),
            "only_second": len(self.only_second),
            "events_first": self.events_first,
            "events_second": self.events_second,
            "triggers": self.triggers.to_dict() | {"matched": self.matched},
            "exact_triggers": self.exact_triggers.to_dict() | {"matched": self.exact_triggers.tp},
            "cameo_root": self.root.to_json() | {"kappa": self.root_kappa},
            "cameo_code": self.code.to_json(),
            "plover_type": self.plover.to_json(),
            "factuality": self.factuality.to_json() | {"kappa": self.factuality_kappa},
            "source": spans(self.source, self.source_both_null, self.source_spans_only),
            "target": spans(self.target, self.target_both_null, self.target_spans_only),
            "actor_code": self.actor_code.to_json(),
            "date": self.date.to_json(),
            "date_precision": self.date_precision.to_json(),
            "disagreements": len(self.disagreements),
            "first_disagreements": [d.to_json() for d in self.disagreements[:disagreements]],
        }


# ---------------------------------------------------------------- comparing


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _same_span(a: ActorSpan | None, b: ActorSpan | None) -> bool:
    return (a is None) == (b is None) and (a is None or b is None or a.span == b.span)


def _trigger_score(
    first: Sequence[Annotation], second: Sequence[Annotation]
) -> Callable[[int, int], float | None]:
    def score(i: int, j: int) -> float | None:
        shared = _overlap(first[i].trigger, second[j].trigger)
        if not shared:
            return None
        # Ties in overlap (one trigger coded once per coordinated actor, GUIDE.md §4.1) go
        # to the pair whose actors agree; each agreeing role adds 1/3 < 1 character.
        a, b = first[i], second[j]
        return shared + (_same_span(a.source, b.source) + _same_span(a.target, b.target)) / 3

    return score


def _plover_type(event: Annotation) -> str | None:
    return None if event.plover is None else event.plover[0]


def _differing(a: Annotation, b: Annotation) -> tuple[str, ...]:
    def actor(x: ActorSpan | None, y: ActorSpan | None) -> bool:
        return _same_span(x, y) and (x is None or y is None or x.code == y.code)

    same = {
        "trigger": a.trigger == b.trigger,
        "cameo": a.cameo == b.cameo,
        "factuality": a.factuality == b.factuality,
        "source": actor(a.source, b.source),
        "target": actor(a.target, b.target),
        "date": a.date == b.date,
        "date_precision": a.date_precision == b.date_precision,
    }
    return tuple(name for name in FIELDS if not same[name])


def _compare_pair(result: Agreement, a: Annotation, b: Annotation) -> None:
    result.root.add(a.cameo[:2] == b.cameo[:2])
    result.root_pairs.append((a.cameo[:2], b.cameo[:2]))
    result.code.add(a.cameo == b.cameo)
    result.plover.add(_plover_type(a) == _plover_type(b))
    result.factuality.add(a.factuality == b.factuality)
    result.factuality_pairs.append((a.factuality, b.factuality))
    result.source_both_null += _span_prf(result.source, a.source, b.source)
    result.target_both_null += _span_prf(result.target, a.target, b.target)
    for x, y in ((a.source, b.source), (a.target, b.target)):
        if x is not None and y is not None:
            result.actor_code.add(x.code == y.code)
    result.date.add(a.date == b.date)
    result.date_precision.add(a.date_precision == b.date_precision)


def _sentence(text: str, start: int) -> str:
    for s, e in sentence_spans(text):
        if s <= start < e:
            return text[s:e]
    return text


def _compare_article(result: Agreement, first: CorpusArticle, second: CorpusArticle) -> None:
    a, b = first.events, second.events
    result.events_first += len(a)
    result.events_second += len(b)
    exact = greedy_pairs(len(a), len(b), lambda i, j: 1.0 if a[i].trigger == b[j].trigger else None)
    result.exact_triggers.tp += len(exact)
    result.exact_triggers.fn += len(a) - len(exact)
    result.exact_triggers.fp += len(b) - len(exact)
    pairs = greedy_pairs(len(a), len(b), _trigger_score(a, b))
    result.triggers.tp += len(pairs)
    result.triggers.fn += len(a) - len(pairs)
    result.triggers.fp += len(b) - len(pairs)
    found: list[tuple[int, Disagreement]] = []

    def disagree(fields: tuple[str, ...], x: Annotation | None, y: Annotation | None) -> None:
        start = min(e.trigger[0] for e in (x, y) if e is not None)
        case = Disagreement(first.id, _sentence(first.text, start), fields, x, y, first.text)
        found.append((start, case))

    for i, j in pairs:
        _compare_pair(result, a[i], b[j])
        fields = _differing(a[i], b[j])
        if fields:
            disagree(fields, a[i], b[j])
    for i in sorted(set(range(len(a))) - {i for i, _ in pairs}):
        disagree(("only first",), a[i], None)
    for j in sorted(set(range(len(b))) - {j for _, j in pairs}):
        disagree(("only second",), None, b[j])
    # document order within the article; a stable sort keeps pairs before lone triggers
    result.disagreements += [case for _, case in sorted(found, key=lambda item: item[0])]


def agreement(first: Sequence[CorpusArticle], second: Sequence[CorpusArticle]) -> Agreement:
    """Agreement of two annotations of the same articles, matched by id; articles on one
    side only are counted (``only_first``, ``only_second``) and otherwise left out.

    Raises EvaluationError when an article's text differs between the two sides (its
    offsets could not be compared) or when no id is on both sides."""
    by_id = {article.id: article for article in second}
    shared = [article for article in first if article.id in by_id]
    first_ids = {article.id for article in first}
    result = Agreement(
        articles=len(shared),
        only_first=tuple(a.id for a in first if a.id not in by_id),
        only_second=tuple(a.id for a in second if a.id not in first_ids),
    )
    if not shared:
        raise EvaluationError(
            f"no article id is in both annotations ({len(first)} and {len(second)} articles)"
        )
    changed = [a.id for a in shared if a.text != by_id[a.id].text]
    if changed:
        raise EvaluationError(
            f"{len(changed)} article(s) have different texts in the two annotations, so "
            f"their offsets cannot be compared: {', '.join(changed[:5])}"
        )
    for article in shared:
        _compare_article(result, article, by_id[article.id])
    return result


# ---------------------------------------------------------------- showing annotations


def _quote(text: str, span: Span) -> str:
    return text[span[0] : span[1]]


def _actor_json(actor: ActorSpan | None, text: str) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {
        "text": _quote(text, actor.span),
        "span": list(actor.span),
        "code": actor.code,
        "antecedent": None if actor.antecedent is None else _quote(text, actor.antecedent),
    }


def _annotation_json(event: Annotation, text: str) -> dict[str, Any]:
    return {
        "trigger": _quote(text, event.trigger),
        "span": list(event.trigger),
        "cameo": event.cameo,
        "plover": None if event.plover is None else "/".join(p for p in event.plover if p),
        "factuality": event.factuality,
        "source": _actor_json(event.source, text),
        "target": _actor_json(event.target, text),
        "date": event.date,
        "date_precision": event.date_precision,
    }


def describe(event: Annotation, text: str) -> str:
    """One line for a person adjudicating: trigger, codes, factuality, actors, date."""

    def actor(value: ActorSpan | None) -> str:
        if value is None:
            return "null"
        ante = f" (= {_quote(text, value.antecedent)!r})" if value.antecedent else ""
        return f"{_quote(text, value.span)!r}{ante} {value.code}"

    plover = "-" if event.plover is None else "/".join(p for p in event.plover if p)
    return (
        f"{_quote(text, event.trigger)!r} {list(event.trigger)} {event.cameo} {plover} "
        f"{event.factuality}; source {actor(event.source)}; target {actor(event.target)}; "
        f"date {event.date} ({event.date_precision})"
    )
