"""Gold-set loaders: one module per family of formats, each ``load_*(path) -> list[record]``.

    cameo.py    ConfliBERT penta TSV, ConfliBERT actor-span CoNLL
    gsr.py      PLOVER GSR JSON, PETRARCH-2 GSR JSONL
    geo.py      LGL / TR-News, GeoWebNews, GeoVirus XML
    timex.py    TimeML (.tml files or a folder of them)
    stories.py  ECB+ documents JSONL, SemEval-2022 task 8 pairs JSONL
    events.py   eventwire's own article-level events JSONL

Loaders raise :class:`~eventwire.errors.EvaluationError` naming file and line when the
input is not in the expected format; they never print.
"""

from eventwire.evaluate.loaders.cameo import load_penta, load_spans
from eventwire.evaluate.loaders.events import load_events
from eventwire.evaluate.loaders.geo import load_geo
from eventwire.evaluate.loaders.gsr import load_petrarch, load_plover
from eventwire.evaluate.loaders.stories import load_ecbplus, load_story_pairs
from eventwire.evaluate.loaders.timex import load_timex

__all__ = [
    "load_ecbplus",
    "load_events",
    "load_geo",
    "load_penta",
    "load_petrarch",
    "load_plover",
    "load_spans",
    "load_story_pairs",
    "load_timex",
]
