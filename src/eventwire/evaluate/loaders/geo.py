"""Geoparsing gold sets: LGL, TR-News, GeoWebNews, GeoVirus -> :class:`GeoDocument`.

Three XML formats, told apart by their elements (:func:`load_geo` sniffs):

- LGL and TR-News: ``<article docid>`` with ``<text>`` and ``<toponym>`` elements holding
  ``start``, ``end``, ``phrase`` and a ``<gaztag geonameid>`` with ``lat``/``lon`` (toponyms
  without a gaztag are recognised but unresolved).
- GeoWebNews: ``<article file>``; ``<toponym>`` has ``extractedName``, ``type``, ``start``,
  ``end`` and, when geocodable, ``geonamesID`` and ``latitude``/``longitude``. Only the
  toponym types in :data:`GWN_TOPONYM_TYPES` count; the rest are common-noun location
  expressions ("lot"), demonyms, languages or non-toponyms (see the data's README).
- GeoVirus: ``<article>`` with ``<source>``, ``<text>`` and ``<location>`` elements holding
  ``name``, ``start``, ``end``, ``lat``, ``lon`` and a Wikipedia ``page`` (no GeoNames id).

Offsets are not always exact: GeoVirus counts from 1, TR-News drifts by a few characters
after some line breaks, one GeoWebNews toponym sits in the title (negative offsets). So an
annotation whose span does not spell its name is moved to the nearest place within
:data:`MAX_SHIFT` characters that does, and dropped (with a note) when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from eventwire.errors import EvaluationError

__all__ = ["GWN_TOPONYM_TYPES", "MAX_SHIFT", "GeoDocument", "GoldToponym", "load_geo"]

# GeoWebNews types that denote a place name (the ones the corpus geocodes; Gritta et al.
# 2019, table 1). Literal_Expression / Non_Lit_Expression are common nouns ("lot").
GWN_TOPONYM_TYPES = frozenset(
    {
        "Literal",
        "Metonymic",
        "Mixed",
        "Literal_Modifier",
        "Non_Literal_Modifier",
        "Embedded_Literal",
        "Embedded_Non_Lit",
        "Coercion",
    }
)
# Largest offset correction tried. The dev halves need at most 10 (TR-News); 50 leaves room
# without reaching a different mention of the same name further away.
MAX_SHIFT = 50


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class GeoDocument:
    """An article, its toponyms, and the annotations dropped while loading (with why)."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    dropped: tuple[str, ...] = ()


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text and text.strip() else None
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text and text.strip() else None
    except ValueError:
        return None


def _align(text: str, start: int, end: int, name: str) -> tuple[int, int] | None:
    """The span nearest to ``start`` that spells ``name``, or None within MAX_SHIFT."""
    if text[start:end] == name and start >= 0:
        return start, end
    for shift in sorted(range(-MAX_SHIFT, MAX_SHIFT + 1), key=abs):
        s = start + shift
        if s >= 0 and text[s : s + len(name)] == name:
            return s, s + len(name)
    return None


def _finish(doc_id: str, text: str, raw: list[GoldToponym]) -> GeoDocument:
    kept, dropped = [], []
    for top in raw:
        span = _align(text, top.start, top.end, top.name)
        if span is None:
            dropped.append(f"{doc_id}: {top.name!r} at {top.start}-{top.end} not in the text")
            continue
        kept.append(GoldToponym(span[0], span[1], top.name, top.geonameid, top.lat, top.lon))
    kept.sort(key=lambda t: (t.start, t.end))
    return GeoDocument(doc_id, text, tuple(kept), tuple(dropped))


def _lgl_article(article: etree._Element, index: int) -> GeoDocument:
    doc_id = article.get("docid") or str(index)
    text = article.findtext("text") or ""
    raw = []
    for top in article.iter("toponym"):
        gaz = top.find("gaztag")
        geonameid = _int(gaz.get("geonameid")) if gaz is not None else None
        lat = _float(gaz.findtext("lat")) if gaz is not None else None
        lon = _float(gaz.findtext("lon")) if gaz is not None else None
        raw.append(
            GoldToponym(
                _int(top.findtext("start")) or 0,
                _int(top.findtext("end")) or 0,
                top.findtext("phrase") or "",
                geonameid,
                lat,
                lon,
            )
        )
    return _finish(doc_id, text, raw)


def _gwn_article(article: etree._Element, index: int) -> GeoDocument:
    doc_id = article.get("file") or str(index)
    text = article.findtext("text") or ""
    raw = [
        GoldToponym(
            _int(top.findtext("start")) or 0,
            _int(top.findtext("end")) or 0,
            top.findtext("extractedName") or "",
            _int(top.findtext("geonamesID")),
            _float(top.findtext("latitude")),
            _float(top.findtext("longitude")),
        )
        for top in article.iter("toponym")
        if (top.findtext("type") or "").strip() in GWN_TOPONYM_TYPES
    ]
    return _finish(doc_id, text, raw)


def _geovirus_article(article: etree._Element, index: int) -> GeoDocument:
    doc_id = (article.findtext("source") or "").strip() or str(index)
    text = article.findtext("text") or ""
    raw = [
        GoldToponym(
            _int(loc.findtext("start")) or 0,
            _int(loc.findtext("end")) or 0,
            loc.findtext("name") or "",
            None,
            _float(loc.findtext("lat")),
            _float(loc.findtext("lon")),
        )
        for loc in article.iter("location")
    ]
    return _finish(doc_id, text, raw)


def load_geo(path: Path) -> list[GeoDocument]:
    """Articles and toponyms from any of the four geoparsing XML formats."""
    try:
        root = etree.parse(str(path), etree.XMLParser(huge_tree=True)).getroot()
    except etree.XMLSyntaxError as exc:
        raise EvaluationError(f"{path}: not well-formed XML ({exc})") from exc
    articles = list(root.iter("article"))
    if not articles:
        raise EvaluationError(f"{path}: no <article> elements; not a geoparsing gold file")
    if root.find(".//locations") is not None:
        reader = _geovirus_article
    elif root.find(".//extractedName") is not None or articles[0].get("file") is not None:
        reader = _gwn_article
    elif root.find(".//phrase") is not None or articles[0].get("docid") is not None:
        reader = _lgl_article
    else:
        raise EvaluationError(
            f"{path}: cannot tell the format (LGL/TR-News, GeoWebNews or GeoVirus)"
        )
    return [reader(article, i) for i, article in enumerate(articles)]
