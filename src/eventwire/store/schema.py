"""The store's schema as named, ordered migrations.

A migration runs once, in order, inside a transaction, and is recorded in
``schema_migrations``. Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS"]

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "articles_runs_dead_letters",
        """
        CREATE TABLE articles (
            id            VARCHAR PRIMARY KEY,   -- given by the input, else from content
            source        VARCHAR,               -- publisher / outlet
            url           VARCHAR,
            title         VARCHAR,
            published     TIMESTAMP,             -- naive UTC; NULL when unknown
            language      VARCHAR,               -- ISO 639-1, NULL when unsure
            format        VARCHAR NOT NULL,      -- text | html | jsonl | warc | feed
            path          VARCHAR NOT NULL,      -- the input file
            line          INTEGER,               -- its line (JSONL)
            byte_offset   BIGINT,                -- its record offset (WARC)
            member        VARCHAR,               -- WARC URI or feed item link
            text          VARCHAR NOT NULL,      -- cleaned body
            original      VARCHAR,               -- the text as the input gave it
            offsets       JSON,                  -- [[clean_start, original_start, length], ...]
            id_given      BOOLEAN NOT NULL,
            content_hash  VARCHAR NOT NULL,      -- of the cleaned text and metadata
            minhash       BLOB,                  -- near-duplicate signature (uint32 x permutations)
            duplicate_of  VARCHAR,               -- canonical article of its near-duplicate group
            similarity    DOUBLE,                -- estimated Jaccard similarity to it
            first_run     BIGINT,
            ingested_at   TIMESTAMP NOT NULL
        );
        CREATE TABLE runs (
            id              BIGINT PRIMARY KEY,
            command         VARCHAR NOT NULL,
            args            JSON,
            started_at      TIMESTAMP NOT NULL,
            finished_at     TIMESTAMP,
            status          VARCHAR NOT NULL,    -- running | done | interrupted | failed
            files           INTEGER DEFAULT 0,
            new             INTEGER DEFAULT 0,
            updated         INTEGER DEFAULT 0,
            unchanged       INTEGER DEFAULT 0,
            duplicates      INTEGER DEFAULT 0,
            near_duplicates INTEGER DEFAULT 0,
            failed          INTEGER DEFAULT 0,
            seconds         DOUBLE
        );
        CREATE TABLE dead_letters (
            id         VARCHAR PRIMARY KEY,      -- from path, line and reason: re-runs add nothing
            path       VARCHAR NOT NULL,
            line       INTEGER,
            kind       VARCHAR NOT NULL,
            reason     VARCHAR NOT NULL,
            first_run  BIGINT,
            last_run   BIGINT,
            seen       INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX articles_duplicate_of ON articles (duplicate_of);
        """,
    ),
    (
        2,
        "events",
        """
        -- Events as read from one article (mentions); merging across articles comes later.
        CREATE TABLE events (
            id              VARCHAR PRIMARY KEY,
            article_id      VARCHAR NOT NULL,
            date            DATE,
            date_precision  VARCHAR,
            source_code     VARCHAR,
            source_country  VARCHAR,
            source_sector   VARCHAR,
            target_code     VARCHAR,
            target_country  VARCHAR,
            target_sector   VARCHAR,
            cameo_code      VARCHAR NOT NULL,
            cameo_root      VARCHAR NOT NULL,
            quad_class      INTEGER NOT NULL,
            goldstein       DOUBLE NOT NULL,
            plover_type     VARCHAR,
            plover_mode     VARCHAR,
            factuality      VARCHAR NOT NULL,
            confidence      DOUBLE NOT NULL,
            location_name   VARCHAR,
            location_country VARCHAR,
            record          JSON NOT NULL,       -- the whole event record (eventwire.serialize)
            run_id          BIGINT,
            extracted_at    TIMESTAMP NOT NULL
        );
        CREATE INDEX events_article ON events (article_id);
        CREATE INDEX events_date ON events (date);
        """,
    ),
    (
        3,
        "mentions_merged_events_stories",
        """
        -- What migration 2 called events are mentions: one record per sentence trigger.
        -- `block` is the merge block (eventwire.merge.events.block_key), `event_id` the
        -- merged event the mention belongs to.
        CREATE TABLE mentions (
            id              VARCHAR PRIMARY KEY,
            article_id      VARCHAR NOT NULL,
            block           VARCHAR,
            event_id        VARCHAR,
            date            DATE,
            date_precision  VARCHAR,
            source_code     VARCHAR,
            source_country  VARCHAR,
            source_sector   VARCHAR,
            target_code     VARCHAR,
            target_country  VARCHAR,
            target_sector   VARCHAR,
            cameo_code      VARCHAR NOT NULL,
            cameo_root      VARCHAR NOT NULL,
            quad_class      INTEGER NOT NULL,
            goldstein       DOUBLE NOT NULL,
            plover_type     VARCHAR,
            plover_mode     VARCHAR,
            factuality      VARCHAR NOT NULL,
            confidence      DOUBLE NOT NULL,
            location_name   VARCHAR,
            location_country VARCHAR,
            record          JSON NOT NULL,
            run_id          BIGINT,
            extracted_at    TIMESTAMP NOT NULL
        );
        INSERT INTO mentions
            SELECT id, article_id, NULL, NULL, date, date_precision, source_code,
                   source_country, source_sector, target_code, target_country, target_sector,
                   cameo_code, cameo_root, quad_class, goldstein, plover_type, plover_mode,
                   factuality, confidence, location_name, location_country, record, run_id,
                   extracted_at
            FROM events;
        DROP TABLE events;
        CREATE INDEX mentions_article ON mentions (article_id);
        CREATE INDEX mentions_block ON mentions (block);
        CREATE INDEX mentions_event ON mentions (event_id);

        -- One record per real event, merged from its mentions.
        CREATE TABLE events (
            id              VARCHAR PRIMARY KEY,
            block           VARCHAR NOT NULL,
            date            DATE,
            date_precision  VARCHAR,
            source_code     VARCHAR,
            source_country  VARCHAR,
            source_sector   VARCHAR,
            target_code     VARCHAR,
            target_country  VARCHAR,
            target_sector   VARCHAR,
            cameo_code      VARCHAR NOT NULL,
            cameo_root      VARCHAR NOT NULL,
            quad_class      INTEGER NOT NULL,
            goldstein       DOUBLE NOT NULL,
            plover_type     VARCHAR,
            plover_mode     VARCHAR,
            factuality      VARCHAR NOT NULL,
            confidence      DOUBLE NOT NULL,
            location_name   VARCHAR,
            location_country VARCHAR,
            location_admin1 VARCHAR,
            lat             DOUBLE,
            lon             DOUBLE,
            num_mentions    INTEGER NOT NULL,
            num_articles    INTEGER NOT NULL,
            num_sources     INTEGER NOT NULL,
            first_seen      TIMESTAMP,
            last_seen       TIMESTAMP,
            story_id        VARCHAR,
            record          JSON NOT NULL
        );
        CREATE INDEX events_block ON events (block);
        CREATE INDEX events_date ON events (date);

        -- Blocks whose mentions changed since they were last merged ('*': mentions with
        -- no block yet, from before this migration). Cleared as each block is merged, so
        -- an interrupted run leaves them for the next.
        CREATE TABLE dirty_blocks (block VARCHAR PRIMARY KEY);
        INSERT INTO dirty_blocks SELECT '*' WHERE EXISTS (SELECT 1 FROM mentions);

        -- Stories: articles grouped by time window and content (eventwire.merge.stories).
        -- story_key: the clusterer's own id for the story; story_id: the public id, from
        -- the story's earliest article, so it does not depend on the order of arrival.
        ALTER TABLE articles ADD COLUMN story_key VARCHAR;
        ALTER TABLE articles ADD COLUMN story_id VARCHAR;
        CREATE TABLE stories (
            id              VARCHAR PRIMARY KEY,
            first_published TIMESTAMP,
            last_published  TIMESTAMP,
            num_articles    INTEGER NOT NULL,
            title           VARCHAR
        );
        -- The story clusterer's state between runs (one row, JSON).
        CREATE TABLE story_state (id INTEGER PRIMARY KEY, state JSON NOT NULL);
        """,
    ),
    (
        4,
        "shards_story_pending",
        """
        -- Story assignments written since the clusterer's state was last saved, batch by
        -- batch (seq): after a crash the next run replays them onto the saved state, so
        -- that it goes on exactly as an uninterrupted run would.
        CREATE TABLE story_pending (seq BIGINT NOT NULL, article_id VARCHAR NOT NULL);

        -- Shards of a sharded ingest (--executor local|dask) whose every article is in
        -- the store: a re-run skips them. The id comes from the shard's input files
        -- (names, sizes, modification times, byte ranges) and the workers' settings.
        CREATE TABLE shards (
            id          VARCHAR PRIMARY KEY,
            paths       JSON NOT NULL,
            bytes       BIGINT,
            articles    INTEGER,
            events      INTEGER,
            problems    INTEGER,
            worker      VARCHAR,               -- host:pid of the worker that made it
            seconds     DOUBLE,                -- the worker's time on it
            run_id      BIGINT,
            loaded_at   TIMESTAMP NOT NULL
        );
        """,
    ),
    (
        5,
        "events_location_places",
        """
        -- The place names each event's location stands for (record.location.places) as a
        -- column, so that the API's in-memory index (eventwire.web.index) reads them
        -- without parsing every record: ~7 s a million events in JSON, ~0.1 s here.
        -- Filled by the same expression the place filter uses (eventwire.query).
        ALTER TABLE events ADD COLUMN location_places VARCHAR[];
        UPDATE events SET location_places = CAST(record->'$.location.places' AS VARCHAR[]);
        """,
    ),
    (
        6,
        "run_writer",
        """
        -- Who writes a run (process id and host name), so that a reader can tell a run in
        -- progress from one whose process died without finishing it (eventwire.web.snapshot).
        ALTER TABLE runs ADD COLUMN pid INTEGER;
        ALTER TABLE runs ADD COLUMN host VARCHAR;
        """,
    ),
)
