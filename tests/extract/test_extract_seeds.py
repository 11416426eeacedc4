"""The reference articles in ../shared/seeds: the events they report come out.

Real third-party articles, read at test time and never copied here; skipped when
../shared is absent. Each row names an event the article reports, as (source code,
CAMEO root, target code or None); see the closing notes of the extraction issue for the
events still missed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import eventwire
from eventwire.extract import Extractor
from eventwire.records import Event

EXPECTED = {
    "000": [
        ("RUSMIL", "19", "IMGMUSISI"),  # the air force hit 27 IS targets overnight
        ("SYRMIL", "19", "SYRREB"),  # the army chief: the military unleashed an offensive
        ("USAMIL", "19", "IMGMUSISI"),  # the coalition launched 18 strikes against the IS
        ("RUS", "15", "TUR"),  # incursions into Turkey's airspace
        ("IGOWSTNAT", "11", "RUSGOV"),  # NATO ministers used harsh language against Moscow
        ("GBRMIL", "02", "RUSGOV"),  # Fallon calling on Moscow
        ("CHN", "02", None),  # China calls for a new Geneva conference
    ],
    "001": [
        ("RUSMIL", "19", None),  # Russian air forces launched airstrikes on Wednesday
        ("RUSGOV", "04", "USAGOV"),  # Lavrov after meeting Kerry
        ("USAGOV", "01", None),  # Kerry expressed grave concerns
        ("USA", "10", "SYRGOV"),  # demanding Assad's resignation
    ],
    "004": [
        ("RUSMIL", "19", "IMGMUSISI"),  # 55 ISIS targets in 64 sorties
        ("SYRMIL", "19", "SYRREB"),  # government forces captured a village from rebels
        ("USA", "16", None),  # the US scraps a $500m programme
        ("USAGOV", "04", "RUS"),  # the White House will resume talks
    ],
}


@pytest.fixture(scope="module")
def coded(shared_dir: Path) -> dict[str, list[Event]]:
    articles = [
        a for a in eventwire.read([str(shared_dir / "seeds")]) if isinstance(a, eventwire.Article)
    ]
    out = {}
    for article, events in zip(articles, Extractor().extract_articles(articles), strict=True):
        out[Path(article.path).name[:3]] = events
    return out


@pytest.mark.parametrize(
    ("seed", "source", "root", "target"),
    [(seed, *row) for seed, rows in EXPECTED.items() for row in rows],
)
def test_seed_event_is_extracted(
    coded: dict[str, list[Event]], seed: str, source: str, root: str, target: str | None
) -> None:
    found = [
        (e.source.code, e.cameo.root, e.target.code if e.target else None) for e in coded[seed]
    ]
    assert (source, root, target) in found, f"{seed}: {source} {root} {target} not in {found}"


def test_seed_strike_carries_figures_date_and_claim(coded: dict[str, list[Event]]) -> None:
    strike = next(
        e
        for e in coded["000"]
        if e.source.code == "RUSMIL" and e.target and e.target.code == "IMGMUSISI"
    )
    assert strike.date == "2015-10-08"  # "overnight" in an article published 2015-10-09
    assert [(q.value, q.unit) for q in strike.quantities] == [(27.0, "target")]
    assert strike.attribution is not None and strike.attribution.claimant.code == "RUSMIL"
    assert strike.attribution.via is not None and "Interfax" in strike.attribution.via


def test_seed_denial_is_negated_not_asserted(coded: dict[str, list[Event]]) -> None:
    rumour = [e for e in coded["001"] if "did not target" in e.evidence[0].sentence]
    assert rumour and all(e.factuality == "negated" for e in rumour if e.cameo.root == "19")


def test_seed_without_publication_date_gets_no_event_dates(coded: dict[str, list[Event]]) -> None:
    assert coded["004"] and all(e.date is None for e in coded["004"])
    figures = {(q.value, q.unit) for e in coded["004"] for q in e.quantities}
    assert {(64.0, "sortie"), (55.0, "target")} <= figures


@pytest.mark.parametrize(
    ("seed", "source", "root", "dates", "country", "places"),
    [
        # Russia's strikes: "overnight in the Syrian provinces of Homs, Hama and Raqqa"
        ("000", "RUSMIL", "19", {"2015-10-07", "2015-10-08"}, "SYR", {"Homs", "Hama", "Raqqa"}),
        # "On Wednesday, Russian air forces launched airstrikes in ... Homs and Hama"
        ("001", "RUSMIL", "19", {"2015-09-30"}, "SYR", {"Homs", "Hama"}),
        # the coalition's "18 strikes against the IS in Iraq and two in Syria" on Wednesday
        ("000", "USAMIL", "19", {"2015-10-07"}, None, set()),
        # "Russia's weekend incursions into Turkey's airspace"
        ("000", "RUS", "15", {"2015-10-03", "2015-10-04"}, "TUR", set()),
    ],
)
def test_seed_event_is_placed_and_dated(
    coded: dict[str, list[Event]],
    seed: str,
    source: str,
    root: str,
    dates: set[str],
    country: str | None,
    places: set[str],
) -> None:
    found = [
        e
        for e in coded[seed]
        if e.source.code == source and e.cameo.root == root and e.date in dates
    ]
    assert found, [(e.source.code, e.cameo.root, e.date) for e in coded[seed]]
    located = [e.location for e in found if e.location is not None]
    if country is not None:
        assert any(loc.country == country for loc in located), located
    if places:
        assert any(places & set(loc.places) for loc in located), located
    if source == "USAMIL":  # in Iraq and Syria, not where the coalition is from
        assert any(loc.country in {"IRQ", "SYR"} for loc in located), located
