"""Bytes to text: BOMs, UTF-8, then a charset detector for legacy encodings; binary is refused."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.05


class DecodeError(ValueError):
    """The bytes are not text; `reason` is the rejects-table reason."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")   # controls but tab, newline, carriage return


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises DecodeError for empty, binary or undecodable data."""
    if not data.strip():
        raise DecodeError("empty", "the file has no content" if not data else "the file holds only whitespace")
    text, encoding = _decode(data)
    controls = len(_CONTROL_CHARS.findall(text))   # a C scan: a loop per character cost 0.2 ms per article
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise DecodeError("binary", f"{controls} control characters in {len(text)} (decoded as {encoding})")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DecodeError("undecodable", f"{encoding} byte-order mark but invalid data: {exc}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        if (mostly := _mostly_utf8(data)) is not None:
            return mostly
        if b"\x00" in data[:4096] and _looks_binary(data[:4096]):
            raise DecodeError("binary", "NUL bytes and no text encoding found") from None
        best = _best_match(data)
        if best is None:
            raise DecodeError("undecodable", f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                              "and no other text encoding fits") from None
        try:
            return data.decode(best), best
        except UnicodeDecodeError as exc:
            raise DecodeError("undecodable", f"detected {best} but: {exc}") from None


# When several encodings read the bytes equally well (short Western text fits cp1250 and cp1257
# as well as cp1252), take the one most used for news on the web.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1250", "iso8859_2", "cp1256",
              "cp1253", "cp1254", "cp1255", "cp1257", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr")


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few broken bytes (a truncated copy, one bad paste) keeps its text; the broken
    bytes become U+FFFD. Legacy 8-bit text almost never forms a valid multi-byte UTF-8 sequence and
    legacy CJK text forms at most 2 valid ones for 5 invalid, so neither has more valid than broken."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ch >= "\x80" and ch != "\ufffd")
    if valid > broken:
        return text, f"utf-8 ({broken} invalid sequences replaced)"
    return None


# Short texts often read equally well in several 8-bit code pages (Polish in cp1252 shows "Rz¹d"
# and scores as well as cp1250's "Rząd"; Italian in cp1250 shows "cittŕ" for "città"). The tie goes
# to the code page whose text reads as a language written in it, by the language identifier: its
# character statistics know "ą" is Polish and "à" Italian, where the detector's own guess of the
# language of a short text is often wrong (it calls short French "Hungarian").
_LANGUAGE_ENCODINGS = {
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "sq"), ("cp1250", "iso8859_2")),
    **dict.fromkeys(("ru", "bg", "sr", "mk", "be"), ("cp1251", "koi8_r", "iso8859_5")),
    "uk": ("cp1251", "koi8_u", "koi8_r"),
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257", "iso8859_13", "iso8859_4")),
    "tr": ("cp1254", "iso8859_9"), "el": ("cp1253", "iso8859_7"), "he": ("cp1255", "iso8859_8"),
    **dict.fromkeys(("ar", "fa", "ur"), ("cp1256", "iso8859_6")),
    **dict.fromkeys(("en", "fr", "de", "es", "pt", "it", "nl", "sv", "da", "no", "nb", "fi", "ca", "ga", "is",
                     "eu", "gl", "af", "ms", "id", "sw", "oc", "wa", "lb"), ("cp1252", "latin_1", "iso8859_15")),
}
_LANGUAGE_ENCODINGS = {lang: frozenset(codecs.lookup(e).name for e in encodings)
                       for lang, encodings in _LANGUAGE_ENCODINGS.items()}
_SAMPLE_CHARS = 2000


def _best_match(data: bytes) -> str | None:
    matches = [m for m in from_bytes(data[: 1 << 20]) if m.encoding]
    if not matches:
        return None
    best_chaos = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos <= best_chaos + 0.005]
    best_coherence = max(m.coherence for m in clean)
    # A match stands for every encoding that gives the same text (cp1252 and cp1250 read "ä" alike)
    ties = _ranked(e for m in clean if m.coherence >= best_coherence - 0.01 for e in _encodings(m))
    return _reads_as_its_language(data, _ranked(e for m in clean for e in _encodings(m))) or ties[0]


def _encodings(match) -> list[str]:
    return [match.encoding, *match.could_be_from_charset]


def _ranked(encodings) -> list[str]:
    unique = list(dict.fromkeys(encodings))
    return sorted(unique, key=lambda e: _PREFERRED.index(e) if e in _PREFERRED else len(_PREFERRED))


def _reads_as_its_language(data: bytes, encodings: list[str]) -> str | None:
    """Of the encodings that read the bytes as cleanly, the one whose text the language identifier
    is surest is in a language that code page is written for; None when no decoding reads so."""
    if len(encodings) < 2:
        return None
    from newsflow.tasks.ingest.language import language_and_confidence

    fits = []
    for encoding in encodings:
        try:
            text = data[: _SAMPLE_CHARS * 2].decode(encoding, errors="ignore")
        except LookupError:
            continue
        language, confidence = language_and_confidence(text[:_SAMPLE_CHARS])
        if codecs.lookup(encoding).name in _LANGUAGE_ENCODINGS.get(language, ()):
            fits.append((confidence, -encodings.index(encoding), encoding))
    return max(fits)[2] if fits else None


def _looks_binary(head: bytes) -> bool:
    # UTF-16 without BOM has NULs in every other byte; anything else with many NULs is binary.
    even, odd = head[0::2], head[1::2]
    utf16_like = even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd)
    return not utf16_like or head.count(0) > 0.6 * len(head)
