"""Language detection: a stop-word vote over the first characters, with a script fallback."""

from __future__ import annotations

import pytest

from eventwire.clean import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Russian jets struck rebel positions in Hama on Tuesday, and the ministry said that "
            "it was a success.",
            "en",
        ),
        (
            "Les avions russes ont frappé des positions rebelles dans la province de Hama, "
            "selon le ministère de la défense.",
            "fr",
        ),
        (
            "Die russische Luftwaffe hat am Dienstag Stellungen der Rebellen in der Provinz Hama "
            "angegriffen, teilte das Ministerium mit.",
            "de",
        ),
        (
            "Los aviones rusos atacaron posiciones de los rebeldes en la provincia de Hama, según "
            "el ministerio de defensa.",
            "es",
        ),
        (
            "Российские самолеты нанесли удары по позициям боевиков в провинции Хама, и это не "
            "все, сообщили в министерстве.",
            "ru",
        ),
        ("شنت الطائرات الروسية غارات على مواقع المتمردين في محافظة حماة", "ar"),
        ("俄罗斯战机周二空袭了叙利亚哈马省的反对派阵地", "zh"),
        ("ロシアの戦闘機がシリアのハマ県を空爆したと国防省が発表した", "ja"),
    ],
    ids=["en", "fr", "de", "es", "ru", "ar", "zh", "ja"],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    ["", "12345 67890", "Hama Homs Idlib Raqqa Aleppo Latakia"],
    ids=["empty", "digits", "names"],
)
def test_detect_language_unsure_is_none(text: str) -> None:
    assert detect_language(text) is None
