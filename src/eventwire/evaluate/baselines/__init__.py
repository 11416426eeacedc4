"""Baseline predictors: the simplest honest answer for each task, one per predictor protocol.

trivial.py     MostFrequentClass, NoSpans, NoEvents
gazetteer.py   GazetteerGeoparser (capitalised words in a gazetteer, most populous)
dates.py       RegexDateTagger (explicit dates, resolved against the document date)
tfidf.py       TfidfStories (TF-IDF cosine similarity, average-link clusters)
"""

from eventwire.evaluate.baselines.dates import RegexDateTagger
from eventwire.evaluate.baselines.gazetteer import GazetteerGeoparser
from eventwire.evaluate.baselines.tfidf import TfidfStories
from eventwire.evaluate.baselines.trivial import MostFrequentClass, NoEvents, NoSpans

__all__ = [
    "GazetteerGeoparser",
    "MostFrequentClass",
    "NoEvents",
    "NoSpans",
    "RegexDateTagger",
    "TfidfStories",
]
