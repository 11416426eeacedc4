"""Actor coding as a specification: wire-style noun phrases and the codes they get.

The phrases are ours, in the style of October 2015 wire copy about Russia's air campaign
in Syria. Unless a case says otherwise the article date is 2015-10-01, there is no
document memory and no context country.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from eventwire.records import Actor
from eventwire.resolve import ActorMemory, ActorResolver

OCT_2015 = date(2015, 10, 1)


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def code_of(resolver: ActorResolver, phrase: str, **options: object) -> str | None:
    options.setdefault("when", OCT_2015)
    actor = resolver.resolve(phrase, **options)  # type: ignore[arg-type]
    return None if actor is None else actor.code


# (phrase, expected code, expected person). None: the resolver must return no actor.
CASES: list[tuple[str, str | None, str | None]] = [
    # -- countries, adjectives, possessives, nationals --------------------------------
    ("Turkey", "TUR", None),
    ("Turkey's airspace", "TUR", None),
    ("Türkiye", "TUR", None),
    ("China", "CHN", None),
    ("the United States", "USA", None),
    ("the US", "USA", None),
    ("Iraq", "IRQ", None),
    ("Russian Federation", "RUS", None),
    ("the Syrian Arab Republic", "SYR", None),
    ("Georgia", "GEO", None),
    ("Britain", "GBR", None),
    ("the Russians", "RUS", None),
    ("South Korea", "KOR", None),
    ("the Democratic Republic of Congo", "COD", None),
    ("Dominican", "DOM", None),
    # -- country + sector -----------------------------------------------------------------
    ("Russia's air force", "RUSMIL", None),
    ("the Russian defence ministry", "RUSMIL", None),
    ("the Russian Defense Ministry", "RUSMIL", None),
    ("Russia's Ministry of Defence", "RUSMIL", None),
    ("Russian air forces", "RUSMIL", None),
    ("Russia's Aerospace Forces", "RUSMIL", None),
    ("Syrian government forces", "SYRMIL", None),
    ("the Syrian government", "SYRGOV", None),
    ("the Syrian government's forces", "SYRMIL", None),
    ("the Syrian army", "SYRMIL", None),
    ("Syria's army", "SYRMIL", None),
    ("American warplanes", "USAMIL", None),
    ("two Russian fighters", "RUSMIL", None),
    ("Russian planes", "RUSMIL", None),
    ("four Russian warships", "RUSMIL", None),
    ("Russian Su-30 jets", "RUSMIL", None),
    ("Turkish F-16s", "TUR", None),
    ("a Russian official", "RUSGOV", None),
    ("Turkish officials", "TURGOV", None),
    ("U.S. defense officials", "USAMIL", None),
    ("the U.S. State Department", "USAGOV", None),
    ("the State Department", "USAGOV", None),
    ("the Foreign Office", "GBRGOV", None),
    ("the Russian Foreign Ministry", "RUSGOV", None),
    ("Chinese foreign ministry", "CHNGOV", None),
    ("the Turkish military", "TURMIL", None),
    ("Turkish police", "TURCOP", None),
    ("Syrian security forces", "SYRCOP", None),
    ("Russian state media", "RUSMED", None),
    ("Syrian state television", "SYRMED", None),
    ("the Federation Council", "RUSLEG", None),
    ("Russia's upper house of parliament", "RUSLEG", None),
    ("the U.S. Congress", "USALEG", None),
    ("Russian lawmakers", "RUSLEG", None),
    ("the Syrian opposition", "SYROPP", None),
    ("Syrian rebels", "SYRREB", None),
    ("Syrian civilians", "SYRCVL", None),
    ("Syrian refugees", "SYRREF", None),
    ("Russian intelligence", "RUSSPY", None),
    ("Syria's Russian allies", "RUS", None),
    ("rebels in Syria", "SYRREB", None),
    ("the air force in Syria", "---MIL", None),  # "in" places; Russia's may be meant
    ("the defence ministry in Moscow", "RUSMIL", None),  # a seat of government places
    ("officials in Moscow", "RUSGOV", None),
    ("Lena Varga in Moscow and Owen Farrant", None, None),  # names, not actors
    ("the army of Syria", "SYRMIL", None),
    ("troops from Russia", "RUSMIL", None),
    ("rebels backed by Turkey", "---REB", None),
    ("Lavrov, who met Kerry", "RUSGOV", "Sergei Lavrov"),
    ("Army Chief of Staff General", "---MIL", None),
    ("officials of the Syrian government", "SYRGOV", None),
    ("Russian and Syrian warplanes", "RUSMIL", None),
    ("forces loyal to President Bashar al-Assad", "SYRMIL", None),
    ("pro-Assad forces", "SYRMIL", None),
    ("the Russian ambassador to the UN", "RUSGOV", None),
    # -- titles -----------------------------------------------------------------------------
    ("Russian Foreign Minister", "RUSGOV", None),
    ("the top U.S. diplomat", "USAGOV", None),
    ("a Pentagon spokesperson", "USAMIL", None),
    ("a Kremlin spokesman", "RUSGOV", None),
    ("a Russian defence ministry spokesman", "RUSMIL", None),
    ("Syria's army chief of staff", "SYRMIL", None),
    ("the White House chief of staff", "USAGOV", None),
    ("the head of Syria's army", "SYRMIL", None),
    ("a rebel commander", "---REB", None),
    ("Syrian Information Minister Omran al-Zoubi", "SYRGOV", "Omran al-Zoubi"),
    ("Brig-Gen Ahmed Asiri", "---MIL", "Ahmed Asiri"),
    # -- metonyms -----------------------------------------------------------------------------
    ("the Kremlin", "RUSGOV", None),
    ("Moscow", "RUSGOV", None),
    ("Washington", "USAGOV", None),
    ("the White House", "USAGOV", None),
    ("the Pentagon", "USAMIL", None),
    ("Damascus", "SYRGOV", None),
    ("Ankara", "TURGOV", None),
    ("Beijing", "CHNGOV", None),
    ("Tehran", "IRNGOV", None),
    ("Downing Street", "GBRGOV", None),
    ("the Elysée", "FRAGOV", None),
    ("Kyiv", "UKRGOV", None),
    ("Kiev", "UKRGOV", None),
    # -- people (dated) -----------------------------------------------------------------------
    ("Russian Foreign Minister Sergei Lavrov", "RUSGOV", "Sergei Lavrov"),
    ("Lavrov", "RUSGOV", "Sergei Lavrov"),
    ("Putin", "RUSGOV", "Vladimir Putin"),
    ("President Vladimir Putin", "RUSGOV", "Vladimir Putin"),
    ("Defence Minister Sergei Shoigu", "RUSMIL", "Sergei Shoigu"),
    ("Kremlin spokesman Dmitry Peskov", "RUSGOV", "Dmitry Peskov"),
    ("Major General Igor Konashenkov", "RUSMIL", "Igor Konashenkov"),
    ("U.S. Secretary of State John Kerry", "USAGOV", "John Kerry"),
    ("Kerry", "USAGOV", "John Kerry"),
    ("U.S. Defense Secretary Ash Carter", "USAMIL", "Ashton Carter"),
    ("Pentagon spokesman Peter Cook", "USAMIL", "Peter Cook"),
    ("President Barack Obama", "USAGOV", "Barack Obama"),
    ("Syrian President Bashar al-Assad", "SYRGOV", "Bashar al-Assad"),
    ("Assad", "SYRGOV", "Bashar al-Assad"),
    ("Syria's army chief of staff, General Abdullah Ayoub", "SYRMIL", "Ali Abdullah Ayyoub"),
    ("NATO's Secretary-General Jens Stoltenberg", "IGOWSTNAT", "Jens Stoltenberg"),
    ("Stoltenberg", "IGOWSTNAT", "Jens Stoltenberg"),
    ("U.N. Secretary-General Ban Ki-moon", "IGOUNO", "Ban Ki-moon"),
    ("UN envoy Staffan de Mistura", "IGOUNO", "Staffan de Mistura"),
    ("Turkish Prime Minister Ahmet Davutoglu", "TURGOV", "Ahmet Davutoglu"),
    ("President Tayyip Erdogan", "TURGOV", "Recep Tayyip Erdogan"),
    ("Chinese foreign ministry spokesperson Hua Chunying", "CHNGOV", "Hua Chunying"),
    ("Chinese Foreign Minister Wang Yi", "CHNGOV", "Wang Yi"),
    ("Britain's defense minister, Michael Fallon", "GBRMIL", "Michael Fallon"),
    ("British Prime Minister David Cameron", "GBRGOV", "David Cameron"),
    ("French President Francois Hollande", "FRAGOV", "Francois Hollande"),
    ("French Foreign Minister Laurent Fabius", "FRAGOV", "Laurent Fabius"),
    ("Iranian President Hassan Rouhani", "IRNGOV", "Hassan Rouhani"),
    ("Brig-Gen Hossein Hamedani", "IRNMIL", "Hossein Hamedani"),
    ("Islamic State leader Abu Bakr al-Baghdadi", "IMGMUSISI", "Abu Bakr al-Baghdadi"),
    ("Hezbollah leader Hassan Nasrallah", "LBNREB", "Hassan Nasrallah"),
    ("German Chancellor Angela Merkel", "DEUGOV", "Angela Merkel"),
    ("Saudi Foreign Minister Adel al-Jubeir", "SAUGOV", "Adel al-Jubeir"),
    ("EU foreign policy chief Federica Mogherini", "IGOEUREEC", "Federica Mogherini"),
    ("the Assad regime", "SYRGOV", None),
    ("Assad's forces", "SYRMIL", None),
    # -- organisations --------------------------------------------------------------------------
    ("NATO", "IGOWSTNAT", None),
    ("Nato", "IGOWSTNAT", None),
    ("NATO defense ministers", "IGOWSTNAT", None),
    ("the North Atlantic Treaty Organization", "IGOWSTNAT", None),
    ("the United Nations", "IGOUNO", None),
    ("the UN Security Council", "IGOUNO", None),
    ("the European Union", "IGOEUREEC", None),
    ("EU foreign ministers", "IGOEUREEC", None),
    ("the Arab League", "IGOMEAARL", None),
    ("the US-led coalition", "USAMIL", None),
    ("the U.S.-led coalition", "USAMIL", None),
    ("Islamic State", "IMGMUSISI", None),
    ("Islamic State (IS) militants", "IMGMUSISI", None),
    ("IS", "IMGMUSISI", None),
    ("ISIL", "IMGMUSISI", None),
    ("ISIS fighters", "IMGMUSISI", None),
    ("the IS group", "IMGMUSISI", None),
    ("Daesh", "IMGMUSISI", None),
    ("the Islamic State group", "IMGMUSISI", None),
    ("Islamic State militants", "IMGMUSISI", None),
    ("al-Qaeda", "IMGMUSALQ", None),
    ("al-Qaida", "IMGMUSALQ", None),
    ("al-Qaida's affiliate in Syria, the Nusra Front", "SYRREBMUS", None),
    ("the al-Nusra Front", "SYRREBMUS", None),
    ("Ahrar al-Sham group", "SYRREBMUS", None),
    ("the Army of Conquest", "SYRREBMUS", None),
    ("the Free Syrian Army", "SYRREB", None),
    ("Hezbollah fighters", "LBNREB", None),
    ("the Taliban", "AFGREB", None),
    ("the Syrian Arab Army", "SYRMIL", None),
    ("Iran's Revolutionary Guards", "IRNMIL", None),
    ("the Islamic Revolutionary Guard Corps", "IRNMIL", None),
    ("the Syrian Observatory for Human Rights", "SYRNGO", None),
    ("the Britain-based Syrian Observatory for Human Rights", "SYRNGO", None),
    ("the Interfax news agency", "RUSMED", None),
    ("Russia's Interfax news agency", "RUSMED", None),
    ("SANA", "SYRMED", None),
    ("Xinhua", "CHNMED", None),
    ("TASS", "RUSMED", None),
    ("Reuters", "GBRMED", None),
    # -- no country: unknown-country sectors, and no actor at all -------------------------------
    ("rebels", "---REB", None),
    ("Islamist rebels", "---REB", None),
    ("moderate rebels", "---REB", None),
    ("U.S.-backed rebels", "---REB", None),
    ("civilians", "---CVL", None),
    ("warplanes", "---MIL", None),
    ("jets", "---MIL", None),
    ("officials", "---GOV", None),
    ("Russian-made jets", "---MIL", None),
    ("the alliance", None, None),
    ("a spokesman", None, None),
    ("the foreign minister", None, None),
    ("he", None, None),
    ("she", None, None),
    ("He", None, None),
    ("the previous two", None, None),
    ("Mr Smith", None, None),
    ("Antonov", None, None),
    ("New Mexico", None, None),
    ("the South China Sea", None, None),
    ("Congolese", None, None),
    ("Jaafari", None, None),
    ("is", None, None),
    ("us", None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("phrase", "code", "person"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_resolve_codes_wire_phrase(
    resolver: ActorResolver, phrase: str, code: str | None, person: str | None
) -> None:
    actor = resolver.resolve(phrase, when=OCT_2015)
    assert (None if actor is None else (actor.code, actor.person)) == (
        None if code is None else (code, person)
    )


def test_resolve_case_table_is_large() -> None:
    assert len(CASES) >= 80


# -- the Actor record -------------------------------------------------------------------------


def test_resolve_keeps_phrase_as_written_and_splits_code(resolver: ActorResolver) -> None:
    actor = resolver.resolve("Russia's air force", when=OCT_2015)
    assert actor == Actor(
        name="Russia's air force", code="RUSMIL", country="RUS", sector="MIL", kind="state"
    )


@pytest.mark.parametrize(
    ("phrase", "country", "sector", "kind"),
    [
        ("Turkey", "TUR", None, "state"),
        ("NATO", None, None, "igo"),
        ("Islamic State", None, None, "group"),
        ("the Interfax news agency", "RUS", "MED", "media"),
        ("the Nusra Front", "SYR", "REB", "group"),
        ("Syrian civilians", "SYR", "CVL", "other"),
        ("rebels", None, "REB", "group"),
        ("Russian Foreign Minister Sergei Lavrov", "RUS", "GOV", "person"),
        ("the US-led coalition", "USA", "MIL", "state"),
    ],
)
def test_resolve_fills_country_sector_and_kind(
    resolver: ActorResolver, phrase: str, country: str | None, sector: str | None, kind: str
) -> None:
    actor = resolver.resolve(phrase, when=OCT_2015)
    assert actor is not None
    assert (actor.country, actor.sector, actor.kind) == (country, sector, kind)


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "when", "code"),
    [
        ("Kerry", date(2015, 10, 1), "USAGOV"),
        ("Kerry", date(2019, 1, 1), None),  # out of office, and no country in the phrase
        ("Kerry", date(2010, 1, 1), "USALEG"),  # a senator then
        ("Trump", date(2015, 10, 1), None),
        ("Trump", date(2017, 6, 1), "USAGOV"),
        ("Tillerson", date(2017, 6, 1), "USAGOV"),
        ("Tillerson", date(2018, 6, 1), None),
        ("Stoltenberg", date(2010, 1, 1), "NORGOV"),
        ("Hammond", date(2013, 1, 1), "GBRMIL"),
        ("Hammond", date(2015, 10, 1), "GBRGOV"),
        ("Mohammed bin Salman", date(2016, 1, 1), "SAUMIL"),
        ("Mohammed bin Salman", date(2018, 1, 1), "SAUGOV"),  # the later office wins
        ("Baghdadi", date(2020, 1, 1), None),
        ("Davutoglu", date(2016, 5, 24), "TURGOV"),  # last day in office is inclusive
        ("U.S. Secretary of State John Kerry", date(2019, 1, 1), "USAGOV"),  # the title
    ],
)
def test_resolve_applies_person_codes_only_in_office(
    resolver: ActorResolver, phrase: str, when: date, code: str | None
) -> None:
    assert code_of(resolver, phrase, when=when) == code


def test_resolve_out_of_office_person_keeps_name_through_title(resolver: ActorResolver) -> None:
    actor = resolver.resolve("U.S. Secretary of State John Kerry", when=date(2019, 1, 1))
    assert actor is not None and actor.person == "John Kerry"


def test_resolve_accepts_a_datetime_as_when(resolver: ActorResolver) -> None:
    assert code_of(resolver, "Kerry", when=datetime(2015, 10, 1, 12, 30)) == "USAGOV"


@pytest.mark.parametrize(("phrase", "code"), [("Putin", "RUSGOV"), ("Hammond", "GBRGOV")])
def test_resolve_without_date_uses_latest_office(
    resolver: ActorResolver, phrase: str, code: str
) -> None:
    assert code_of(resolver, phrase, when=None) == code


# -- context country ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "context", "code"),
    [
        ("rebels", "SYR", "SYRREB"),
        ("rebels", None, "---REB"),
        ("civilians", "SYR", "SYRCVL"),
        ("residents", "syr", "SYRCVL"),
        ("insurgents", "IRQ", "IRQINS"),
        ("pro-regime forces", "SYR", "SYRMIL"),
        ("pro-regime forces", None, "---MIL"),
        ("the opposition", "SYR", "SYROPP"),
        ("warplanes", "SYR", "---MIL"),  # not domestic: Russian jets fly over Syria
        ("the government", "SYR", "SYRGOV"),  # a government's own is domestic...
        ("Western governments", "SYR", "---GOV"),  # ...several governments are not
        ("Turkish police", "SYR", "TURCOP"),  # the phrase's own country wins
        ("rebels", "XXX", "---REB"),  # an unknown context country is ignored
    ],
)
def test_resolve_uses_context_country_for_domestic_sectors_only(
    resolver: ActorResolver, phrase: str, context: str | None, code: str
) -> None:
    assert code_of(resolver, phrase, context_country=context) == code


@pytest.mark.parametrize(
    ("phrase", "context", "code"),
    [
        # A title that names an office but no country takes the article's country...
        ("President Gamal Okonkwo", "NGA", "NGAGOV"),
        ("Trade Minister Lena Varga", "HUN", "HUNGOV"),
        ("the prime minister", "IRQ", "IRQGOV"),
        ("officials", "IRQ", "IRQGOV"),
        ("local leaders", "AFG", "AFGGOV"),
        ("lawmakers", "UKR", "UKRLEG"),
        ("Brig. Gen. Tomas Ruiz", "HND", "HNDMIL"),
        ("President Gamal Okonkwo", None, "---GOV"),
        ("the prime minister", None, None),
        # ...but not a bare title that only borrows a sector, nor an IGO office...
        ("a spokesman", "IRQ", None),
        ("the secretary general", "IRQ", None),
        # ...nor a listed person out of office, nor a phrase naming its own country.
        ("President Bill Clinton", "AFG", "---GOV"),
        ("Iraqi officials", "SYR", "IRQGOV"),
        # Courts, legislatures, parties and social sectors are domestic.
        ("the court", "GUY", "GUYJUD"),
        ("a court in Guyana", None, "GUYJUD"),
        ("parliament", "POL", "POLLEG"),
        ("the ruling party", "DZA", "DZAPTY"),
        ("students", "IDN", "IDNEDU"),
        ("some 2,000 workers", "SRB", "SRBLAB"),
        ("farmers", "FRA", "FRAAGR"),
        ("the newspaper", "LBN", "---MED"),  # media may be foreign
        # "ethnic" + nationality: a community of the country it lives in.
        ("ethnic Albanians", "MKD", "MKDCVL"),
        ("ethnic Albanian guerrillas", "MKD", "MKDREB"),
        ("ethnic Albanians", None, "---CVL"),
    ],
)
def test_resolve_uses_context_country_for_titles_and_domestic_institutions(
    resolver: ActorResolver, phrase: str, context: str | None, code: str | None
) -> None:
    assert code_of(resolver, phrase, context_country=context) == code


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("more than 100 Palestinians", "PSE"),
        ("up to 300 Turkish soldiers", "TURMIL"),
        ("at least a dozen Afghan policemen", "AFGCOP"),
        ("as many as 40 Kenyan students", "KENEDU"),
        ("Vietnamese-led forces", "VNMMIL"),  # the leader lends its country
        ("U.S.-backed rebels", "---REB"),  # a backer does not
        ("Kenyan and Ugandan negotiators", "KENGOV"),
        ("Belarus's rulers", "BLRGOV"),
        ("a Saudi businessman", "SAUBUS"),
        ("Algerian landowners", "DZACVL"),
        ("Iraqi youths", "IRQCVL"),
        ("Belgrade radio", "SRBMED"),
        ("a Saudi-owned magazine", "---MED"),
        ("Malaysia Airlines", "MYSBUS"),
        ("his American lawyer", "USAJUD"),
        ("Afghan guerillas", "AFGREB"),
        ("French paper workers", "FRALAB"),
    ],
)
def test_resolve_reads_quantifiers_leaders_and_role_nouns(
    resolver: ActorResolver, phrase: str, code: str
) -> None:
    assert code_of(resolver, phrase) == code


@pytest.mark.parametrize(
    ("phrase", "when", "code"),
    [
        ("President Bouteflika", date(2005, 3, 1), "DZAGOV"),
        ("Mugabe", date(1985, 6, 1), "ZWEGOV"),
        ("Mugabe", date(2010, 6, 1), "ZWEGOV"),
        ("President Bush", date(2003, 4, 1), "USAGOV"),
        ("Yeltsin", date(1996, 7, 1), "RUSGOV"),
        ("Omar Hassan al-Bashir", None, "SDNGOV"),
        ("Yeltsin", date(2015, 7, 1), None),  # out of office
    ],
)
def test_resolve_knows_heads_of_state_of_the_wire_archives(
    resolver: ActorResolver, phrase: str, when: date | None, code: str | None
) -> None:
    assert code_of(resolver, phrase, when=when) == code


# -- memory -----------------------------------------------------------------------------------


def resolve_and_remember(resolver: ActorResolver, memory: ActorMemory, phrase: str) -> Actor:
    actor = resolver.resolve(phrase, when=OCT_2015, memory=memory)
    assert actor is not None
    memory.remember(actor, phrase)
    return actor


def test_memory_resolves_surname_without_people_table(resolver: ActorResolver) -> None:
    memory = ActorMemory()
    first = resolve_and_remember(resolver, memory, "Russian Foreign Minister Sergei Lavrov")
    # In 1990 the people table gives Lavrov no office; the article's memory still knows him.
    assert resolver.resolve("Lavrov", when=date(1990, 1, 1)) is None
    later = resolver.resolve("Lavrov", when=date(1990, 1, 1), memory=memory)
    assert later == Actor(
        name="Lavrov", code=first.code, country="RUS", sector="GOV", kind="person",
        person="Sergei Lavrov",
    )  # fmt: skip


@pytest.mark.parametrize("later", ["Zoubi", "al-Zoubi", "Mr Zoubi", "Omran al-Zoubi"])
def test_memory_resolves_unlisted_name_seen_with_title(resolver: ActorResolver, later: str) -> None:
    memory = ActorMemory()
    resolve_and_remember(resolver, memory, "Syrian Information Minister Omran al-Zoubi")
    actor = resolver.resolve(later, when=OCT_2015, memory=memory)
    assert actor is not None
    assert (actor.code, actor.person, actor.name) == ("SYRGOV", "Omran al-Zoubi", later)


@pytest.mark.parametrize(
    ("earlier", "later", "code"),
    [
        ("NATO", "the alliance", "IGOWSTNAT"),
        ("the US-led coalition", "coalition warplanes", "USAMIL"),
        ("the Syrian Observatory for Human Rights", "the monitor", "SYRNGO"),
        ("Islamic State", "the jihadist group", "IMGMUSISI"),
        ("the Interfax news agency", "the news agency", "RUSMED"),
    ],
)
def test_memory_resolves_generic_nouns_of_seen_organisations(
    resolver: ActorResolver, earlier: str, later: str, code: str
) -> None:
    memory = ActorMemory()
    resolve_and_remember(resolver, memory, earlier)
    assert code_of(resolver, later, memory=memory) == code


@pytest.mark.parametrize("later", ["a militant group", "the campaign against the militant group"])
def test_memory_generic_nouns_need_a_definite_head(resolver: ActorResolver, later: str) -> None:
    memory = ActorMemory()
    resolve_and_remember(resolver, memory, "Islamic State")
    actor = resolver.resolve(later, when=OCT_2015, memory=memory)
    assert actor is None or actor.code != "IMGMUSISI"


def test_memory_resolves_office_by_title(resolver: ActorResolver) -> None:
    memory = ActorMemory()
    resolve_and_remember(resolver, memory, "U.S. Secretary of State John Kerry")
    for later in ("the top U.S. diplomat", "the secretary of state", "the foreign minister"):
        actor = resolver.resolve(later, when=OCT_2015, memory=memory)
        assert actor is not None and (actor.code, actor.person) == ("USAGOV", "John Kerry")


def test_memory_office_of_listed_person_needs_no_title(resolver: ActorResolver) -> None:
    memory = ActorMemory()
    resolve_and_remember(resolver, memory, "Lavrov")
    actor = resolver.resolve("the Russian foreign minister", when=OCT_2015, memory=memory)
    assert actor is not None and actor.person == "Sergei Lavrov"


def test_memory_never_overrides_country_in_phrase(resolver: ActorResolver) -> None:
    memory = ActorMemory()
    resolve_and_remember(resolver, memory, "U.S. Secretary of State John Kerry")
    actor = resolver.resolve("the Russian foreign minister", when=OCT_2015, memory=memory)
    assert actor is not None and (actor.code, actor.person) == ("RUSGOV", None)


def test_memory_answers_only_definite_phrases_for_unique_offices(
    resolver: ActorResolver,
) -> None:
    memory = ActorMemory()
    resolve_and_remember(resolver, memory, "Ministry spokesman Major-General Igor Konashenkov")
    # Many Russian generals: "a Russian general" is someone new, not Konashenkov...
    general = resolver.resolve("A Russian general in Baghdad", when=OCT_2015, memory=memory)
    assert general is not None and (general.code, general.person) == ("RUSMIL", None)
    # ...and an indefinite spokesman is someone new too; the definite one is the same.
    assert resolver.resolve("a spokesman", when=OCT_2015, memory=memory) is None
    spokesman = resolver.resolve("the spokesman", when=OCT_2015, memory=memory)
    assert spokesman is not None and spokesman.person == "Igor Konashenkov"


def test_memory_later_actor_wins_a_key(resolver: ActorResolver) -> None:
    memory = ActorMemory()
    resolve_and_remember(resolver, memory, "Russian Foreign Minister Sergei Lavrov")
    resolve_and_remember(resolver, memory, "U.S. Secretary of State John Kerry")
    assert code_of(resolver, "the foreign minister", memory=memory) == "USAGOV"


@pytest.mark.parametrize("phrase", ["he", "she", "the previous two", "Mr Smith"])
def test_memory_does_not_make_pronouns_or_strangers_resolve(
    resolver: ActorResolver, phrase: str
) -> None:
    memory = ActorMemory()
    resolve_and_remember(resolver, memory, "Russian Foreign Minister Sergei Lavrov")
    assert resolver.resolve(phrase, when=OCT_2015, memory=memory) is None


def test_memory_ignores_actor_without_code() -> None:
    memory = ActorMemory()
    memory.remember(Actor(name="someone"), "someone")
    assert len(memory) == 0


# -- spelling and case --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("RUSSIA'S AIR FORCE", "RUSMIL"),
        ("Russia’s air force", "RUSMIL"),  # typographic apostrophe
        ("the Russian Defence Ministry", "RUSMIL"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("WHO", "IGOUNOHLHWHO"),
        ("who", None),
        ("Ban", "IGOUNO"),
        ("ban", None),
        ("President Recep Tayyip Erdoğan", "TURGOV"),
        ("the Elysee", "FRAGOV"),
        ("al Qaeda", "IMGMUSALQ"),
        ("Al-Qa'ida", "IMGMUSALQ"),
    ],
)
def test_resolve_normalises_case_spelling_and_accents(
    resolver: ActorResolver, phrase: str, code: str | None
) -> None:
    assert code_of(resolver, phrase) == code
