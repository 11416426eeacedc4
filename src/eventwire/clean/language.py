"""Which language an article is written in: a stop-word vote, with a script fallback.

Good enough to route articles (eventwire codes English only) and cheap: one pass over the
first 2,000 characters. Returns an ISO 639-1 code or ``None`` when unsure.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import cache
from importlib.resources import files

__all__ = ["detect_language"]

_TOKEN = re.compile(r"[^\W\d_]+")
# Unicode blocks of scripts that identify a language (or family) by themselves.
_SCRIPTS = (
    ("ar", re.compile(r"[\u0600-\u06FF]")),
    ("zh", re.compile(r"[\u4E00-\u9FFF]")),
    ("ja", re.compile(r"[\u3040-\u30FF]")),
    ("ko", re.compile(r"[\uAC00-\uD7AF]")),
    ("he", re.compile(r"[\u0590-\u05FF]")),
    ("el", re.compile(r"[\u0370-\u03FF]")),
)
# At least this share of tokens must be the winner's stop words (news English scores ~0.35).
_MIN_SHARE = 0.08


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    data = tomllib.loads((files("eventwire") / "data" / "stopwords.toml").read_text("utf-8"))
    return {lang: frozenset(words) for lang, words in data.items()}


def detect_language(text: str) -> str | None:
    sample = text[:2000]
    tokens = [t.lower() for t in _TOKEN.findall(sample)]
    if not tokens:
        return None
    for lang, script in _SCRIPTS:
        if len(script.findall(sample)) > 0.3 * len(sample.replace(" ", "")):
            return "ja" if lang == "zh" and _SCRIPTS[2][1].search(sample) else lang
    counts = Counter(tokens)
    scores = {lang: sum(counts[w] for w in words) for lang, words in _stopwords().items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] < _MIN_SHARE * len(tokens):
        return None
    return best
