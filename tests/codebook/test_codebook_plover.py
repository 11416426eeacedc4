"""Specification of the PLOVER half of eventwire.codebook.

Expected readings follow data/codebook/cameo_to_plover.tsv, whose header cites the
PLOVER sources and lists the choices made where they disagree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from eventwire.codebook import (
    PloverType,
    UnknownCodeError,
    cameo,
    cameo_codes,
    plover_types,
    to_plover,
)
from eventwire.codebook import plover as plover_module
from eventwire.codebook._tsv import Row, parse_table
from eventwire.errors import InputError

CURRENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

QUAD_HINTS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip

# (event type, modes it must offer)
SOME_MODES = [
    ("ASSAULT", {"beat", "firearms", "explosives", "aerial", "drone", "massacre", "heavy-weapons"}),
    ("COERCE", {"seize", "arrest", "curfew", "deport", "cyber"}),
    ("PROTEST", {"demo", "riot", "strike", "hunger", "boycott", "obstruct"}),
    ("CONSULT", {"visit", "third-party", "multilateral", "phone"}),
    ("REQUEST", {"assist", "change", "yield", "meet"}),
    ("ACCUSE", {"disapprove", "investigate", "allege"}),
    ("RETREAT", {"withdraw", "release", "ceasefire", "access"}),
    ("AGREE", set()),
]

# (CAMEO code, PLOVER event type, mode)
READINGS = [
    ("01", None, None),
    ("010", None, None),
    ("019", None, None),
    ("020", "REQUEST", None),
    ("0234", "REQUEST", "assist"),
    ("026", "REQUEST", "meet"),
    ("036", "AGREE", None),
    ("040", "CONSULT", None),
    ("041", "CONSULT", "phone"),
    ("042", "CONSULT", "visit"),
    ("057", "SUPPORT", None),
    ("061", "COOPERATE", None),
    ("073", "AID", None),
    ("081", "CONCEDE", None),
    ("0841", "RETREAT", "release"),
    ("0871", "RETREAT", "ceasefire"),
    ("091", "ACCUSE", "investigate"),
    ("100", "REQUEST", None),
    ("1053", "REQUEST", "yield"),
    ("111", "ACCUSE", "disapprove"),
    ("1122", "ACCUSE", "allege"),
    ("116", "SANCTION", "convict"),
    ("1246", "REJECT", "yield"),
    ("130", "THREATEN", None),
    ("1385", "THREATEN", "violence"),
    ("145", "PROTEST", "riot"),
    ("154", "MOBILIZE", "troops"),
    ("163", "SANCTION", "discontinue"),
    ("173", "COERCE", "arrest"),
    ("1712", "ASSAULT", "destroy"),
    ("175", "ASSAULT", "crowd-control"),
    ("1831", "ASSAULT", "suicide-attack"),
    ("191", "COERCE", "restrict"),
    ("193", "ASSAULT", "firearms"),
    ("194", "ASSAULT", "heavy-weapons"),
    ("195", "ASSAULT", "aerial"),
    ("1952", "ASSAULT", "drone"),
    ("20", "ASSAULT", None),
    ("202", "ASSAULT", "massacre"),
    ("2041", "ASSAULT", "unconventional"),
]

# (code without a row of its own, the ancestor whose reading it takes)
FALLBACKS = [
    ("1412", "141"),
    ("0211", "021"),
    ("0312", "03"),
    ("0873", "087"),
    ("1322", "132"),
    ("155", "15"),
    ("1834", "183"),
    ("1951", "195"),
    ("200", "20"),
]


def test_plover_types_are_the_sixteen_current_types_in_order() -> None:
    assert tuple(kind.event_type for kind in plover_types()) == CURRENT_TYPES


@pytest.mark.parametrize(("event_type", "hint"), sorted(QUAD_HINTS.items()))
def test_plover_types_carry_plovers_quad_class(event_type: str, hint: int) -> None:
    kinds = {kind.event_type: kind for kind in plover_types()}
    assert kinds[event_type].quad_class_hint == hint


def test_plover_types_have_a_one_sentence_definition() -> None:
    for kind in plover_types():
        assert kind.definition.endswith(".") and ". " not in kind.definition


@pytest.mark.parametrize(("event_type", "modes"), SOME_MODES)
def test_plover_types_offer_the_codebook_modes(event_type: str, modes: set[str]) -> None:
    kinds = {kind.event_type: kind for kind in plover_types()}
    assert modes <= set(kinds[event_type].modes)
    if not modes:
        assert kinds[event_type].modes == ()


@pytest.mark.parametrize(("code", "event_type", "mode"), READINGS)
def test_to_plover_reads_cameo_codes(code: str, event_type: str | None, mode: str | None) -> None:
    assert to_plover(code) == (event_type, mode)


@pytest.mark.parametrize(("code", "ancestor"), FALLBACKS)
def test_to_plover_falls_back_to_the_nearest_ancestor(code: str, ancestor: str) -> None:
    assert to_plover(code) == to_plover(ancestor)


def test_to_plover_row_without_mode_does_not_inherit_the_parent_mode() -> None:
    assert to_plover("182") == ("ASSAULT", "beat")
    assert to_plover("1823") == ("ASSAULT", None)


def test_to_plover_leaves_only_public_statements_unmapped() -> None:
    unmapped = {entry.code for entry in cameo_codes() if to_plover(entry.code)[0] is None}
    assert unmapped == {entry.code for entry in cameo_codes() if entry.root == "01"}


def test_to_plover_gives_every_code_a_defined_type_and_mode() -> None:
    kinds = {kind.event_type: kind for kind in plover_types()}
    for entry in cameo_codes():
        event_type, mode = to_plover(entry.code)
        if event_type is None:
            assert mode is None
            continue
        assert event_type in kinds
        assert mode is None or mode in kinds[event_type].modes


def test_to_plover_rejects_codes_cameo_does_not_define() -> None:
    with pytest.raises(UnknownCodeError, match="'1213'"):
        to_plover("1213")  # an ICEWS extension, not in CAMEO 1.1b3


def test_plover_type_is_immutable() -> None:
    kind: PloverType = plover_types()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        kind.modes = ("x",)  # type: ignore[misc]


@pytest.fixture
def fresh_correspondence() -> Iterator[None]:
    """Let a test feed the loader its own file, and restore the packaged one after."""
    plover_module._correspondence.cache_clear()
    yield
    plover_module._correspondence.cache_clear()


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ("01\t\t\n02\tREQUEST\tvisit\n", "'visit' is not a mode of REQUEST"),
        ("01\t\t\n02\tDEMAND\t\n", "unknown PLOVER type 'DEMAND'"),
        ("01\t\t\n1213\tREJECT\t\n", "'1213'"),
        ("01\t\t\n01\t\t\n", "two rows"),
        ("01\t\tdemo\n", "a mode without an event type"),
        ("01\t\t\n", "have no row"),
    ],
)
def test_correspondence_loader_rejects_inconsistent_rows(
    monkeypatch: pytest.MonkeyPatch, fresh_correspondence: None, body: str, complaint: str
) -> None:
    text = "# test\ncode\tevent_type\tmode\n" + body

    def fake_read(name: str, required: tuple[str, ...]) -> tuple[Row, ...]:
        return parse_table(text, name, required)

    monkeypatch.setattr(plover_module, "read_table", fake_read)
    with pytest.raises(InputError, match=complaint):
        to_plover(cameo("195").code)
