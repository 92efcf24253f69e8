"""A benchmark corpus of N articles: the BBC corpus replicated with small unique changes."""
from __future__ import annotations

from pathlib import Path

BBC = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"


def bbc_articles() -> list[tuple[str, str]]:
    """(section, file text) for every distinct BBC article, in a stable order. The corpus holds a
    few articles twice under other titles: the pipeline would land those once, and the benchmark
    would count their words for nothing."""
    from newsflow.tasks.ingest.clean import clean_text
    from newsflow.tasks.ingest.textparse import parse_plain_text

    seen, out = set(), []
    for path in sorted(BBC.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        body = clean_text(parse_plain_text(text).text)
        if body not in seen:
            seen.add(body)
            out.append((path.parent.name, text))
    return out


def replicate(n: int) -> list[tuple[str, str]]:
    """n articles: copy k of an article gets a unique closing line, so no two are duplicates."""
    base = bbc_articles()
    out = []
    for i in range(n):
        section, text = base[i % len(base)]
        copy = i // len(base)
        out.append((section, text if copy == 0 else f"{text.rstrip()}\n\nThis is report {copy} of the series."))
    return out


def write_corpus(n: int, folder: Path) -> Path:
    for i, (section, text) in enumerate(replicate(n)):
        target = folder / section / f"{i:06d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder
