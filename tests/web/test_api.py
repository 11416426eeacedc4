"""The HTTP API, as a specification: what each endpoint answers, in-process.

The API shares its filters with the CLI (eventwire.query.EventQuery), so the events it
serves are checked against ``store.query_events`` on the same store.
"""

from __future__ import annotations

import inspect
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import duckdb
import pytest

pytest.importorskip(
    "fastapi", reason="the web extra is not installed: pip install 'eventwire[web]'"
)

from fastapi.testclient import TestClient

from eventwire.errors import StoreError
from eventwire.query import SORTS, EventQuery
from eventwire.store import DuckDBStore
from eventwire.web import api, create_app, reads, serve
from eventwire.web.snapshot import Snapshots

LOCAL = "http://127.0.0.1"  # TestClient's default host, testserver, is refused


def _ids(store: DuckDBStore, **filters: Any) -> list[str]:
    return [e.id for e in store.query_events(EventQuery(**filters))]


def _all_pages(client: TestClient, params: dict[str, Any]) -> tuple[list[str], int]:
    ids: list[str] = []
    cursor = None
    while True:
        page = client.get(
            "/api/events", params={**params, **({"cursor": cursor} if cursor else {})}
        )
        assert page.status_code == 200, page.text
        body = page.json()
        ids += [e["id"] for e in body["events"]]
        cursor = body["next"]
        if cursor is None:
            return ids, body["count"]


def _assert_error(response: Any, status: int, field: str | None = None) -> None:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    assert error.get("field") == field
    assert set(response.json()) == {"error"}


# -- the index and the description ------------------------------------------------------
def test_index_lists_every_endpoint_and_counts(client: TestClient, reference: DuckDBStore) -> None:
    body = client.get("/api").json()
    assert body["counts"]["events"] == reference.count_events()
    assert body["counts"]["articles"] == reference.count_articles()
    assert set(body["endpoints"]) == {
        "/api", "/api/events", "/api/events/{event_id}", "/api/articles/{article_id:path}",
        "/api/stories", "/api/stories/{story_id}", "/api/actors", "/api/timeline", "/api/map",
    }  # fmt: skip


def test_openapi_is_served_and_docs_need_no_cdn(client: TestClient) -> None:
    spec = client.get("/openapi.json")
    assert spec.status_code == 200
    assert "/api/events" in spec.json()["paths"]
    _assert_error(client.get("/docs"), 404)  # FastAPI's /docs loads scripts from a CDN
    _assert_error(client.get("/redoc"), 404)


def test_serve_binds_localhost_by_default() -> None:
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


# -- /api/events --------------------------------------------------------------------------
def test_keyset_covers_every_sort_of_event_query() -> None:
    assert set(reads.KEYSET) == set(SORTS)


@pytest.mark.parametrize("sort", sorted(SORTS))
def test_events_pages_cover_every_event_exactly_once_in_query_order(
    client: TestClient, reference: DuckDBStore, sort: str
) -> None:
    ids, count = _all_pages(client, {"sort": sort, "limit": 7})
    assert ids == _ids(reference, sort=sort)
    assert len(set(ids)) == len(ids) == count == reference.count_events()


def test_events_page_defaults_to_50(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert len(body["events"]) == min(api.DEFAULT_PAGE, body["count"])
    assert body["next"] is not None


@pytest.mark.parametrize(
    "filters",
    [
        {"actor": "RUS"},
        {"target": "IMGMUSISI"},
        {"root": "19"},
        {"root": "195"},
        {"quad": 4},
        {"since": "2015-10-01", "until": "2015-10-05"},
        {"place": "SYR"},
        {"place": "Hama"},
        {"factuality": "asserted", "quad": 1},
        {"article": "wire-0003"},
    ],
)
def test_events_filters_select_what_event_query_selects(
    client: TestClient, reference: DuckDBStore, filters: dict[str, Any]
) -> None:
    ids, count = _all_pages(client, {**filters, "limit": 500})
    expected = _ids(reference, **filters)
    assert ids == expected and count == len(expected)
    assert expected  # every case selects something from the example corpus


def test_events_filter_by_story(client: TestClient, reference: DuckDBStore) -> None:
    story = reference.stories()[0]["id"]
    ids, _ = _all_pages(client, {"story": story})
    assert ids == _ids(reference, story=story) and ids


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"root": "99"}, "root"),
        ({"actor": "rus"}, "actor"),
        ({"quad": 7}, "quad"),
        ({"quad": "four"}, "quad"),
        ({"since": "yesterday"}, "since"),
        ({"since": "2015-10-09", "until": "2015-10-01"}, "since"),
        ({"factuality": "maybe"}, "factuality"),
        ({"sort": "random"}, "sort"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"place": "x" * 201}, "place"),
    ],
)
def test_events_invalid_filter_is_422_naming_the_field(
    client: TestClient, params: dict[str, Any], field: str
) -> None:
    _assert_error(client.get("/api/events", params=params), 422, field)


def test_events_cursor_of_another_sort_is_422(client: TestClient) -> None:
    cursor = client.get("/api/events", params={"sort": "date", "limit": 2}).json()["next"]
    _assert_error(
        client.get("/api/events", params={"sort": "-date", "cursor": cursor}), 422, "cursor"
    )


# -- /api/events/{id} ---------------------------------------------------------------------
def test_event_has_its_mentions_with_evidence_and_claims(
    client: TestClient, reference: DuckDBStore
) -> None:
    merged = next(e for e in reference.events() if e.num_mentions > 1)
    body = client.get(f"/api/events/{merged.id}").json()
    assert body["event"]["id"] == merged.id
    assert sorted(m["id"] for m in body["mentions"]) == sorted(merged.mentions)
    for mention in body["mentions"]:
        evidence = mention["evidence"]
        assert evidence["article_id"] == mention["article_id"]
        original = client.get(f"/api/articles/{mention['article_id']}").json()["article"][
            "original"
        ]
        assert original[evidence["start"] : evidence["end"]] == evidence["sentence"]
    assert body["claims"] == body["event"]["claims"]


def test_event_claims_name_who_gave_each_figure(client: TestClient, reference: DuckDBStore) -> None:
    with_claims = next(e for e in reference.events() if e.claims)
    claims = client.get(f"/api/events/{with_claims.id}").json()["claims"]
    assert {c["text"] for c in claims} == {c.text for c in with_claims.claims}
    assert all("article_id" in c and "claimant" in c for c in claims)


@pytest.mark.parametrize(
    "url",
    [
        "/api/events/0000000000000000",
        "/api/articles/no-such-article",
        "/api/stories/story-x",
        "/api/nothing",
        "/nothing",
    ],
)
def test_unknown_ids_and_paths_are_404(client: TestClient, url: str) -> None:
    _assert_error(client.get(url), 404)


def test_writes_are_not_allowed(client: TestClient) -> None:
    _assert_error(client.post("/api/events", json={}), 405)
    _assert_error(client.delete("/api/events/0000000000000000"), 405)


# -- /api/articles/{id} ---------------------------------------------------------------------
def test_article_spans_point_at_the_trigger_and_arguments(client: TestClient) -> None:
    body = client.get("/api/articles/wire-0003").json()
    article, spans = body["article"], body["spans"]
    assert article["title"] and article["text"] and article["story_id"].startswith("story-")
    assert spans and body["events"]
    for span in spans:
        start, end = span["sentence"]
        for part in ("trigger", "source", "target"):
            if span[part] is not None:
                assert start <= span[part][0] < span[part][1] <= end
                assert article["original"][span[part][0] : span[part][1]].strip()


def test_article_markup_is_returned_as_inert_json_text(
    client: TestClient, markup_article_id: str
) -> None:
    response = client.get(f"/api/articles/{markup_article_id}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    article = response.json()["article"]
    assert "<script>alert('x')</script>" in article["original"]
    assert 'onerror="alert(1)"' in article["original"]


# -- stories, actors, timeline, map ------------------------------------------------------------
def test_stories_list_and_one_story_with_its_timeline(
    client: TestClient, reference: DuckDBStore
) -> None:
    body = client.get("/api/stories").json()
    assert body["count"] == len(reference.stories()) == len(body["stories"])
    biggest = max(body["stories"], key=lambda s: s["num_articles"])
    story = client.get(f"/api/stories/{biggest['id']}").json()
    assert len(story["story"]["articles"]) == biggest["num_articles"]
    dates = [e["date"] for e in story["events"] if e["date"]]
    assert dates == sorted(dates)
    assert story["num_events"] == len(_ids(reference, story=biggest["id"]))
    assert client.get("/api/stories", params={"limit": 1}).json()["stories"] == body["stories"][:1]


def test_actors_count_source_and_target_codes(client: TestClient, reference: DuckDBStore) -> None:
    body = client.get("/api/actors", params={"limit": 100}).json()
    events = list(reference.events())
    for role, actors in (("source", body["sources"]), ("target", body["targets"])):
        counts = [a["count"] for a in actors]
        assert counts == sorted(counts, reverse=True)
        for actor in actors:
            codes = [getattr(e, role).code for e in events if getattr(e, role)]
            assert actor["count"] == codes.count(actor["code"])


def test_actors_take_the_event_filters(client: TestClient) -> None:
    body = client.get("/api/actors", params={"actor": "RUS"}).json()
    assert body["sources"] and all(a["code"].startswith("RUS") for a in body["sources"])
    _assert_error(client.get("/api/actors", params={"quad": 9}), 422, "quad")


@pytest.mark.parametrize("by", ["quad", "root"])
def test_timeline_counts_every_dated_event_once(
    client: TestClient, reference: DuckDBStore, by: str
) -> None:
    body = client.get("/api/timeline", params={"by": by}).json()
    assert body["by"] == by
    assert sum(d["count"] for d in body["days"]) + body["undated"] == reference.count_events()
    for day in body["days"]:
        assert sum(day["counts"].values()) == day["count"]
        assert -10 <= day["goldstein"] <= 10
    keys = {k for d in body["days"] for k in d["counts"]}
    assert keys <= ({"1", "2", "3", "4"} if by == "quad" else {f"{n:02d}" for n in range(1, 21)})
    assert [d["date"] for d in body["days"]] == sorted(d["date"] for d in body["days"])


def test_timeline_by_must_be_quad_or_root(client: TestClient) -> None:
    _assert_error(client.get("/api/timeline", params={"by": "day"}), 422, "by")


def test_map_counts_events_per_place(client: TestClient, reference: DuckDBStore) -> None:
    body = client.get("/api/map").json()
    placed = sum(p["count"] for p in body["places"])
    assert placed + body["unplaced"] == reference.count_events()
    syria = next(p for p in body["places"] if p["name"] == "Syria")
    assert syria["country"] == "SYR" and syria["lat"] is not None
    only = client.get("/api/map", params={"place": "SYR"}).json()["places"]
    assert {p["country"] for p in only} == {"SYR"}


# -- errors ---------------------------------------------------------------------------------
def test_a_crash_is_500_without_a_traceback(web_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals at /home/user")

    monkeypatch.setattr(reads, "actors", broken)
    with TestClient(
        create_app(str(web_db)), base_url=LOCAL, raise_server_exceptions=False
    ) as crashing:
        response = crashing.get("/api/actors")
    _assert_error(response, 500)
    assert "secret" not in response.text and "Traceback" not in response.text


def test_no_store_is_refused_up_front(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="eventwire ingest"):
        create_app(str(tmp_path / "missing.duckdb"))


def test_a_store_that_cannot_be_read_is_503(tmp_path: Path) -> None:
    broken = tmp_path / "broken.duckdb"  # a DuckDB header, then garbage
    broken.write_bytes(b"\0" * 8 + b"DUCK" + b"not a database" * 1000)
    with TestClient(create_app(str(broken)), base_url=LOCAL) as unreadable:
        _assert_error(unreadable.get("/api/events"), 503)


def _other_duckdb(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE events (id VARCHAR)")
    con.close()
    return path


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda p: p.write_text("id,date\n1,2015-10-01\n" * 100) and p, "not a DuckDB database"),
        (_other_duckdb, "without the tables schema_migrations, runs"),
    ],
    ids=["csv-file", "other-duckdb"],
)
def test_a_file_that_is_not_a_store_is_refused_up_front(
    tmp_path: Path, make: Any, why: str
) -> None:
    path = tmp_path / "x.duckdb"
    make(path)
    with pytest.raises(StoreError, match=f"is not an eventwire store.*{why}"):
        create_app(str(path))


def test_serve_command_refuses_a_file_that_is_not_a_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from click.testing import CliRunner

    from eventwire.cli import cli

    started: list[Any] = []  # a server that started would serve 503 until stopped
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.append(app))

    path = tmp_path / "notes.duckdb"
    path.write_text("my notes\n" * 100)
    result = CliRunner().invoke(cli, ["serve", "--db", str(path)])
    assert result.exit_code != 0
    assert "is not an eventwire store" in result.output and not started
    assert not (tmp_path / "notes.duckdb.snapshots").exists()


# -- the Host check (DNS rebinding) -------------------------------------------------------
@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:8000", "[::1]", "[::1]:8000"],
)
def test_loopback_host_names_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/api", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:8000",
        "localhost.evil.example",
        "127.0.0.1.evil.example:8000",
        "testserver",
        "0.0.0.0:8000",
        "",
    ],
)
@pytest.mark.parametrize("path", ["/api", "/api/events", "/", "/static/app.js", "/nothing"])
def test_other_host_names_are_400(client: TestClient, host: str, path: str) -> None:
    response = client.get(path, headers={"Host": host})
    _assert_error(response, 400)
    assert "--allowed-host" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("localhost", "localhost"),
        ("LocalHost:8000", "localhost"),
        ("[::1]:8000", "[::1]"),
        ("[::1]", "[::1]"),
        ("events.lan:80", "events.lan"),
        ("events.lan:http", "events.lan:http"),
        ("", ""),
    ],
)
def test_host_name_drops_the_port(header: str, name: str) -> None:
    assert api.host_name(header) == name


def test_allowed_hosts_add_names_but_not_wildcards() -> None:
    names = api.allowed_host_names(["0.0.0.0", "::", "::1", "Events.LAN", "10.0.0.5"])
    assert names == {"127.0.0.1", "localhost", "[::1]", "events.lan", "10.0.0.5"}


def test_serve_allows_its_host_and_each_allowed_host(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from click.testing import CliRunner

    from eventwire.cli import cli

    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app, **options))
    args = ["serve", "--db", str(web_db), "--host", "10.0.0.5"]
    args += ["--allowed-host", "events.lan", "--allowed-host", "box"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert served["host"] == "10.0.0.5"
    with TestClient(served["app"]) as client:
        for host in ("10.0.0.5:8000", "events.lan", "box:8000", "localhost:8000"):
            assert client.get("/api", headers={"Host": host}).status_code == 200, host
        _assert_error(client.get("/api", headers={"Host": "evil.example"}), 400)


# -- methods: 405 with Allow, HEAD wherever GET ---------------------------------------------
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/events"),
        ("DELETE", "/api/events/0000000000000000"),
        ("PUT", "/api"),
        ("POST", "/"),
        ("POST", "/static/app.js"),
    ],
)
def test_other_methods_are_405_with_allow(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path)
    _assert_error(response, 405)
    assert response.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "path",
    ["/api", "/api/events?limit=3", "/api/timeline", "/openapi.json", "/", "/static/app.js"],
)
def test_head_answers_where_get_does_without_a_body(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers.get("content-security-policy") == got.headers.get("content-security-policy")


def test_head_of_an_unknown_path_is_404(client: TestClient) -> None:
    assert client.head("/api/events/0000000000000000").status_code == 404


# -- reading while ingest writes (eventwire.web.snapshot) --------------------------------------
WRITER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])          # the write lock, held until we are told to go
con.execute("DELETE FROM events WHERE id = ?", [sys.argv[2]])
print("written", flush=True)
sys.stdin.readline()
con.close()
"""


def test_api_answers_while_another_process_holds_the_write_lock(
    web_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "live.duckdb"
    db.write_bytes(web_db.read_bytes())
    with DuckDBStore(db, read_only=True) as store:
        total = store.count_events()
        gone = next(store.events()).id
    with TestClient(create_app(str(db), refresh_interval=0), base_url=LOCAL) as client:
        assert client.get("/api").json()["counts"]["events"] == total
        writer = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(WRITER), str(db), gone],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert writer.stdout is not None and writer.stdout.readline() == "written\n"
            # the premise: while ingest writes, nobody else can open the file, even read-only
            with pytest.raises(duckdb.IOException, match="lock"):
                duckdb.connect(str(db), read_only=True)
            # the API still answers, from a snapshot that includes the committed delete
            assert client.get("/api").json()["counts"]["events"] == total - 1
            _assert_error(client.get(f"/api/events/{gone}"), 404)
            assert client.get("/api/events", params={"limit": 500}).json()["count"] == total - 1
        finally:
            assert writer.stdin is not None
            writer.stdin.write("\n")
            writer.stdin.close()
            writer.wait(timeout=30)
        assert writer.returncode == 0
        assert client.get("/api").json()["counts"]["events"] == total - 1


def test_a_copy_torn_by_a_write_is_thrown_away_and_the_last_snapshot_served(
    web_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "busy.duckdb"
    db.write_bytes(web_db.read_bytes())
    snapshots = Snapshots(db, refresh_interval=0)
    try:
        with snapshots.reader() as reader:
            total = reader.store.count_events()
        copy = shutil.copyfile

        def copy_while_written(src: Any, dst: Any) -> Any:
            done = copy(src, dst)
            with db.open("ab") as live:  # a write lands while the copy is taken
                live.write(b"\0")
            return done

        monkeypatch.setattr(shutil, "copyfile", copy_while_written)
        with db.open("ab") as live:  # the store changed: a new snapshot is due
            live.write(b"\0")
        assert snapshots.refresh() is False
        assert snapshots.failures == 1
        with snapshots.reader() as reader:  # still the last whole snapshot
            assert reader.store.count_events() == total
    finally:
        snapshots.close()


def test_snapshots_are_private_copies_deleted_on_close(web_db: Path) -> None:
    snapshots = Snapshots(web_db, refresh_interval=0)
    with snapshots.reader() as reader:
        copy = Path(reader.store.path)
        assert copy.is_file() and copy != web_db
    assert snapshots.refresh() is False  # unchanged store: no new copy
    snapshots.close()
    assert not copy.exists()
    assert web_db.is_file()
