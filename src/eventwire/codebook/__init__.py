"""The event codebook: CAMEO 1.1b3 codes and PLOVER event types, as typed, read-only data.

Everything downstream that names an event kind (the coders, the store, merging,
evaluation) goes through this package, so that there is one list of valid codes, one
Goldstein table and one CAMEO -> PLOVER reading. The facts live in
``eventwire/data/codebook/*.tsv``, each file opening with its sources; this package
loads them once, checks them, and answers questions about them:

* :func:`cameo`, :func:`cameo_codes`, :func:`root_of`, :func:`goldstein` look codes up;
* :func:`quad_class` (GDELT's four classes) and :func:`penta_class` (ConfliBERT's
  five) group them;
* :func:`is_more_specific` and :func:`compatible` compare codes along the hierarchy,
  for merging reports of the same event;
* :func:`plover_types` and :func:`to_plover` give the PLOVER reading.

Unknown codes raise :class:`UnknownCodeError`, a :class:`KeyError` and an
:class:`~eventwire.errors.EventwireError`.
"""

from __future__ import annotations

from eventwire.codebook.cameo import (
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
from eventwire.codebook.plover import PloverType, plover_types, to_plover

__all__ = [
    "CameoCode",
    "PloverType",
    "UnknownCodeError",
    "cameo",
    "cameo_codes",
    "compatible",
    "goldstein",
    "is_more_specific",
    "penta_class",
    "plover_types",
    "quad_class",
    "root_of",
    "to_plover",
]
