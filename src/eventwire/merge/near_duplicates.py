"""Near-duplicate articles: syndicated wire copy reprinted, lightly edited, by many outlets.

Each article's text becomes a set of word-trigram shingles, summarised by a MinHash
signature; an LSH index finds the stored articles whose estimated Jaccard similarity is
above the threshold (``near_duplicate_threshold``). Copies stay stored; they are marked
``duplicate_of`` their group's *canonical* article with the estimated similarity, and
later count as one source.

The canonical article of a group is the earliest published (unknown dates last), ties
broken by id. That choice does not depend on the order articles arrive in, so ingesting
one by one or all at once marks the same groups: when an earlier copy arrives later, the
group is re-pointed to it (:class:`Repoint`).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

__all__ = ["DedupEntry", "Match", "NearDuplicateIndex", "Repoint"]

_WORD = re.compile(r"\w+")
Signature = NDArray[np.uint32]


@dataclass(frozen=True, slots=True)
class DedupEntry:
    """What the index needs to know of a stored article."""

    id: str
    published: datetime | None
    duplicate_of: str | None
    signature: Signature


@dataclass(frozen=True, slots=True)
class Match:
    duplicate_of: str | None
    similarity: float | None


@dataclass(frozen=True, slots=True)
class Repoint:
    """A stored article whose group's canonical article changed."""

    id: str
    duplicate_of: str
    similarity: float
    newly_marked: bool = False  # it was a canonical article until now


def _order_key(published: datetime | None, article_id: str) -> tuple[bool, datetime, str]:
    return (published is None, published or datetime.max, article_id)


class NearDuplicateIndex:
    """MinHash LSH over article texts, with group bookkeeping.

    >>> index = NearDuplicateIndex()
    >>> sig = index.signature("some text")
    >>> match, repoints = index.add("a1", None, sig)
    """

    def __init__(
        self, *, threshold: float = 0.5, num_perm: int = 128, shingle_size: int = 3
    ) -> None:
        from datasketch import MinHash, MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._hasher = MinHash(num_perm=num_perm, seed=1, scheme="affine32")
        self._signatures: dict[str, Signature] = {}
        self._published: dict[str, datetime | None] = {}
        self._root: dict[str, str] = {}  # id -> canonical id (itself for a canonical)
        self._members: dict[str, set[str]] = {}  # canonical id -> other member ids

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def shingles(self, text: str) -> list[bytes]:
        words = _WORD.findall(text.lower())
        n = self.shingle_size
        if len(words) <= n:
            return [" ".join(words).encode("utf-8")]
        return [" ".join(words[i : i + n]).encode("utf-8") for i in range(len(words) - n + 1)]

    def signature(self, text: str) -> Signature:
        from datasketch import MinHash

        minhash = MinHash(
            num_perm=self.num_perm,
            seed=1,
            permutations=self._hasher.permutations,
            scheme="affine32",
            hashfunc=zlib.crc32,  # C speed, and stable across processes (signatures are stored)
        )
        minhash.update_batch(self.shingles(text))
        # datasketch's default "affine32" scheme: 32-bit hash values.
        values: Signature = np.asarray(minhash.hashvalues, dtype=np.uint32)
        return values

    @staticmethod
    def similarity(a: Signature, b: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return float(np.count_nonzero(a == b)) / len(a)

    def _lsh_key(self, signature: Signature) -> object:
        from datasketch import MinHash

        return MinHash(
            num_perm=self.num_perm,
            seed=1,
            hashvalues=signature,
            permutations=self._hasher.permutations,
            scheme="affine32",
        )

    def load(self, entries: Iterable[DedupEntry]) -> None:
        """Restore the index from stored articles (their marks are taken as they are)."""
        for entry in entries:
            self._insert(entry.id, entry.published, entry.signature)
            root = entry.duplicate_of or entry.id
            self._root[entry.id] = root
            if root != entry.id:
                self._members.setdefault(root, set()).add(entry.id)

    def _insert(self, article_id: str, published: datetime | None, signature: Signature) -> None:
        self._signatures[article_id] = signature
        self._published[article_id] = published
        self._lsh.insert(article_id, self._lsh_key(signature))

    def add(
        self, article_id: str, published: datetime | None, signature: Signature
    ) -> tuple[Match, list[Repoint]]:
        """Index a new article; say what it duplicates and which stored marks must change."""
        if article_id in self._signatures:  # re-ingest: keep the mark it has
            root = self._root.get(article_id, article_id)
            if root == article_id:
                return Match(None, None), []
            return Match(root, self.similarity(signature, self._signatures[root])), []
        candidates = [
            key
            for key in self._lsh.query(self._lsh_key(signature))
            if self.similarity(signature, self._signatures[key]) >= self.threshold
        ]
        self._insert(article_id, published, signature)
        self._root[article_id] = article_id
        if not candidates:
            return Match(None, None), []
        roots = {self._root[c] for c in candidates}
        canonical = min(roots | {article_id}, key=lambda i: _order_key(self._published[i], i))
        repoints: list[Repoint] = []
        group = self._members.setdefault(canonical, set())
        for root in sorted(roots - {canonical}):
            for member in sorted({root} | self._members.pop(root, set())):
                self._root[member] = canonical
                group.add(member)
                sim = self.similarity(self._signatures[member], self._signatures[canonical])
                repoints.append(Repoint(member, canonical, sim, newly_marked=member == root))
        if canonical == article_id:
            return Match(None, None), repoints
        self._root[article_id] = canonical
        group.add(article_id)
        return Match(canonical, self.similarity(signature, self._signatures[canonical])), repoints
