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
)
