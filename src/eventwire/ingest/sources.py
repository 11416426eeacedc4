"""Turn the paths a user gives into byte sources a reader can open, one file at a time.

Stages, in order:
1. expand each path: a directory is walked recursively (sorted, hidden entries skipped,
   only known article formats read); ``-`` is standard input; a URL with a scheme
   (``s3://bucket/news/``, ``file:///data/x.jsonl``) is read through fsspec, when the
   fsspec package for that scheme is installed; anything else is a file;
2. decide the format from the name (``.jsonl.gz`` -> jsonl, gzip-compressed) and, when the
   name says nothing, from the first bytes;
3. open the bytes, transparently un-gzipping.

Nothing here reads a whole file into memory except where the caller asks for one
article's bytes with a size bound (:func:`read_bounded`).
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from eventwire.errors import InputError

__all__ = [
    "FORMATS",
    "GZIP_MAGIC",
    "Source",
    "decode_text",
    "expand",
    "is_url",
    "open_raw",
    "peekable",
    "read_bounded",
    "sniff",
]

# File name endings -> reader. A directory walk reads only these; a file named on the
# command line with another ending is sniffed from its first bytes.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
GZIP_MAGIC = b"\x1f\x8b"


def is_url(path: str) -> bool:
    """``s3://...``, ``file:///...``: a path that fsspec opens (not ``C:\\...``)."""
    scheme, sep, _ = path.partition("://")
    return bool(sep) and len(scheme) > 1 and scheme.replace("+", "").isalnum()


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError as exc:  # pragma: no cover - fsspec comes with eventwire[dask]
        raise InputError(
            "fsspec", "reading URLs needs fsspec: pip install 'eventwire[dask]'"
        ) from exc
    return fsspec


def open_raw(path: str) -> BinaryIO:
    """A local file or a URL, opened for binary reading. Raises :class:`InputError`."""
    try:
        if is_url(path):
            return _fsspec().open(path, "rb").open()  # type: ignore[no-any-return]
        return open(path, "rb")
    except ImportError as exc:  # the fsspec package for this scheme (s3fs, gcsfs, ...)
        raise InputError(path, f"cannot open: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot open: {getattr(exc, 'strerror', None) or exc}") from exc


class _Window(io.RawIOBase):
    """The bytes ``[start, end)`` of a seekable stream, as a stream of their own."""

    def __init__(self, raw: BinaryIO, start: int, end: int) -> None:
        raw.seek(start)
        self._raw = raw
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        data = self._raw.read(len(view))
        view[: len(data)] = data
        self._left -= len(data)
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


@dataclass(frozen=True, slots=True)
class Source:
    """One input file (or stdin): its display path, format and whether it is gzipped.

    A part of a large uncompressed JSONL file (a shard, see
    :mod:`eventwire.pipeline.shards`) is the bytes ``[start, end)``, which begin at line
    ``first_line``; line numbers in problems and origins count from the file's start.
    """

    path: str
    format: str
    gzipped: bool = False
    stdin: bool = False
    start: int | None = None
    end: int | None = None
    first_line: int = 1

    @property
    def part(self) -> bool:
        return self.start is not None

    def open(self) -> BinaryIO:
        """The file's (decompressed) bytes as a stream. Raises :class:`InputError`."""
        raw: BinaryIO = sys.stdin.buffer if self.stdin else open_raw(self.path)
        if self.start is not None and self.end is not None:
            try:
                return io.BufferedReader(_Window(raw, self.start, self.end))
            except OSError as exc:
                raw.close()
                raise InputError(self.path, f"cannot seek to byte {self.start}: {exc}") from exc
        if self.gzipped:
            return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
        return raw


def _format_from_name(name: str) -> tuple[str | None, bool]:
    lower = name.lower()
    gzipped = lower.endswith(".gz")
    if gzipped:
        lower = lower[:-3]
    return FORMATS.get(Path(lower).suffix), gzipped


def sniff(head: bytes) -> str:
    """Guess a format from the first bytes of a (decompressed) file."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    low = start.lower()
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<"):
        if b"<rss" in low or b"<feed" in low or b"<rdf:rdf" in low:
            return "feed"
        return "html"
    return "text"


def _peek_format(path: str, gzipped: bool) -> tuple[str, bool]:
    try:
        with open_raw(path) as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError(path, f"cannot open: {exc.strerror or exc}") from exc
    if head.startswith(GZIP_MAGIC):
        gzipped = True
        try:
            with open_raw(path) as raw, gzip.GzipFile(fileobj=raw, mode="rb") as fh:
                head = fh.read(4096)
        except (OSError, EOFError) as exc:
            raise InputError(path, f"not a readable gzip file: {exc}") from exc
    return sniff(head), gzipped


def expand(paths: list[str]) -> Iterator[Source | InputError]:
    """Each input file as a :class:`Source`, or an :class:`InputError` saying why not.

    Directories are walked in sorted order so that runs are reproducible.
    """
    for given in paths:
        if given == "-":
            yield Source("<stdin>", "sniff", stdin=True)
            continue
        if is_url(given):
            yield from _expand_url(given)
            continue
        if os.path.isdir(given):
            yield from _walk(given)
            continue
        if not os.path.exists(given):
            yield InputError(given, "no such file or directory")
            continue
        yield _named_file(given)


def _named_file(path: str) -> Source | InputError:
    """A file named by the user: its format from the name, else from its first bytes."""
    fmt, gzipped = _format_from_name(path)
    try:
        if fmt is None or not gzipped:
            sniffed, gzipped = _peek_format(path, gzipped)
            fmt = fmt or sniffed
    except InputError as err:
        return err
    return Source(path, fmt, gzipped)


def _walk(root: str) -> Iterator[Source | InputError]:
    def onerror(exc: OSError) -> None:
        errors.append(InputError(exc.filename or root, f"cannot list: {exc.strerror or exc}"))

    errors: list[InputError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        yield from errors
        errors.clear()
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            fmt, gzipped = _format_from_name(name)
            if fmt is not None:
                yield Source(os.path.join(dirpath, name), fmt, gzipped)
    yield from errors


def _expand_url(url: str) -> Iterator[Source | InputError]:
    """A URL's files (a "directory" is listed recursively, sorted, like a local one)."""
    try:
        from fsspec.core import url_to_fs

        fs, root = url_to_fs(url)
        if fs.isdir(root):
            names = [p for p in sorted(fs.find(root)) if not _hidden(p[len(root) :])]
            urls = [fs.unstrip_protocol(p) for p in names]
            for name in urls:
                fmt, gzipped = _format_from_name(name)
                if fmt is not None:
                    yield Source(name, fmt, gzipped)
            return
        if not fs.exists(root):
            yield InputError(url, "no such file or directory")
            return
    except ImportError as exc:
        yield InputError(url, f"cannot read this URL: {exc}")
        return
    except (OSError, ValueError) as exc:
        yield InputError(url, f"cannot list: {exc}")
        return
    yield _named_file(url)


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") for part in relative.split("/") if part)


def read_bounded(stream: BinaryIO, limit: int, *, path: str, line: int | None = None) -> bytes:
    """Read at most ``limit`` bytes; raise :class:`InputError` if there are more."""
    try:
        data = stream.read(limit + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(path, f"cannot read: {exc}", line=line) from exc
    if len(data) > limit:
        raise InputError(
            path,
            f"larger than the {limit / 1e6:g} MB limit for one article (setting max_article_bytes)",
            line=line,
        )
    return data


def decode_text(data: bytes, *, path: str, line: int | None = None) -> str:
    """Strict UTF-8 (a BOM is dropped); binary or undecodable input raises :class:`InputError`.

    Unknown is better than wrong: we do not guess another encoding, which would store
    mojibake that later steps would code as text.
    """
    if not data.strip():
        raise InputError(path, "empty: no text to read", line=line)
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(path, "binary data (NUL bytes), not text", line=line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            path,
            f"not valid UTF-8 (byte 0x{bad} at offset {exc.start}); re-encode it as UTF-8",
            line=line,
        ) from exc
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.1 * min(len(text), 4096):  # 10%: text never has that many control characters
        raise InputError(path, "binary data (control characters), not text", line=line)
    return text


def peekable(stream: BinaryIO) -> io.BufferedReader:
    """A buffered stream whose first bytes can be looked at without consuming them."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream)  # type: ignore[arg-type]
