"""The bundled reference topic model: what it is fitted on, and how to rebuild it
(`python -m newsflow.tasks.topics.reference build-reference`)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


from newsflow.tasks.topics.model import DEFAULT_N_TOPICS, TopicModel, fit_topic_model
from newsflow.tasks.topics.persist import MODEL_FILE, load_model, save_model

REFERENCE_DIR = Path(__file__).resolve().parent / "models" / "reference_topics"
REFERENCE_CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "bbc"
REFERENCE_MAX_FEATURES = 30_000   # BBC has ~15k terms at min_df=3; the cap keeps the file small anyway



@lru_cache(maxsize=1)
def load_reference_model() -> TopicModel:
    """The bundled reference model (fitted on BBC News); treat it as read-only."""
    model = load_model(REFERENCE_DIR)
    if model is None:
        raise FileNotFoundError(f"no reference topic model in {REFERENCE_DIR}; build it with "
                                "`python -m newsflow.tasks.topics.reference build-reference`")
    return model




def read_labelled_corpus(corpus_dir: Path, body_only: bool = False) -> tuple[list[str], list[str], list[str]]:
    """(ids, texts, labels) of ``corpus_dir/<label>/*.txt``, sorted. ``body_only`` drops the
    title line (first line followed by a blank line), as the pipeline's ``text`` column does."""
    corpus_dir = Path(corpus_dir)
    ids, texts, labels = [], [], []
    for section in sorted(p for p in corpus_dir.iterdir() if p.is_dir()):
        for f in sorted(section.glob("*.txt")):
            text = f.read_text(encoding="utf-8", errors="replace")
            if body_only:
                lines = text.split("\n", 2)
                if len(lines) == 3 and not lines[1].strip():
                    text = lines[2]
            ids.append(f"{section.name}/{f.stem}")
            texts.append(text)
            labels.append(section.name)
    return ids, texts, labels


def build_reference_model(corpus_dir: Path = REFERENCE_CORPUS, directory: Path = REFERENCE_DIR,
                          n_topics: int = DEFAULT_N_TOPICS) -> TopicModel:
    """Fit the reference model on the BBC corpus (article bodies) and save it to ``directory``."""
    _, texts, _ = read_labelled_corpus(Path(corpus_dir), body_only=True)
    model = fit_topic_model(texts, n_topics=n_topics, seed=0,
                            max_features=REFERENCE_MAX_FEATURES, version_prefix="ref")
    save_model(model, Path(directory))
    load_reference_model.cache_clear()
    return model



def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m newsflow.tasks.topics.reference")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build-reference", help="fit and save the bundled reference model")
    build.add_argument("corpus", nargs="?", type=Path, default=REFERENCE_CORPUS)
    build.add_argument("--topics", type=int, default=DEFAULT_N_TOPICS)
    args = parser.parse_args(argv)
    if args.command == "build-reference":
        model = build_reference_model(args.corpus, REFERENCE_DIR, args.topics)
        path = REFERENCE_DIR / MODEL_FILE
        print(f"{model.version}: {model.n_topics} topics, {len(model.terms())} terms, "
              f"{path.stat().st_size / 1e6:.2f} MB -> {path}")
        for k, (label, size) in enumerate(zip(model.labels, model.topic_sizes)):
            print(f"  {k:2d} {size:5d}  {label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
