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

import codecs
import errno
import gzip
import io
import os
import re
import stat
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
    "decode_document",
    "decode_text",
    "expand",
    "header_charset",
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
        refused = _not_readable(given)
        if refused is not None:
            yield refused
            continue
        yield _named_file(given)


# Kinds of file that are not a file of bytes: opening a FIFO waits for a writer forever,
# and a device or socket never ends.
_SPECIAL = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _not_readable(path: str) -> InputError | None:
    """Why a local path cannot be read as a file of bytes (skipped with a message), or
    ``None``. Directories are walked, not read, and are not asked about here."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return InputError(path, "symlink loop: a symbolic link that leads back to itself")
        if os.path.islink(path):
            return InputError(
                path, f"broken symlink: it points to {os.readlink(path)!r}, which does not exist"
            )
        if exc.errno == errno.ENOENT:
            return InputError(path, "no such file or directory")
        return InputError(path, f"cannot open: {exc.strerror or exc}")
    kind = _SPECIAL.get(stat.S_IFMT(info.st_mode))
    if kind is not None:
        return InputError(path, f"not a regular file but {kind}: skipped")
    return None


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
                path = os.path.join(dirpath, name)
                yield _not_readable(path) or Source(path, fmt, gzipped)
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


# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">,
# looked for where the HTML standard says a page must declare it: its first 1024 bytes
# (we look at 4096, as pages with long <head> comments overrun).
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# Labels that the WHATWG Encoding Standard reads as windows-1252: pages that say
# iso-8859-1 or us-ascii are in practice windows-1252 (curly quotes in 0x80-0x9F).
_AS_CP1252 = {"latin_1", "ascii", "cp1252"}


def _codec(label: str | None) -> str | None:
    """Python's name for a charset label, or ``None`` for an unknown one."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name.replace("-", "_") in _AS_CP1252 or name == "iso8859-1" else name


def header_charset(content_type: str | None) -> str | None:
    """The ``charset`` of an HTTP ``Content-Type`` value (``text/html; charset=x``)."""
    m = _HEADER_CHARSET.search(content_type or "")
    return m[1] if m else None


def _declared_in_html(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m[1].decode("ascii") if m else None


def _single_byte_latin(data: bytes, codec: str) -> str:
    """``cp1252`` for bytes a detector gave another Latin code page that cp1252 also reads.

    charset-normalizer cannot tell cp1250/cp1257 from cp1252 on short Western text (it
    reads French "élèves" as cp1250 "élčves"); cp1252 is the web's legacy default, so it
    wins when it reads the bytes without error.
    """
    if codec in {"cp1250", "cp1257", "iso8859-2", "iso8859-15", "mac-latin2", "cp775", "cp852"}:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return codec
        return "cp1252"
    return codec


def decode_document(
    data: bytes,
    *,
    path: str,
    line: int | None = None,
    html: bool = False,
    declared: str | None = None,
) -> tuple[str, str | None]:
    """The text of one document's bytes, and what was done when it was not plain UTF-8.

    Stages, in the order the HTML standard gives them: 1. a byte-order mark; 2. the charset
    ``declared`` by the transport (a WARC record's HTTP ``Content-Type``); 3. for HTML, a
    ``<meta charset>`` or ``http-equiv`` declaration; 4. UTF-8; 5. charset-normalizer's
    detection. Binary data (NUL bytes, control characters) raises :class:`InputError`, as
    does data no charset reads. The second value is ``None`` for UTF-8 (with or without
    a BOM) and otherwise a sentence for a warning: which charset, and who said so.
    """
    if not data.strip():
        raise InputError(path, "empty: no text to read", line=line)
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            text = _decode(data, bom_codec, path=path, line=line, how="its byte-order mark")
            note = None if bom_codec == "utf-8-sig" else f"decoded as {bom_codec}, by its BOM"
            return _not_binary(text, path=path, line=line), note
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary data (NUL bytes), not text", line=line)
    sources = [("its HTTP Content-Type header", declared)]
    if html:
        sources.append(("its <meta> charset", _declared_in_html(data)))
    tried: list[str] = []
    for who, label in sources:
        codec: str | None = _codec(label)
        if label and codec is None:
            tried.append(f"{who} names an unknown charset {label!r}")
            continue
        if codec is None:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            if codec == "cp1252":  # five bytes cp1252 leaves undefined; Latin-1 reads all
                codec, text = "latin-1", data.decode("latin-1")
            else:
                tried.append(f"{who} says {label!r}, which does not read it")
                continue
        note = None if codec == "utf-8" else f"decoded as {codec}, as {who} declares"
        return _not_binary(text, path=path, line=line), note
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Binary first: a detector finds some code page for any bytes.
        _not_binary(data[:4096].decode("latin-1"), path=path, line=line)
        detected = _detect(data)
        if detected is None:
            bad = data[exc.start : exc.start + 1].hex()
            raise InputError(
                path,
                f"not valid UTF-8 (byte 0x{bad} at offset {exc.start}) and no other charset "
                "reads it; re-encode it as UTF-8",
                line=line,
            ) from exc
        text = data.decode(detected)
        why = "; ".join(tried or ["no charset declared"])
        note = (
            f"not UTF-8: decoded as {detected}, detected by charset-normalizer ({why}); "
            "check its text"
        )
        return _not_binary(text, path=path, line=line), note
    note = f"decoded as UTF-8 ({'; '.join(tried)})" if tried else None
    return _not_binary(text, path=path, line=line), note


def _decode(data: bytes, codec: str, *, path: str, line: int | None, how: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"not valid {codec} (byte offset {exc.start}), as {how} says", line=line
        ) from exc


def _detect(data: bytes) -> str | None:
    """charset-normalizer's best reading of ``data``, or ``None`` when none is plausible."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    codec = _single_byte_latin(data, codecs.lookup(best.encoding).name)
    try:
        data.decode(codec)
    except UnicodeDecodeError:  # a guess from the first 64 kB that the rest refutes
        return None
    return codec


def _not_binary(text: str, *, path: str, line: int | None) -> str:
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 0.1 * min(len(text), 4096):  # 10%: text never has that many control characters
        raise InputError(path, "binary data (control characters), not text", line=line)
    return text


def decode_text(data: bytes, *, path: str, line: int | None = None) -> str:
    """Strict UTF-8 (a BOM is dropped), for JSON Lines: JSON is UTF-8 (RFC 8259, 8.1).

    Binary or undecodable input raises :class:`InputError`: a JSON line is too short for a
    charset to be detected reliably, and a whole file of them is one export in one charset.
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
    return _not_binary(text, path=path, line=line)


def peekable(stream: BinaryIO) -> io.BufferedReader:
    """A buffered stream whose first bytes can be looked at without consuming them."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream)  # type: ignore[arg-type]
