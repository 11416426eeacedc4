"""The offline gazetteer: built from installed packages, names to candidate places."""

from __future__ import annotations

import time

import pytest

from eventwire.resolve.gazetteer import FEATURES, gazetteer, name_key


def test_gazetteer_builds_in_bounded_time() -> None:
    gazetteer.cache_clear()
    began = time.perf_counter()
    gaz = gazetteer()
    # ~2 s on an idle laptop; the bound leaves room for a busy CI machine.
    assert time.perf_counter() - began < 30
    assert len(gaz) > 100_000


@pytest.mark.parametrize(
    ("name", "geonameid", "feature", "country"),
    [
        ("Homs", 169577, "city", "SYR"),
        ("Latakia", 173576, "city", "SYR"),
        ("U.S.", 6252001, "country", "USA"),
        ("Britain", 2635167, "country", "GBR"),
        ("Ontario", 6093943, "admin1", "CAN"),
        ("Europe", 6255148, "region", ""),
        ("Mediterranean", 363196, "water", ""),
        ("St. Louis", 4407066, "city", "USA"),
        ("Québec", 6115047, "admin1", "CAN"),
        # AP abbreviations of states and provinces
        ("W.Va.", 4826850, "admin1", "USA"),
        ("Vt.", 5242283, "admin1", "USA"),
        ("N.H.", 5090174, "admin1", "USA"),
        ("N.S.", 6091530, "admin1", "CAN"),
        # "Mt." and "Ft." meet the spelt-out names GeoNames uses
        ("Mt. Pleasant", 4868205, "city", "USA"),
        ("Ft. Worth", 4691930, "city", "USA"),
    ],
)
def test_gazetteer_candidates_include(
    name: str, geonameid: int, feature: str, country: str
) -> None:
    found = [c for c in gazetteer().candidates(name) if c.geonameid == geonameid]
    assert found, f"{name} -> {[c.geonameid for c in gazetteer().candidates(name)]}"
    assert found[0].feature == feature
    assert found[0].country == country


@pytest.mark.parametrize("name", ["Homs province", "Homs Governorate"])
def test_gazetteer_division_names(name: str) -> None:
    assert gazetteer().candidates(name)[0].geonameid == 169575


@pytest.mark.parametrize("name", ["Anderson County", "Caspian Sea", "Middle East"])
def test_gazetteer_places_have_coordinates(name: str) -> None:
    for c in gazetteer().candidates(name):
        assert -90 <= c.lat <= 90 and -180 <= c.lon <= 180
        assert c.feature in FEATURES


def test_gazetteer_every_country_has_a_point() -> None:
    gaz = gazetteer()
    for alpha3 in ("USA", "SYR", "IRQ", "RUS", "FRA", "TUV"):
        entry = gaz.country(alpha3)
        assert entry is not None and entry.feature == "country"
    us = gaz.country("USA")
    assert us is not None and (us.lat, us.lon) == (39.76, -98.5)


@pytest.mark.parametrize("name", ["Russian", "Syrian", "", "   ", "Привет", "东京都xyz"])
def test_gazetteer_unknown_names_have_no_candidates(name: str) -> None:
    assert gazetteer().candidates(name) == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("St. Louis", "saint louis"),
        ("Québec", "quebec"),
        ("the Gulf", "Gulf"),
        ("Bre’r", "bre'r"),
        ("Mt. Pleasant", "Mount Pleasant"),
        ("Ft. Myers", "fort myers"),
    ],
)
def test_name_key_equates(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Mountain View", "mt ain view"), ("Fortuna", "ft una")])
def test_name_key_shortens_whole_first_words_only(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)
