"""The one normalisation shared by actor tables and phrases."""

from __future__ import annotations

import pytest

from eventwire.resolve._text import plural, tokenize


def keys(text: str) -> list[str]:
    return [token.key for token in tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia's air force", ["russia", "'s", "air", "force"]),
        ("Russia’s air force", ["russia", "'s", "air", "force"]),
        ("the U.S. State Department", ["us", "state", "department"]),
        ("the Defence Ministry", ["defense", "ministry"]),
        ("al-Qa'ida", ["al", "qa'ida"]),
        ("Türkiye", ["turkiye"]),
        ("Erdoğan", ["erdogan"]),
        ("Brig.-Gen. Ahmed", ["brig", "gen", "ahmed"]),
        ("Islamic State (IS)", ["islamic", "state", "(", "is", ")"]),
        ("Syrians' homes", ["syrians", "'", "homes"]),
        (
            "al-Qaida's affiliate, the Nusra Front",
            ["al", "qaida", "'s", "affiliate", ",", "nusra", "front"],
        ),
        ("An army", ["army"]),
    ],
)
def test_text_tokenize_normalises_keys(text: str, expected: list[str]) -> None:
    assert keys(text) == expected


def test_text_tokens_keep_surface_form_and_hyphens() -> None:
    tokens = tokenize("U.S.-led al-Zoubi")
    assert [(t.raw, t.joined) for t in tokens] == [
        ("US", False),
        ("led", True),
        ("al", False),
        ("Zoubi", True),
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("army", "armies"),
        ("warplane", "warplanes"),
        ("spokesman", "spokesmen"),
        ("church", "churches"),
        ("forces", "forces"),
        ("MP", "MPs"),
        ("day", "days"),
    ],
)
def test_text_plural_is_regular_english(word: str, expected: str) -> None:
    assert plural(word) == expected
