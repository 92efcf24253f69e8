"""Text cleaning: one canonical form per article, so the same story hashes to the same id."""
from __future__ import annotations

import hashlib
import re
import unicodedata

import ftfy
from ftfy.badness import is_bad

# C0/C1 controls except tab and newline, plus zero-width and bidi marks that only hide in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufffe\uffff]")
_HSPACE = re.compile(r"[^\S\n]+")  # any whitespace but newline (incl. NBSP and other Unicode spaces)
_FTFY_CONFIG = ftfy.TextFixerConfig(normalization="NFC", uncurl_quotes=False, fix_latin_ligatures=False)


def clean_text(text: str) -> str:
    """Mojibake repaired, NFC, controls out, whitespace collapsed, one paragraph per line, no empty lines.

    Idempotent: clean_text(clean_text(x)) == clean_text(x).
    """
    # Removing a control character or trimming a space can join the halves of a mojibake sequence
    # that ftfy then repairs ("\xa0Â\x80" -> "Â€" -> "€"), so a pass that removed controls or left
    # text ftfy still finds bad is repeated until nothing changes: that makes cleaning idempotent.
    for _ in range(_MAX_PASSES):
        cleaned, removed_controls = _clean_once(text)
        done = cleaned == text or not (removed_controls or is_bad(cleaned))
        text = cleaned
        if done:
            break
    return text


_MAX_PASSES = 5


def _clean_once(text: str) -> tuple[str, bool]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = ftfy.fix_text(text, _FTFY_CONFIG)
    text, removed = _CONTROL.subn("", text)
    text = unicodedata.normalize("NFC", text)
    lines = (_HSPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line), removed > 0


def clean_field(value: str | None) -> str | None:
    """Clean a one-line field (title, source); empty becomes None."""
    if value is None:
        return None
    cleaned = clean_text(value).replace("\n", " ")
    return cleaned or None


def article_id(cleaned_text: str) -> str:
    """Stable id of an article: a hash of its cleaned text (exact duplicates share it)."""
    return hashlib.blake2b(cleaned_text.encode("utf-8"), digest_size=10).hexdigest()


def count_words(text: str) -> int:
    return len(text.split())
