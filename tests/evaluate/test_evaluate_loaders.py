"""Loaders read tiny made-up files in each real format, and name the line of bad input."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import EvaluationError
from eventwire.evaluate.loaders import (
    load_ecbplus,
    load_events,
    load_geo,
    load_penta,
    load_petrarch,
    load_plover,
    load_spans,
    load_story_pairs,
    load_timex,
)
from eventwire.evaluate.loaders.cameo import bio_spans
from eventwire.evaluate.loaders.timex import GoldTimex

WriteFile = Callable[[str, str], Path]  # the `write` fixture (conftest.py)


def test_load_penta_reads_tsv_with_crlf(write: WriteFile) -> None:
    path = write(
        "class.tsv",
        "Ruritanian troops shelled the border town.\t4\r\n"
        "The minister praised the new harbour.\t0\r\n\r\n",
    )
    records = load_penta(path)
    assert [(r.text, r.label) for r in records] == [
        ("Ruritanian troops shelled the border town.", 4),
        ("The minister praised the new harbour.", 0),
    ]
    assert records[0].id == "class:1"


def test_load_penta_rejects_bad_label_with_line(write: WriteFile) -> None:
    path = write("class.tsv", "Fine sentence.\t1\nNo label here\n")
    with pytest.raises(EvaluationError, match=r"class.tsv:2"):
        load_penta(path)


def test_bio_spans_handles_runs_and_stray_inside_tags() -> None:
    tags = ["B-S", "I-S", "O", "I-T", "B-T", "B-T", "I-T", "I-S"]
    assert bio_spans(tags) == [(0, 2, "S"), (3, 4, "T"), (4, 5, "T"), (5, 7, "T"), (7, 8, "S")]


def test_load_spans_reads_conll(write: WriteFile) -> None:
    path = write(
        "ner.txt",
        "The O\nRuritanian B-S\narmy I-S\nshelled O\nBorduria B-T\n. O\n\n"
        "Talks O\nbetween O\nthe O\ntwo B-R\nleaders I-R\nended O\n. O\n\n",
    )
    first, second = load_spans(path)
    assert first.tokens[1:3] == ("Ruritanian", "army")
    assert first.spans == ((1, 3, "S"), (4, 5, "T"))
    assert second.spans == ((3, 5, "R"),)
    assert second.id == "ner:8"


def test_load_spans_rejects_untagged_line(write: WriteFile) -> None:
    with pytest.raises(EvaluationError, match=r"ner\.txt:2"):
        load_spans(write("ner.txt", "The O\nword\n"))


def test_load_plover_skips_document_and_normalises(write: WriteFile) -> None:
    records = [
        {"id": "DOC", "event": "DOCUMENT", "eventText": "provenance"},
        {
            "id": "R1",
            "event": "DEMAND",
            "text": "Ruritanian officials demanded that Borduria free the sailors.",
            "source": [{"actorText": "Ruritanian officials", "code": "RUR", "sector": "GOV"}],
            "target": [{"actorText": "Borduria", "code": "BOR"}],
        },
        {
            "id": "R2",
            "event": "FIGHT",
            "text": "Separatists clashed with the army.",
            "source": [{"actorText": "Separatists", "code": "RUR", "sector": "REBsep"}],
            "target": "",
        },
        {
            "id": "R3",
            "event": "AGREE",
            "text": "They agreed.",
            "source": [{"actorText": "They", "code": "RUR", "sector": "***"}],
            "target": None,
        },
    ]
    gold = load_plover(write("plover.json", json.dumps(records)))
    assert [g.id for g in gold] == ["R1", "R2", "R3"]
    assert [g.event for g in gold] == ["REQUEST", "ASSAULT", "AGREE"]
    assert gold[0].sources[0].sector == "GOV"
    assert gold[0].targets[0].sector is None
    assert gold[1].sources[0].sector == "REB"  # lower-case qualifier dropped
    assert gold[1].targets == ()  # "" means no target
    assert gold[2].sources[0].sector is None  # *** means unknown


def test_load_petrarch_reads_codings_and_no_events(write: WriteFile) -> None:
    lines = [
        {
            "id": "S1",
            "date": "20080101",
            "category": "GOLD",
            "text": "Ruritania accused Borduria of spying.",
            "codings": [{"eventcode": "112", "sourcecode": "RUR", "targetcode": "BORGOV"}],
        },
        {
            "id": "S2",
            "category": "AFP",
            "text": "Nothing happened.",
            "codings": [{"noevents": "True"}],
        },
    ]
    path = write("petr.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    first, second = load_petrarch(path)
    assert first.codings[0].event_code == "112"
    assert first.codings[0].target_code == "BORGOV"
    assert second.codings == ()


LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="a1">
    <title>Made up</title>
    <text><![CDATA[Flooding hit Springfield and Shelbyville on Monday.]]></text>
    <toponyms>
      <toponym><start>13</start><end>24</end><phrase>Springfield</phrase>
        <gaztag geonameid="111"><name>Springfield</name><lat>39.8</lat><lon>-89.6</lon></gaztag>
      </toponym>
      <toponym><start>30</start><end>41</end><phrase>Shelbyville</phrase></toponym>
    </toponyms>
  </article>
</articles>"""

GWN_XML = """<?xml version="1.0" ?>
<articles>
  <article file="7">
    <title>Made up</title>
    <text>Residents of Lakeside left the lot near Hill Road.</text>
    <toponyms>
      <toponym><extractedName>Lakeside</extractedName><type>Literal</type>
        <start>13</start><end>21</end><geonamesID>222</geonamesID>
        <latitude>10.5</latitude><longitude>20.5</longitude></toponym>
      <toponym><extractedName>lot</extractedName><type>Literal_Expression</type>
        <start>31</start><end>34</end></toponym>
      <toponym><extractedName>Hill Road</extractedName><type>Literal</type>
        <start>40</start><end>49</end><geonamesID/><latitude>1.0</latitude><longitude>2.0</longitude></toponym>
    </toponyms>
  </article>
</articles>"""

# GeoVirus counts offsets from 1: "Lakeside" is text[10:18] but annotated 11-19.
GEOVIRUS_XML = """<articles>
  <article>
    <source>https://example.org/made-up</source>
    <text>Cases in Lakeside rose; Rivertown, too.</text>
    <locations>
      <location><name>Lakeside</name><start>10</start><end>18</end>
        <lat>1.5</lat><lon>2.5</lon><page>https://example.org/Lakeside</page></location>
      <location><name>Rivertown</name><start>25</start><end>34</end>
        <lat>3.5</lat><lon>4.5</lon><page>https://example.org/Rivertown</page></location>
      <location><name>Nowhere</name><start>1</start><end>8</end>
        <lat>0</lat><lon>0</lon><page>https://example.org/Nowhere</page></location>
    </locations>
  </article>
</articles>"""


def test_load_geo_lgl_format(write: WriteFile) -> None:
    (doc,) = load_geo(write("lgl.xml", LGL_XML))
    spring, shelby = doc.toponyms
    assert doc.text[spring.start : spring.end] == "Springfield"
    assert (spring.geonameid, spring.lat, spring.lon) == (111, 39.8, -89.6)
    assert (shelby.geonameid, shelby.lat) == (None, None)  # recognised, unresolved


def test_load_geo_geowebnews_keeps_toponym_types_only(write: WriteFile) -> None:
    (doc,) = load_geo(write("gwn.xml", GWN_XML))
    assert [t.name for t in doc.toponyms] == ["Lakeside", "Hill Road"]
    assert doc.toponyms[0].geonameid == 222
    assert doc.toponyms[1].geonameid is None and doc.toponyms[1].lat == 1.0


def test_load_geo_geovirus_realigns_and_drops(write: WriteFile) -> None:
    (doc,) = load_geo(write("gv.xml", GEOVIRUS_XML))
    assert [(t.name, doc.text[t.start : t.end]) for t in doc.toponyms] == [
        ("Lakeside", "Lakeside"),
        ("Rivertown", "Rivertown"),
    ]
    assert doc.toponyms[0].start == 9
    assert len(doc.dropped) == 1 and "Nowhere" in doc.dropped[0]


def test_load_geo_rejects_other_xml(write: WriteFile) -> None:
    with pytest.raises(EvaluationError, match="no <article>"):
        load_geo(write("x.xml", "<root><item/></root>"))


TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>MADEUP001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
The council <EVENT eid="e1" class="OCCURRENCE">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="PT3H">three hours</TIMEX3> and will vote on <TIMEX3 tid="t3" type="DATE" value="1998-02-02">Feb. 2</TIMEX3>.
</TEXT>
</TimeML>"""


def test_load_timex_offsets_and_dct(write: WriteFile) -> None:
    write("tml/b.tml", TML.replace("MADEUP001", "MADEUP002"))
    write("tml/a.tml", TML)
    docs = load_timex(write("tml/a.tml", TML).parent)
    assert [d.id for d in docs] == ["MADEUP001", "MADEUP002"]  # sorted by file name
    doc = docs[0]
    assert doc.dct == date(1998, 1, 8)
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("yesterday", "DATE", "1998-01-07"),
        ("three hours", "DURATION", "PT3H"),
        ("Feb. 2", "DATE", "1998-02-02"),
    ]
    assert all(doc.text[t.start : t.end] == t.text for t in doc.timexes)
    assert isinstance(doc.timexes[0], GoldTimex)


def test_load_timex_needs_dct(write: WriteFile) -> None:
    with pytest.raises(EvaluationError, match="DCT"):
        load_timex(write("x.tml", "<TimeML><TEXT>no date</TEXT></TimeML>"))


def test_load_ecbplus_and_pairs(write: WriteFile) -> None:
    doc = {
        "doc_name": "1_1ecb.xml",
        "topic": 1,
        "subtopic": "ecb",
        "cluster_id": "1_ecb",
        "source_url": None,
        "sentences": ["A singer entered rehab .", "Her agent confirmed it ."],
        "n_action_mentions": 2,
    }
    (story,) = load_ecbplus(write("ecb.jsonl", json.dumps(doc) + "\n"))
    assert (story.id, story.cluster, story.topic) == ("1_1ecb.xml", "1_ecb", "1")
    assert story.text == "A singer entered rehab .\nHer agent confirmed it ."
    pair = {"pair_id": "1_2", "text_1": "a", "text_2": "b", "Overall": 1.0, "Geography": 1.0}
    far = dict(pair, pair_id="3_4", Overall=4.0)
    near, apart = load_story_pairs(write("pairs.jsonl", f"{json.dumps(pair)}\n{json.dumps(far)}\n"))
    assert (near.similarity, apart.similarity) == (1.0, 0.0)  # 1 = same story


def test_load_events_reads_alternatives_and_text(write: WriteFile) -> None:
    write("corpus/strike.txt", "Ruritanian jets struck rebel positions near Oldtown.")
    line = {
        "article": "corpus/strike.txt",
        "published": "2015-10-01",
        "events": [
            {
                "source": "RURMIL",
                "target": "RURREB",
                "root": "19",
                "code": "195",
                "date": "2015-09-30",
                "place": "Oldtown",
                "alternatives": [{"target": "RURINS"}, {"root": "18", "code": None}],
            },
            {"source": "BOR", "target": None, "root": "01"},
        ],
    }
    (article,) = load_events(write("events.jsonl", json.dumps(line) + "\n"))
    assert article.text is not None and article.text.startswith("Ruritanian jets")
    assert article.published == date(2015, 10, 1)
    strike, statement = article.events
    first_alt, second_alt = strike.alternatives
    assert (first_alt.target, first_alt.root, first_alt.place) == ("RURINS", "19", "Oldtown")
    assert (second_alt.root, second_alt.code, second_alt.target) == ("18", None, "RURREB")
    assert len(strike.readings) == 3
    assert statement.target is None and statement.code is None


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"target": "X", "root": "19"}, "needs 'source' and 'root'"),
        ({"source": "RUR", "root": "21"}, "root must be"),
        ({"source": "RUR", "root": "19", "code": "180"}, "does not start with root"),
        ({"source": "RUR", "root": "19", "date": "last week"}, "isoformat"),
        ({"source": "RUR", "root": "19", "actor": "x"}, "unknown event field"),
    ],
)
def test_load_events_rejects_bad_events_with_line(
    write: WriteFile, event: dict[str, str], message: str
) -> None:
    good = json.dumps({"article": "a", "events": []})
    bad = json.dumps({"article": "b", "events": [event]})
    with pytest.raises(EvaluationError, match=rf"events.jsonl:2: .*{message}"):
        load_events(write("events.jsonl", f"{good}\n{bad}\n"))


# Counts from each data folder's README: the loaders read the whole real files.
SHARED_COUNTS = [
    ("conflibert_cameo/cameo_class_train.tsv", load_penta, 1349, None),
    ("conflibert_cameo/cameo_ner_train.txt", load_spans, 1153, None),
    ("plover_gsr/plover_gsr_dev.json", load_plover, 161, None),
    ("petrarch2_gsr_validation/PETR2_GSR_validation_dev.jsonl", load_petrarch, 39, None),
    ("geo_lgl/lgl_dev.xml", load_geo, 303, 2649),
    ("geo_trnews/TR-News_dev.xml", load_geo, 49, 463),
    ("geo_geovirus/GeoVirus_dev.xml", load_geo, 113, 1076),
    ("geo_geowebnews/GeoWebNews_dev.xml", load_geo, 96, None),
    ("timebank_aquaint_tempeval3", load_timex, 134, None),
    ("ecbplus/ecbplus_docs.jsonl", load_ecbplus, 982, None),
    ("semeval2022_task8_en_pairs/semeval2022_task8_en_en_pairs.jsonl", load_story_pairs, 193, None),
]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("relative", "loader", "records", "items"),
    SHARED_COUNTS,
    ids=[c[0].split("/")[0] for c in SHARED_COUNTS],
)
def test_loaders_read_the_shared_gold_completely(
    shared_data: Path,
    relative: str,
    loader: Callable[[Path], Sequence[Any]],
    records: int,
    items: int | None,
) -> None:
    path = shared_data / relative
    if not path.exists():
        pytest.skip(f"{path} not found")
    loaded = loader(path)
    assert len(loaded) == records
    if items is not None:  # toponyms, as the README counts them
        assert sum(len(doc.toponyms) for doc in loaded) == items
