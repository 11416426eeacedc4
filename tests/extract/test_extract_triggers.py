"""Specification of the trigger dictionary (data/triggers.tsv) and its lookups.

Each case is a phrase of wire copy reduced to what the extractor asks: the lemma of a
verb or event noun, its particle, the lemma of its direct object and its prepositions
with the lemma of their objects. The expected codes are CAMEO 1.1b3 codes, with the
choices the file header explains.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from importlib.resources import files

import pytest

from eventwire.codebook import cameo, root_of
from eventwire.errors import InputError
from eventwire.extract.triggers import (
    BLOCK,
    TriggerMatch,
    TriggerRow,
    is_light_verb,
    is_reporting_verb,
    match_noun,
    match_verb,
    parse_triggers,
    trigger_rows,
)

ROOTS = [f"{number:02d}" for number in range(1, 21)]
HEADER = "kind\tlemma\tparticle\tdobj\tprep\tcode\ttarget_prep\ttarget_is_object\tlight\tnote\n"
ANY = object()  # "not checked" in the case table


@dataclass(frozen=True)
class Ask:
    """One lookup as the extractor makes it."""

    kind: str
    lemma: str
    particle: str | None = None
    dobj: str | None = None
    preps: tuple[tuple[str, str | None], ...] = ()

    def __call__(self) -> TriggerMatch | None:
        if self.kind == "noun":
            return match_noun(self.lemma, preps=self.preps)
        return match_verb(self.lemma, particle=self.particle, dobj=self.dobj, preps=self.preps)


def verb(
    lemma: str,
    *,
    particle: str | None = None,
    dobj: str | None = None,
    preps: tuple[tuple[str, str | None], ...] = (),
) -> Ask:
    return Ask("verb", lemma, particle, dobj, preps)


def noun(lemma: str, *, preps: tuple[tuple[str, str | None], ...] = ()) -> Ask:
    return Ask("noun", lemma, preps=preps)


def case(phrase: str, ask: Ask, code: str, *, target: object = ANY, light: object = ANY) -> object:
    return pytest.param(ask, code, target, light, id=phrase)


# (phrase, lookup, expected code, expected target_prep, expected light_verb)
CASES = [
    # -- the examples of the issue --------------------------------------------------------
    case("launched airstrikes", verb("launch", dobj="airstrike"), "195", light=True),
    case(
        "carried out 27 airstrikes on rebel positions",
        verb("carry", particle="out", dobj="airstrike", preps=(("on", "position"),)),
        "195",
        target="on",
        light=True,
    ),
    case(
        "launched strikes on Gaza",
        verb("launch", dobj="strike", preps=(("on", "gaza"),)),
        "195",
        target="on",
        light=True,
    ),
    case("hit 27 targets", verb("hit", dobj="target"), "190", light=False),
    case("hit Kyiv", verb("hit", dobj="kyiv"), "190"),
    case(
        "unleashed an offensive against the militants",
        verb("unleash", dobj="offensive", preps=(("against", "militant"),)),
        "190",
        target="against",
        light=True,
    ),
    case(
        "retook the village from rebels",
        verb("retake", dobj="village", preps=(("from", "rebel"),)),
        "190",
        target="from",
    ),
    case(
        "retook (spaCy's lemma slip)",
        verb("retook", dobj="town", preps=(("from", "rebel"),)),
        "190",
        target="from",
    ),
    case("recaptured the town", verb("recapture", dobj="town"), "190"),
    case(
        "captured a village from rebels",
        verb("capture", dobj="village", preps=(("from", "rebel"),)),
        "190",
        target="from",
    ),
    case("seized the city", verb("seize", dobj="city"), "190"),
    case(
        "seized control of the town", verb("seize", dobj="control", preps=(("of", "town"),)), "190"
    ),
    case("expressed grave concerns", verb("express", dobj="concern"), "012", light=True),
    case(
        "voiced concern over the strikes",
        verb("voice", dobj="concern", preps=(("over", "strike"),)),
        "012",
        target="over",
    ),
    case("calls for a conference", verb("call", preps=(("for", "conference"),)), "026"),
    case("called for talks", verb("call", preps=(("for", "talk"),)), "026"),
    case("called on Russia to stop", verb("call", preps=(("on", "russia"),)), "020", target="on"),
    case("called for restraint", verb("call", preps=(("for", "restraint"),)), "0256"),
    case("met his counterpart", verb("meet", dobj="counterpart"), "040", target="with"),
    case("met with Kerry", verb("meet", preps=(("with", "kerry"),)), "040", target="with"),
    case("warned Russia", verb("warn", dobj="russia"), "130"),
    case(
        "warned of a humanitarian catastrophe", verb("warn", preps=(("of", "catastrophe"),)), "012"
    ),
    case("warned of retaliation", verb("warn", preps=(("of", "retaliation"),)), "138"),
    case("welcomes the decision", verb("welcome", dobj="decision"), "051"),
    case("welcomed the delegation", verb("welcome", dobj="delegation"), "043"),
    case("scrapped a programme", verb("scrap", dobj="programme"), "162"),
    case("scrapped the nuclear deal", verb("scrap", dobj="deal"), "161"),
    case(
        "incursions into Turkish airspace",
        noun("incursion", preps=(("into", "airspace"),)),
        "150",
        target="into",
    ),
    case(
        "a ground incursion into Syria",
        noun("incursion", preps=(("into", "syria"),)),
        "190",
        target="into",
    ),
    case("violated Turkish airspace", verb("violate", dobj="airspace"), "150"),
    case("crossed into Turkish airspace", verb("cross", preps=(("into", "airspace"),)), "150"),
    case("flew 20 sorties", verb("fly", dobj="sortie"), "195", light=True),
    case("destroyed eight positions", verb("destroy", dobj="position"), "190"),
    case("destroyed command posts", verb("destroy", dobj="post"), "190"),
    case("destroyed homes", verb("destroy", dobj="home"), "1712"),
    case("abandoned a programme to train rebels", verb("abandon", dobj="programme"), "162"),
    # -- 19 fight ---------------------------------------------------------------------------
    case("bombed the city", verb("bomb", dobj="city"), "195"),
    case("shelled the town", verb("shell", dobj="town"), "194"),
    case("air strikes on Aleppo", noun("strike", preps=(("on", "aleppo"),)), "195", target="on"),
    case("an air strike (compound)", noun("air strike"), "195"),
    case("an airstrike", noun("airstrike"), "195"),
    case("a raid on the camp", noun("raid", preps=(("on", "camp"),)), "190", target="on"),
    case("a sortie", noun("sortie"), "195"),
    case("a drone strike", noun("drone strike"), "1952"),
    case(
        "the shelling of Donetsk", noun("shelling", preps=(("of", "donetsk"),)), "194", target="of"
    ),
    case("attacked a convoy", verb("attack", dobj="convoy"), "190", target=None),
    case("killed five soldiers", verb("kill", dobj="soldier"), "190"),
    case("killed in an air strike", verb("kill", preps=(("in", "airstrike"),)), "195"),
    case("killed in a bomb attack", verb("kill", preps=(("in", "bomb attack"),)), "183"),
    case("killed by shelling", verb("kill", preps=(("by", "shelling"),)), "194"),
    case(
        "fired missiles at Israel",
        verb("fire", dobj="missile", preps=(("at", "israel"),)),
        "195",
        target="at",
    ),
    case(
        "fired rockets into Israel",
        verb("fire", dobj="rocket", preps=(("into", "israel"),)),
        "194",
        target="into",
    ),
    case("fired on protesters", verb("fire", preps=(("on", "protester"),)), "193", target="on"),
    case(
        "opened fire on protesters",
        verb("open", dobj="fire", preps=(("on", "protester"),)),
        "193",
        target="on",
    ),
    case("shot down a drone", verb("shoot", particle="down", dobj="drone"), "190"),
    case("shot a protester", verb("shoot", dobj="protester"), "193"),
    case("ambushed a patrol", verb("ambush", dobj="patrol"), "190"),
    case("clashed with rebels", verb("clash", preps=(("with", "rebel"),)), "190", target="with"),
    case("besieged the city", verb("besiege", dobj="city"), "191"),
    case("occupied the territory", verb("occupy", dobj="territory"), "192"),
    case("violated the ceasefire", verb("violate", dobj="ceasefire"), "196"),
    case("stepped up attacks", verb("step", particle="up", dobj="attack"), "190", light=True),
    case(
        "mounted an assault on the city",
        verb("mount", dobj="assault", preps=(("on", "city"),)),
        "190",
        target="on",
    ),
    case("the fighting", noun("fighting"), "190"),
    case("hostilities", noun("hostility"), "190"),
    # -- 18 and 20 --------------------------------------------------------------------------
    case("a suicide bombing", noun("suicide bombing"), "1831"),
    case("a car bomb", noun("car bomb"), "1832"),
    case("a bombing at a market", noun("bombing", preps=(("at", "market"),)), "183"),
    case("the bombing of Aleppo", noun("bombing", preps=(("of", "aleppo"),)), "195"),
    case("kidnapped two journalists", verb("kidnap", dobj="journalist"), "181"),
    case("abducted aid workers", verb("abduct", dobj="worker"), "181"),
    case("took hostages", verb("take", dobj="hostage"), "181", light=True),
    case("executed five men", verb("execute", dobj="man"), "1823"),
    case("were executed (passive, no object)", verb("execute"), "1823"),
    case("assassinated the governor", verb("assassinate", dobj="governor"), "186"),
    case("tortured detainees", verb("torture", dobj="detainee"), "1822"),
    case("massacred villagers", verb("massacre", dobj="villager"), "202"),
    case("a massacre", noun("massacre"), "202"),
    case("ethnic cleansing", noun("ethnic cleansing"), "203"),
    case("a chemical attack", noun("chemical attack"), "2041"),
    # -- 17 coerce --------------------------------------------------------------------------
    case("arrested opposition leaders", verb("arrest", dobj="leader"), "173"),
    case("detained protesters", verb("detain", dobj="protester"), "173"),
    case("charged with treason", verb("charge", preps=(("with", "treason"),)), "173"),
    case("expelled the journalist", verb("expel", dobj="journalist"), "174"),
    case("deported migrants", verb("deport", dobj="migrant"), "174"),
    case(
        "cracked down on protesters",
        verb("crack", particle="down", preps=(("on", "protester"),)),
        "175",
        target="on",
    ),
    case("confiscated assets", verb("confiscate", dobj="asset"), "1711"),
    case("seized assets", verb("seize", dobj="asset"), "1711"),
    case("demolished homes", verb("demolish", dobj="home"), "1712"),
    case("imposed a curfew", verb("impose", dobj="curfew"), "1723", light=True),
    case(
        "declared a state of emergency",
        verb("declare", dobj="state", preps=(("of", "emergency"),)),
        "1724",
    ),
    case("banned the party", verb("ban", dobj="party"), "1722"),
    # -- 16 reduce relations ----------------------------------------------------------------
    case(
        "imposed sanctions on Iran",
        verb("impose", dobj="sanction", preps=(("on", "iran"),)),
        "163",
        target="on",
        light=True,
    ),
    case(
        "sanctions against Russia",
        noun("sanction", preps=(("against", "russia"),)),
        "163",
        target="against",
    ),
    case("an embargo", noun("embargo"), "163"),
    case(
        "severed ties with Qatar",
        verb("sever", dobj="tie", preps=(("with", "qatar"),)),
        "161",
        target="with",
    ),
    case("recalled its ambassador", verb("recall", dobj="ambassador"), "161"),
    case("expelled diplomats", verb("expel", dobj="diplomat"), "161"),
    case("suspended military aid", verb("suspend", dobj="military aid"), "1622"),
    case("suspended aid", verb("suspend", dobj="aid"), "162"),
    case("called off the talks", verb("call", particle="off", dobj="talk"), "164"),
    case("walked out of the talks", verb("walk", particle="out", preps=(("of", "talk"),)), "164"),
    case("boycotted American goods", verb("boycott", dobj="good"), "163"),
    # -- 14 protest and 15 force posture ----------------------------------------------------
    case("protesters demonstrated", verb("demonstrate"), "141"),
    case("demonstrated its commitment", verb("demonstrate", dobj="commitment"), "---"),
    case("staged a protest", verb("stage", dobj="protest"), "141", light=True),
    case(
        "rallied against the government",
        verb("rally", preps=(("against", "government"),)),
        "141",
        target="against",
    ),
    case("rioted", verb("riot"), "145"),
    case("went on strike", verb("go", preps=(("on", "strike"),)), "143"),
    case("workers struck over pay", verb("strike", preps=(("over", "pay"),)), "143"),
    case("a general strike", noun("general strike"), "143"),
    case("a strike for higher wages", noun("strike", preps=(("for", "wage"),)), "143"),
    case("staged a hunger strike", verb("stage", dobj="hunger strike"), "142"),
    case("blocked the highway", verb("block", dobj="highway"), "144"),
    case(
        "lodged a protest with China",
        verb("lodge", dobj="protest", preps=(("with", "china"),)),
        "114",
        target="with",
    ),
    case("deployed troops", verb("deploy", dobj="troop"), "154"),
    case(
        "sent troops to the border",
        verb("send", dobj="troop", preps=(("to", "border"),)),
        "154",
        target="to",
    ),
    case("mobilised riot police", verb("mobilise", dobj="riot police"), "153"),
    case("test-fired a missile", verb("test-fire", dobj="missile"), "150"),
    case("military drills", noun("drill"), "150"),
    # -- 11 to 13 ---------------------------------------------------------------------------
    case("accused Russia", verb("accuse", dobj="russia"), "112"),
    case("accused of war crimes", verb("accuse", preps=(("of", "war crime"),)), "1124"),
    case("accused of aggression", verb("accuse", preps=(("of", "aggression"),)), "1123"),
    case("criticized the plan", verb("criticize", dobj="plan"), "111"),
    case("condemned the attack", verb("condemn", dobj="attack"), "111"),
    case("denounced", verb("denounce"), "111"),
    case("slammed the move", verb("slam", dobj="move"), "111"),
    case(
        "hit out at the West",
        verb("hit", particle="out", preps=(("at", "west"),)),
        "111",
        target="at",
    ),
    case("expressed outrage", verb("express", dobj="outrage"), "111"),
    case("sued the government", verb("sue", dobj="government"), "115"),
    case("rejected the proposal", verb("reject", dobj="proposal"), "127"),
    case("rejected the offer of talks", verb("reject", dobj="talk"), "125"),
    case("rejected the accusations", verb("reject", dobj="accusation"), "016"),
    case("dismissed the allegations", verb("dismiss", dobj="allegation"), "016"),
    case("refused", verb("refuse"), "120"),
    case("denied the report", verb("deny", dobj="report"), "016"),
    case("denied involvement", verb("deny", dobj="involvement"), "016"),
    case("vetoed the resolution", verb("veto", dobj="resolution"), "129"),
    case("threatened sanctions", verb("threaten", dobj="sanction"), "1312"),
    case("threatened military action", verb("threaten", dobj="military action"), "138"),
    case("threatened an invasion", verb("threaten", dobj="invasion"), "1384"),
    case("threatened Ukraine", verb("threaten", dobj="ukraine"), "130"),
    case("issued an ultimatum", verb("issue", dobj="ultimatum"), "139", light=True),
    case("demanded the release of hostages", verb("demand", dobj="release"), "1053"),
    case("demanded", verb("demand"), "100"),
    # -- 02 to 10 ---------------------------------------------------------------------------
    case("urged restraint", verb("urge", dobj="restraint"), "0256"),
    case("urged Russia", verb("urge", dobj="russia"), "020"),
    case("appealed for aid", verb("appeal", preps=(("for", "aid"),)), "023"),
    case("asked for help", verb("ask", preps=(("for", "help"),)), "023"),
    case("requested", verb("request"), "020"),
    case("pledged aid", verb("pledge", dobj="aid"), "033"),
    case("offered to mediate: offered mediation", verb("offer", dobj="mediation"), "039"),
    case("agreed to a ceasefire", verb("agree", preps=(("to", "ceasefire"),)), "0356"),
    case("signed a peace deal", verb("sign", dobj="deal"), "057"),
    case("reached an agreement", verb("reach", dobj="agreement"), "057"),
    case("struck a deal", verb("strike", dobj="deal"), "057"),
    case("visited Moscow", verb("visit", dobj="moscow"), "042"),
    case("hosted the summit", verb("host", dobj="summit"), "043"),
    case(
        "held talks with Kerry",
        verb("hold", dobj="talk", preps=(("with", "kerry"),)),
        "046",
        target="with",
        light=True,
    ),
    case("talks with Iran", noun("talk", preps=(("with", "iran"),)), "046", target="with"),
    case("negotiated", verb("negotiate"), "046"),
    case(
        "mediated between the parties",
        verb("mediate", preps=(("between", "party"),)),
        "045",
        target="between",
    ),
    case("spoke by phone", verb("speak", preps=(("by", "phone"),)), "041"),
    case("praised the army", verb("praise", dobj="army"), "051"),
    case("backed the plan", verb("back", dobj="plan"), "051"),
    case("backed down", verb("back", particle="down"), "080"),
    case("apologized", verb("apologize"), "055"),
    case("expressed regret", verb("express", dobj="regret"), "055"),
    case("forgave", verb("forgive"), "056"),
    case("recognised the state", verb("recognise", dobj="state"), "054"),
    case("cooperated with the probe", verb("cooperate", preps=(("with", "probe"),)), "060"),
    case("extradited the suspect", verb("extradite", dobj="suspect"), "063"),
    case("shared intelligence", verb("share", dobj="intelligence"), "064"),
    case(
        "supplied arms to the rebels",
        verb("supply", dobj="arm", preps=(("to", "rebel"),)),
        "072",
        target="to",
    ),
    case("provided humanitarian aid", verb("provide", dobj="humanitarian aid"), "073"),
    case("provided aid", verb("provide", dobj="aid"), "070"),
    case("granted asylum", verb("grant", dobj="asylum"), "075"),
    case("released the hostages", verb("release", dobj="hostage"), "0841"),
    case("freed prisoners", verb("free", dobj="prisoner"), "0841"),
    case("lifted sanctions", verb("lift", dobj="sanction"), "085"),
    case("withdrew its troops", verb("withdraw", dobj="troop"), "0874"),
    case("troops pulled out", verb("pull", particle="out"), "0874"),
    case("declared a ceasefire", verb("declare", dobj="ceasefire"), "0871"),
    case("a truce", noun("truce"), "0871"),
    case("resigned", verb("resign"), "0831"),
    case("investigated the killings", verb("investigate", dobj="killing"), "090"),
    case(
        "launched an investigation into corruption",
        verb("launch", dobj="investigation", preps=(("into", "corruption"),)),
        "091",
        light=True,
    ),
    # -- 01 statements ----------------------------------------------------------------------
    case("said", verb("say"), "010"),
    case("told reporters", verb("tell", dobj="reporter"), "010"),
    case("announced", verb("announce"), "010"),
    case("announced sanctions", verb("announce", dobj="sanction"), "163", light=True),
    case("declined to comment: declined comment", verb("decline", dobj="comment"), "011"),
    case("claimed responsibility", verb("claim", dobj="responsibility"), "015"),
    case("expressed condolences", verb("express", dobj="condolence"), "018"),
    case("expressed hope", verb("express", dobj="hope"), "013"),
    case("is considering", verb("consider"), "014"),
    case("laid a wreath", verb("lay", dobj="wreath"), "017"),
    case("agreed with Paris", verb("agree", preps=(("with", "paris"),)), "019"),
    case("a press conference (compound)", noun("press conference"), "010"),
    # -- rows added for coverage of material cooperation, yielding and their kin ------------
    case(
        "denied the charges (outranks the deed named in them)",
        verb("deny", dobj="charge"),
        "016",
    ),
    case("rejected the suggestion: a rejection", verb("reject", dobj="suggestion"), "120"),
    case("pushed for a new law: advocacy", verb("push", preps=(("for", "law"),)), "020"),
    case("pushed for reform", verb("push", preps=(("for", "reform"),)), "024"),
    case(
        "called for sanctions against the junta",
        verb("call", preps=(("for", "sanction"), ("against", "junta"))),
        "113",
        target="against",
    ),
    case("expressed surprise", verb("express", dobj="surprise"), "010"),
    case("attended the funeral", verb("attend", dobj="funeral"), "017"),
    case("attended the talks (light)", verb("attend", dobj="talk"), "046", light=True),
    case("a wreath-laying ceremony", noun("ceremony"), "017"),
    case("handed in a petition", verb("submit", dobj="petition"), "020"),
    case(
        "had dinner with the premier",
        verb("have", dobj="dinner", preps=(("with", "premier"),)),
        "040",
        target="with",
    ),
    case("met the deadline: no meeting", verb("meet", dobj="deadline"), BLOCK),
    case("met the strikers' demands", verb("meet", dobj="demand"), "083"),
    case("agreed to a truce: an intent", verb("agree", preps=(("to", "truce"),)), "0356"),
    case(
        "defended Ankara over the criticism",
        verb("defend", dobj="ankara", preps=(("over", "criticism"),)),
        "052",
    ),
    case("defended the budget", verb("defend", dobj="budget"), "052"),
    case("defended the city: by arms", verb("defend", dobj="city"), BLOCK),
    case("stood with Kyiv", verb("stand", preps=(("with", "kyiv"),)), "051", target="with"),
    case("strengthened ties with Seoul", verb("strengthen", dobj="tie"), "050"),
    case("reinforced the message: no troops", verb("reinforce", dobj="message"), BLOCK),
    case("provided police training", verb("provide", dobj="police training"), "062"),
    case(
        "joint war games with the navy",
        noun("war game", preps=(("with", "navy"),)),
        "062",
        target="with",
    ),
    case("mobilised funds for the victims", verb("mobilise", dobj="fund"), "071"),
    case(
        "supplied the army with rifles",
        verb("supply", dobj="army", preps=(("with", "rifle"),)),
        "072",
    ),
    case(
        "provided the town with generators",
        verb("provide", dobj="town", preps=(("with", "generator"),)),
        "070",
    ),
    case("gave 20 million euros", verb("give", dobj="euro"), "071"),
    case("handed over medical kits", verb("hand", particle="over", dobj="medical kit"), "073"),
    case("distributed food parcels", verb("distribute", dobj="food parcel"), "073"),
    case("contributed troops", verb("contribute", dobj="troop"), "074"),
    case(
        "deployed as peacekeepers",
        verb("deploy", preps=(("as", "peacekeeper"),)),
        "074",
    ),
    case(
        "sent soldiers to the peacekeeping mission",
        verb("send", dobj="soldier", preps=(("to", "peacekeeping mission"),)),
        "074",
    ),
    case("dispatched rescue teams", verb("dispatch", dobj="rescue team"), "073"),
    case("resettled refugees", verb("resettle", dobj="refugee"), "075"),
    case(
        "opened its borders to migrants",
        verb("open", dobj="border", preps=(("to", "migrant"),)),
        "075",
        target="to",
    ),
    case("evacuated the wounded", verb("evacuate", dobj="wounded"), "073"),
    case("a medical evacuation", noun("medical evacuation"), "073"),
    case("launched a relief operation", verb("launch", dobj="relief operation"), "073"),
    case("the largest donor", noun("donor"), "070"),
    case("returned the statue to Greece", verb("return", dobj="statue"), "0842"),
    case("returned his call: no handover", verb("return", dobj="call"), BLOCK),
    case("freed from captivity", verb("release", preps=(("from", "captivity"),)), "0841"),
    case("scrapped the tariffs", verb("scrap", dobj="tariff"), "085"),
    case("lowered import duties", verb("lower", dobj="import duty"), "085"),
    case("waived the visa requirement", verb("waive", dobj="visa requirement"), "081"),
    case("repealed the decree", verb("repeal", dobj="decree"), "0832"),
    case("lifted the state of emergency", verb("lift", dobj="state"), "0814"),
    case("eased the travel curbs", verb("ease", dobj="travel curb"), "081"),
    case("handed over their rifles", verb("hand", particle="over", dobj="rifle"), "0873"),
    case("gave access to the region", verb("give", dobj="access"), "0863"),
    case("a cessation (light verb)", noun("cessation"), "0871"),
    case("stopped work", verb("stop", dobj="work"), "143"),
    case("burned the flag", verb("burn", dobj="flag"), "141"),
    case("bolstered its troops", verb("bolster", dobj="troop"), "154"),
    case("stayed on high alert", verb("stay", preps=(("on", "high alert"),)), "152"),
    case("a suspension of aid", noun("suspension", preps=(("of", "aid"),)), "162"),
    case("suspended aid deliveries", verb("suspend", dobj="aid delivery"), "1623"),
    case("imposed travel restrictions", verb("impose", dobj="travel restriction"), "172"),
    case("extended the curfew", verb("extend", dobj="curfew"), "1723"),
    case("proclaimed martial law", verb("proclaim", dobj="martial law"), "1724"),
    case(
        "held villagers as human shields",
        verb("hold", dobj="villager", preps=(("as", "human shield"),)),
        "184",
    ),
    case("returned fire", verb("return", dobj="fire"), "193"),
    case("overran the outpost", verb("overrun", dobj="outpost"), "190"),
    case("launched a ground operation", verb("launch", dobj="ground operation"), "190"),
    case("cyber warfare", noun("cyber warfare"), "176"),
    case("fought the epidemic: no force", verb("fight", dobj="epidemic"), BLOCK),
]


@pytest.mark.parametrize(("ask", "code", "target", "light"), CASES)
def test_match_reads_wire_phrases(ask: Ask, code: str, target: object, light: object) -> None:
    match = ask()
    if code == BLOCK:
        assert match is None
        return
    assert match is not None, f"{ask} matched nothing"
    assert match.code == code, f"{ask} -> {match.pattern} ({match.code})"
    if target is not ANY:
        assert match.target_prep == target
    if light is not ANY:
        assert match.light_verb is light


def test_match_case_table_is_large_enough() -> None:
    assert len(CASES) >= 80


# -- the rules of matching -------------------------------------------------------------


@pytest.mark.parametrize(
    "ask",
    [
        verb("launch", dobj="satellite"),
        verb("launch"),
        verb("carry", particle="out", dobj="reform"),
        verb("conduct", dobj="survey"),
        verb("hold", dobj="election"),
        verb("make", dobj="progress"),
        verb("express"),
        verb("issue", dobj="passport"),
        verb("take", dobj="step"),
        verb("step", particle="up", dobj="pressure"),
        verb("begin", dobj="work"),
        verb("unleash", dobj="potential"),
    ],
    ids=str,
)
def test_light_verbs_without_an_event_noun_match_nothing(ask: Ask) -> None:
    assert ask() is None


@pytest.mark.parametrize(
    ("lemma", "particle", "expected"),
    [
        ("launch", None, True),
        ("hold", None, True),
        ("express", None, True),
        ("carry", "out", True),
        ("carry", None, False),
        ("step", "up", True),
        ("step", "down", False),
        ("criticize", None, False),
        ("offer", None, False),
    ],
)
def test_is_light_verb_knows_support_verbs(
    lemma: str, particle: str | None, expected: bool
) -> None:
    assert is_light_verb(lemma, particle=particle) is expected


@pytest.mark.parametrize(
    "lemma",
    ["say", "tell", "state", "add", "quote", "report", "claim", "announce", "according", "Say"],
)
def test_is_reporting_verb_knows_reporting_verbs(lemma: str) -> None:
    assert is_reporting_verb(lemma)


@pytest.mark.parametrize("lemma", ["attack", "meet", "launch"])
def test_is_reporting_verb_rejects_event_verbs(lemma: str) -> None:
    assert not is_reporting_verb(lemma)


@pytest.mark.parametrize("lemma", ["add", "quote", "report"])
def test_reporting_verbs_other_than_statements_are_no_triggers(lemma: str) -> None:
    assert match_verb(lemma) is None


def test_plain_statement_has_the_lowest_specificity() -> None:
    said = match_verb("say")
    assert said is not None and said.specificity == 0
    others = [m for m in (match_verb("meet"), match_verb("criticize")) if m is not None]
    assert all(m.specificity > said.specificity for m in others)


def test_the_most_specific_row_wins() -> None:
    # call for:conference (026) over call for:* (020) over nothing for a bare "call".
    general = match_verb("call", preps=[("for", "money")])
    specific = match_verb("call", preps=[("for", "conference")])
    assert general is not None and specific is not None
    assert (general.code, specific.code) == ("020", "026")
    assert specific.specificity > general.specificity
    # verb + particle + object > verb + object > verb.
    bare = match_verb("hit", dobj="kyiv")
    listed = match_verb("hit", dobj="target")
    assert bare is not None and listed is not None and listed.specificity > bare.specificity
    phrasal = match_verb("call", particle="off", dobj="talk")
    assert phrasal is not None and phrasal.specificity > listed.specificity


def test_ties_go_to_the_earlier_row() -> None:
    # "killed in air strikes and by gunfire": two weapon rows of equal weight; the air
    # strike row comes first in the file.
    match = match_verb("kill", preps=[("by", "gunfire"), ("in", "airstrike")])
    assert match is not None and match.code == "195"


def test_compound_rows_beat_their_head_word() -> None:
    plain = match_noun("strike", preps=[("for", "wage")])
    hunger = match_noun("hunger strike", preps=[("for", "wage")])
    assert plain is not None and hunger is not None
    assert (plain.code, hunger.code) == ("143", "142")
    assert hunger.specificity > plain.specificity


def test_compounds_back_off_to_their_head() -> None:
    match = match_noun("fresh round of talk")  # no such row: falls back to "talk"
    assert match is not None and match.code == "046"


def test_words_are_normalised() -> None:
    assert match_noun("Cease-Fire") == match_noun("cease fire")
    hit = match_noun("AIR_STRIKE")
    assert hit is not None and hit.code == "195"


def test_a_particle_changes_the_verb() -> None:
    backed = match_verb("back", dobj="plan")
    backed_down = match_verb("back", particle="down")
    assert backed is not None and backed_down is not None
    assert (backed.code, backed_down.code) == ("051", "080")
    assert match_verb("crack") is None  # "crack down" needs its particle


@pytest.mark.parametrize(
    "ask",
    [
        verb("hit", dobj="record"),
        verb("execute", dobj="plan"),
        verb("fire", dobj="minister"),
        verb("release", dobj="video"),
        verb("ask", dobj="question"),
        verb("strike", dobj="balance"),
    ],
    ids=str,
)
def test_blocking_rows_mean_no_event(ask: Ask) -> None:
    assert ask() is None


def test_ambiguous_bare_strike_is_left_open() -> None:
    assert match_verb("strike") is None
    assert match_noun("strike") is None


def test_light_verb_pattern_names_verb_and_noun() -> None:
    match = match_verb("launch", dobj="offensive")
    assert match is not None
    assert match.pattern == "launch + offensive"
    assert match.light_verb and not match.target_is_object
    assert match.target_prep == "against"


def test_target_prep_reports_the_one_the_sentence_has() -> None:
    on = match_noun("attack", preps=[("on", "base")])
    against = match_noun("attack", preps=[("against", "base")])
    assert on is not None and against is not None
    assert (on.target_prep, against.target_prep) == ("on", "against")


def test_target_is_object_follows_the_row() -> None:
    criticize = match_verb("criticize", dobj="russia")
    targets = match_verb("hit", dobj="target")
    assert criticize is not None and targets is not None
    assert criticize.target_is_object and not targets.target_is_object


def test_lookups_accept_lists_and_are_cached() -> None:
    first = match_verb("call", preps=[("for", "conference")])
    again = match_verb("call", preps=(("for", "conference"),))
    assert first is again
    assert trigger_rows() is trigger_rows()


# -- the data file -----------------------------------------------------------------------


def _text() -> str:
    return (files("eventwire") / "data" / "triggers.tsv").read_text(encoding="utf-8")


def test_trigger_file_opens_with_a_comment_naming_its_sources() -> None:
    text = _text()
    assert text.startswith("#")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("Source" in line for line in header)


def test_trigger_file_has_ten_columns_and_no_stray_blanks() -> None:
    lines = [line for line in _text().splitlines() if line and not line.startswith("#")]
    assert lines[0] == HEADER.rstrip("\n")
    for line in lines[1:]:
        fields = line.split("\t")
        assert 9 <= len(fields) <= 10, line
        assert fields == [field.strip() for field in fields], line
        assert fields[7] in ("y", "n") and fields[8] in ("y", "n"), line


def test_trigger_file_is_large() -> None:
    assert len(trigger_rows()) >= 350


def test_trigger_codes_exist_in_the_codebook() -> None:
    for row in trigger_rows():
        if row.code is not None and row.code != BLOCK:
            assert cameo(row.code).code == row.code, row.line


@pytest.mark.parametrize("root", ROOTS)
def test_every_root_has_at_least_three_rows(root: str) -> None:
    counts = Counter(root_of(row.code) for row in trigger_rows() if row.code not in (None, BLOCK))
    assert counts[root] >= 3


def test_light_rows_are_verbs_with_an_event_noun() -> None:
    for row in trigger_rows():
        if row.light:
            assert row.kind == "verb", row.line
            assert row.dobj is not None or row.prep is not None, row.line
        if row.code is None:
            assert row.light and row.dobj is not None and row.dobj.any, row.line


def test_no_two_rows_give_different_codes_to_the_same_words() -> None:
    # Rows alike but for their object lists must not share an object under two codes:
    # the tie would go to file order, which nobody reading one of the rows would see.
    by_dobj: dict[tuple[object, ...], list[TriggerRow]] = {}
    by_prep: dict[tuple[object, ...], list[TriggerRow]] = {}
    for row in trigger_rows():
        if row.dobj is not None and not row.dobj.any:
            by_dobj.setdefault((row.kind, row.lemma, row.particles, row.prep), []).append(row)
        if row.prep is not None and not row.prep.objects.any:
            by_prep.setdefault((row.kind, row.lemma, row.particles, row.dobj), []).append(row)
    clashes = []
    for rows in by_dobj.values():
        for a, b in itertools.combinations(rows, 2):
            assert a.dobj is not None and b.dobj is not None
            shared = a.dobj.words & b.dobj.words
            if shared and a.code != b.code:
                clashes.append((a.line, b.line, sorted(shared)))
    for rows in by_prep.values():
        for a, b in itertools.combinations(rows, 2):
            assert a.prep is not None and b.prep is not None
            if a.prep.preps & b.prep.preps:
                shared = a.prep.objects.words & b.prep.objects.words
                if shared and a.code != b.code:
                    clashes.append((a.line, b.line, sorted(shared)))
    assert clashes == []


# -- parse_triggers: bad rows name their line ------------------------------------------------


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("adverb\tquickly\t\t\t\t010\t\tn\tn", "kind"),
        ("verb\tattack\t\t\t\t999\t\ty\tn", "unknown CAMEO event code"),
        ("verb\tattack\t\t\t\t0190\t\ty\tn", "unknown CAMEO event code"),
        ("verb\tattack\t\t\t\t190\t\tyes\tn", "target_is_object"),
        ("verb\tattack\t\t\t\t190\t\ty\tmaybe", "light"),
        ("verb\tlaunch\t\t\t\t\t\tn\ty", "light row"),
        ("verb\tattack\t\t\t\t\t\ty\tn", "empty code"),
        ("verb\tcall\t\t\tfor\t020\t\tn\tn", "prep"),
        ("noun\tattack\t\ttarget\t\t190\t\tn\tn", "noun row"),
        ("verb\tAttack!\t\t\t\t190\t\ty\tn", "lemma"),
    ],
)
def test_parse_triggers_names_the_bad_line(row: str, reason: str) -> None:
    text = "# a test dictionary\n" + HEADER + "verb\tsay\t\t\t\t010\t\tn\tn\n" + row + "\n"
    with pytest.raises(InputError, match=reason) as error:
        parse_triggers(text, source="t.tsv")
    assert error.value.line == 4


def test_parse_triggers_rejects_a_row_that_could_never_win() -> None:
    text = HEADER + "verb\tattack\t\t\t\t190\t\ty\tn\nverb\tattack\t\t\t\t180\t\ty\tn\n"
    with pytest.raises(InputError, match="repeats the conditions of line 2"):
        parse_triggers(text, source="t.tsv")


def test_parse_triggers_reads_conditions() -> None:
    text = HEADER + "verb\tcall\toff\ttalk|Peace-Talk\tfor:*\t164\ton|with\tn\tn\tnote\n"
    (row,) = parse_triggers(text, source="t.tsv")
    assert row.particles == frozenset({"off"})
    assert row.dobj is not None and row.dobj.words == frozenset({"talk", "peace talk"})
    assert row.prep is not None and row.prep.preps == frozenset({"for"}) and row.prep.objects.any
    assert row.target_preps == ("on", "with")
    assert row.specificity == 1 + 2 + 3 + 2
