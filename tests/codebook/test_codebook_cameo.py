"""Specification of the CAMEO half of eventwire.codebook.

The expected names come from the CAMEO 1.1b3 codebook (chapter 6) and the expected
Goldstein weights from GDELT's CAMEO.goldsteinscale.txt, the sources cited in
data/codebook/cameo.tsv.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable

import pytest

from eventwire.codebook import (
    CameoCode,
    UnknownCodeError,
    cameo,
    cameo_codes,
    compatible,
    goldstein,
    is_more_specific,
    penta_class,
    quad_class,
    root_of,
)
from eventwire.errors import EventwireError

ROOTS = [f"{number:02d}" for number in range(1, 21)]

# Number of codes below each root in the 1.1b3 codebook (roots themselves excluded).
CODES_PER_ROOT = {
    "01": 10, "02": 27, "03": 28, "04": 7, "05": 8, "06": 5, "07": 6, "08": 25, "09": 5,
    "10": 27, "11": 12, "12": 26, "13": 22, "14": 26, "15": 6, "16": 13, "17": 13,
    "18": 14, "19": 9, "20": 7,
}  # fmt: skip

# (code, codebook name, GDELT Goldstein weight)
SPOT_CHECKS = [
    ("01", "Make public statement", 0.0),
    ("010", "Make statement", 0.0),
    ("011", "Decline comment", -0.1),
    ("016", "Deny responsibility", -2.0),
    ("036", "Express intent to meet or negotiate", 4.0),
    ("040", "Consult", 1.0),
    ("042", "Make a visit", 1.9),
    ("043", "Host a visit", 2.8),
    ("051", "Praise or endorse", 3.4),
    ("057", "Sign formal agreement", 8.0),
    ("074", "Provide military protection or peacekeeping", 8.5),
    ("0874", "Retreat or surrender militarily", 10.0),
    ("112", "Accuse", -2.0),
    ("130", "Threaten", -4.4),
    ("14", "Protest", -6.5),
    ("145", "Protest violently, riot", -7.5),
    ("163", "Impose embargo, boycott, or sanctions", -8.0),
    ("172", "Impose administrative sanctions", -5.0),
    ("173", "Arrest, detain, or charge with legal action", -5.0),
    ("182", "Physically assault", -9.5),
    ("1823", "Kill by physical assault", -10.0),
    ("19", "Fight", -10.0),
    ("190", "Use conventional military force", -10.0),
    ("195", "Employ aerial weapons", -10.0),
    ("201", "Engage in mass expulsion", -9.5),
]

# Codes of 1.1b3 that GDELT's table lacks, and the parent whose weight they take.
PARENT_VALUED = [("155", "15"), ("176", "17"), ("1834", "183"), ("1951", "195"), ("1952", "195")]


def test_cameo_codes_include_every_root() -> None:
    codes = {entry.code for entry in cameo_codes()}
    assert [root for root in ROOTS if root not in codes] == []


@pytest.mark.parametrize(("root", "count"), sorted(CODES_PER_ROOT.items()))
def test_cameo_codes_match_the_codebook_count_per_root(root: str, count: int) -> None:
    below = Counter(entry.root for entry in cameo_codes() if entry.code != entry.root)
    assert below[root] == count


def test_cameo_codes_are_unique() -> None:
    codes = [entry.code for entry in cameo_codes()]
    assert len(codes) == len(set(codes)) == 316


def test_cameo_codes_have_existing_root_and_parent() -> None:
    codes = {entry.code for entry in cameo_codes()}
    for entry in cameo_codes():
        assert entry.root in codes and entry.root == entry.code[:2]
        assert entry.parent is None or entry.parent in codes


def test_cameo_codes_are_digit_strings_with_leading_zeros() -> None:
    for entry in cameo_codes():
        assert entry.code.isdigit() and 2 <= len(entry.code) <= 4
        assert entry.root in ROOTS


def test_cameo_codes_list_each_root_before_its_children() -> None:
    seen: set[str] = set()
    for entry in cameo_codes():
        assert entry.parent is None or entry.parent in seen
        seen.add(entry.code)


def test_goldstein_is_within_the_scale_for_every_code() -> None:
    for entry in cameo_codes():
        assert -10.0 <= goldstein(entry.code) <= 10.0


@pytest.mark.parametrize(("code", "name", "weight"), SPOT_CHECKS)
def test_cameo_has_the_published_name_and_goldstein(code: str, name: str, weight: float) -> None:
    entry = cameo(code)
    assert (entry.code, entry.name, entry.goldstein) == (code, name, weight)
    assert goldstein(code) == weight


@pytest.mark.parametrize(("code", "parent"), PARENT_VALUED)
def test_goldstein_takes_the_parent_value_where_gdelt_has_none(code: str, parent: str) -> None:
    assert goldstein(code) == goldstein(parent)


def test_cameo_names_drop_not_specified_below() -> None:
    assert [e.code for e in cameo_codes() if "not specified" in e.name.lower()] == []


@pytest.mark.parametrize(
    ("code", "root"),
    [("01", "01"), ("010", "01"), ("0211", "02"), ("10", "10"), ("100", "10"),
     ("1011", "10"), ("195", "19"), ("1952", "19"), ("20", "20"), ("2042", "20")],
)  # fmt: skip
def test_root_of_is_the_first_two_digits(code: str, root: str) -> None:
    assert root_of(code) == root


@pytest.mark.parametrize(
    ("code", "parent"),
    [("01", None), ("010", "01"), ("0211", "021"), ("195", "19"), ("1952", "195")],
)
def test_cameo_code_parent_is_one_level_up(code: str, parent: str | None) -> None:
    assert cameo(code).parent == parent


@pytest.mark.parametrize(
    ("code", "expected"),
    [("01", 1), ("010", 1), ("05", 1), ("057", 1),
     ("06", 2), ("060", 2), ("09", 2), ("094", 2),
     ("10", 3), ("100", 3), ("14", 3), ("1454", 3),
     ("15", 4), ("150", 4), ("20", 4), ("2042", 4)],
)  # fmt: skip
def test_quad_class_follows_gdelt_at_every_boundary(code: str, expected: int) -> None:
    assert quad_class(code) == expected


def test_quad_class_agrees_with_the_code_record() -> None:
    for entry in cameo_codes():
        assert quad_class(entry.code) == entry.quad_class == quad_class(entry.root)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("01", 0), ("02", 0), ("0256", 0),
     ("03", 1), ("05", 1), ("057", 1),
     ("06", 2), ("08", 2), ("0874", 2),
     ("09", 3), ("13", 3), ("139", 3), ("16", 3), ("1663", 3),
     ("14", 4), ("15", 4), ("17", 4), ("20", 4), ("2042", 4)],
)  # fmt: skip
def test_penta_class_follows_confliBERT_at_every_boundary(code: str, expected: int) -> None:
    assert penta_class(code) == expected


def test_penta_class_is_the_same_for_a_code_and_its_root() -> None:
    for entry in cameo_codes():
        assert penta_class(entry.code) == penta_class(entry.root) in range(5)


@pytest.mark.parametrize(
    ("general", "specific", "expected"),
    [("19", "195", True), ("19", "1952", True), ("195", "1952", True),
     ("02", "0211", True), ("021", "0211", True), ("01", "010", True), ("10", "100", True),
     ("195", "19", False), ("0211", "021", False), ("19", "19", False),
     ("190", "195", False), ("10", "010", False), ("01", "100", False), ("18", "195", False)],
)  # fmt: skip
def test_is_more_specific_follows_the_hierarchy(
    general: str, specific: str, expected: bool
) -> None:
    assert is_more_specific(general, specific) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("19", "19", True), ("19", "190", True), ("19", "195", True), ("195", "19", True),
     ("195", "1951", True), ("0211", "021", True), ("0211", "02", True),
     ("190", "195", False), ("1951", "1952", False), ("010", "10", False),
     ("18", "19", False), ("0211", "0212", False)],
)  # fmt: skip
def test_compatible_means_equal_or_ancestor(a: str, b: str, expected: bool) -> None:
    assert compatible(a, b) is expected
    assert compatible(b, a) is expected


@pytest.mark.parametrize("code", ["1999", "21", "00", "", "0215", "abc", "1213", " 195", "1"])
def test_cameo_unknown_code_raises_a_keyerror_naming_the_code(code: str) -> None:
    with pytest.raises(UnknownCodeError) as raised:
        cameo(code)
    assert isinstance(raised.value, KeyError)
    assert isinstance(raised.value, EventwireError)
    assert repr(code) in str(raised.value)
    assert raised.value.code == code


@pytest.mark.parametrize(("code", "suggestion"), [("211", "0211"), (" 195", "195"), ("1", "01")])
def test_cameo_unknown_code_message_suggests_the_likely_code(code: str, suggestion: str) -> None:
    with pytest.raises(UnknownCodeError, match=f"did you mean '{suggestion}'"):
        cameo(code)


def test_cameo_unknown_code_message_explains_codes_are_strings() -> None:
    with pytest.raises(UnknownCodeError, match="strings"):
        cameo(10)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "lookup",
    [cameo, root_of, quad_class, penta_class, goldstein,
     lambda code: is_more_specific("19", code), lambda code: is_more_specific(code, "195"),
     lambda code: compatible(code, code), lambda code: compatible("19", code)],
)  # fmt: skip
def test_codebook_functions_reject_unknown_codes(lookup: Callable[[str], object]) -> None:
    with pytest.raises(UnknownCodeError, match="'1999'"):
        lookup("1999")


def test_cameo_code_is_immutable() -> None:
    entry: CameoCode = cameo("195")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.goldstein = 0.0  # type: ignore[misc]
