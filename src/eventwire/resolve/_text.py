"""One normalisation for the actor tables and for the phrases the resolver reads.

An alias in a table and a phrase in an article meet only if both were normalised the
same way, so both go through :func:`tokenize`:

1. accents are folded (``Türkiye`` -> ``Turkiye``, ``Élysée`` -> ``Elysee``) and
   typographic quotes and dashes become ASCII;
2. full stops are deleted, so ``U.S.`` is ``US`` and ``Brig. Gen.`` is ``Brig Gen``;
3. the text is cut into words, the possessive ``'s`` (and a bare ``'``), and the
   punctuation that separates appositions (``,`` ``;`` ``:`` brackets); hyphens only
   separate words, so ``al-Qaida`` and ``al Qaida`` read the same;
4. each word gets a lookup key: lower case, British spellings folded into American ones
   (``defence`` -> ``defense``); the articles *the*, *a* and *an* are dropped.

A token keeps its surface form (``raw``) because a few aliases must match case exactly
(``IS`` the group, not the verb; ``US`` the country, not the pronoun) and because names
the resolver has never seen are reported as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Token", "join_keys", "plural", "tokenize"]

# Words dropped from every key: "the Kremlin" and "Kremlin" are one alias.
_ARTICLES = frozenset({"the", "a", "an"})

# British -> American spellings that occur in actor phrases. Both sides of a match are
# folded, so the tables may use either spelling.
_SPELLING = {
    "defence": "defense",
    "defences": "defenses",
    "organisation": "organization",
    "organisations": "organizations",
    "programme": "program",
    "mobilisation": "mobilization",
    "labour": "labor",
}

_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark
        "\u2018": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "`": "'",
        "\u00b4": "'",
        "\u02bf": None,  # ayin and hamza of Arabic transliteration
        "\u02be": None,
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        ".": None,
        "\u0131": "i",  # Turkish dotless i, which NFKD leaves alone
    }
)

# A word (letters and digits, with inner apostrophes as in "Qa'ida" but not a possessive
# "'s"), a possessive, a bare apostrophe (plural possessive "Syrians'"), or apposition
# punctuation.
_TOKEN = re.compile(r"[^\W_]+(?:'(?![sS]\b)[^\W_]+)*|'[sS]\b|'|[,;:()\[\]&]")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a phrase: its lookup ``key``, its ``raw`` surface form, and whether a
    hyphen joined it to the word before (``joined``), which names keep when reported."""

    key: str
    raw: str
    joined: bool = False


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str) -> tuple[Token, ...]:
    """The tokens of ``text``, articles dropped (see the module docstring)."""
    if not text.isascii():
        text = _fold(text)
    text = text.translate(_TRANSLATE)
    tokens: list[Token] = []
    last_end = 0
    for match in _TOKEN.finditer(text):
        raw = match.group()
        joined = "-" in text[last_end : match.start()]
        last_end = match.end()
        key = raw.lower()
        if key in _ARTICLES:
            continue
        tokens.append(Token(_SPELLING.get(key, key), raw, joined))
    return tuple(tokens)


def join_keys(tokens: tuple[Token, ...] | list[Token]) -> str:
    """The lookup key of a token sequence: its keys joined by single spaces."""
    return " ".join(token.key for token in tokens)


def plural(word: str) -> str:
    """The regular English plural of ``word`` (``army`` -> ``armies``, ``spokesman`` ->
    ``spokesmen``); a word that already ends in ``s`` is returned unchanged."""
    lower = word.lower()
    if lower.endswith("s") or word.isupper():
        # Acronyms take a lower-case s ("MPs", "NGOs") whatever their case.
        return word if lower.endswith("s") else word + "s"
    if lower.endswith("man"):
        return word[:-2] + "en"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith(("ch", "sh", "x", "z")):
        return word + "es"
    return word + "s"
