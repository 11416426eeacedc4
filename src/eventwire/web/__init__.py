"""The HTTP side of eventwire: the read-only API that ``eventwire serve`` runs.

    from eventwire.web import create_app, serve
    app = create_app("eventwire.duckdb")        # a FastAPI app (test it in-process)
    serve("eventwire.duckdb", port=8000)        # run it with uvicorn on 127.0.0.1

    api.py        endpoints, parameters and the one JSON error shape
    reads.py      the SQL behind pages, cursors and aggregates (filters: eventwire.query)
    snapshot.py   why and how the server reads a snapshot, not the live store
    static/       the dashboard at ``/``: index.html, app.js, style.css, basemap.json
                  (built by scripts/basemap.py from Natural Earth; nothing loaded from outside)

FastAPI and uvicorn are optional: they are imported only here, when asked for, and a
missing one says the install line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from eventwire.errors import ConfigError

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "serve"]

INSTALL = "pip install 'eventwire[web]'  (or: pip install fastapi uvicorn)"


def _need(module: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ConfigError(f"`eventwire serve` needs {module}, which is not installed: {INSTALL}")


def create_app(
    db: str, *, refresh_interval: float = 2.0, allowed_hosts: Iterable[str] = ()
) -> FastAPI:
    """The read-only API over the DuckDB store ``db`` (see :mod:`eventwire.web.api`).

    Answers requests whose ``Host`` is 127.0.0.1, localhost, [::1] or one of
    ``allowed_hosts`` (any port); raises :class:`eventwire.errors.StoreError` at once when
    ``db`` is missing or not an eventwire store."""
    _need("fastapi")
    from eventwire.web.api import create_app as _create_app

    return _create_app(db, refresh_interval=refresh_interval, allowed_hosts=allowed_hosts)


def serve(
    db: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    allowed_hosts: Iterable[str] = (),
    access_log: bool = False,
) -> None:
    """Serve the API over ``db`` on ``host:port`` until interrupted (127.0.0.1: this
    machine only; pass ``0.0.0.0`` to share it on the network, knowingly, with the names
    clients use in ``allowed_hosts``). ``host`` itself is an allowed ``Host`` name.
    ``access_log`` logs every request on standard error."""
    _need("uvicorn")
    import uvicorn

    app = create_app(db, allowed_hosts=(host, *allowed_hosts))
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log)
