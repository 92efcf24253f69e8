"""One key per real entity across the corpus: a corpus-level alias table kept incrementally.

`entity_keys` links names inside one article. Across articles three rules pick the key an alias
(a pipeline key) resolves to, and the table records which rule chose it:

* `place`: a GPE/LOC key the gazetteer resolves on its own to a country, first-level division or
  continent takes the canonical name ("UK", "Britain", "U.K." -> "United Kingdom"; `canonical_place_name`;
  a town needs its article's evidence, which the places stage weighs before);
* `variant`: ORG/NORP/other non-person keys that differ only in case, punctuation or a plural ending
  ("Tory"/"Tories", "Lib Dem"/"Lib Dems") take the variant with most mentions in the table;
* `partial_name`: a one-word PERSON key ("Blair" in an article that never says "Tony Blair") takes the
  full name ending in that word that dominates the same source and month: at least `DOMINANT_SHARE` of
  the candidates' mentions and `MIN_MENTIONS` of them. Otherwise the alias stays its own key (`self`).

Rows are per (alias, source, period), so the table is also the evidence for the partial-name rule. A row
whose choice changes between runs keeps `previous_key` and `changed_at_run`: a merge is never silent.
"""
from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd
import pyarrow as pa

from .schema import ENTITY_ALIASES_SCHEMA, RESOLVED_KEYS_SCHEMA

__all__ = ["resolve_aliases", "empty_alias_table", "with_lookup_columns", "DOMINANT_SHARE", "MIN_MENTIONS"]

DOMINANT_SHARE = 0.8   # "unambiguous": four in five candidate mentions name the same person
MIN_MENTIONS = 3       # and the full name is seen a few times, not once
_ROW = ["alias", "source", "period"]
_VARIANT_LABELS = {"ORG", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "GPE", "LOC"}
_NAME_WORD = re.compile(r"[A-Z][a-z][\w'-]*")   # "Blair", "O'Neill"; not "GB", "iPod"


def empty_alias_table() -> pa.Table:
    return ENTITY_ALIASES_SCHEMA.empty_table()


def resolve_aliases(mentions: pd.DataFrame, articles: pd.DataFrame, alias_table: pa.Table | pd.DataFrame | None,
                    run_id: str = "") -> tuple[pd.DataFrame, pa.Table]:
    """(keys aligned with `mentions`: entity_key, alias, alias_rule; new or changed alias-table rows)."""
    batch = _batch_rows(mentions, articles)
    old = _relevant_rows(with_lookup_columns(_as_frame(alias_table)), batch)
    table = _merge_counts(old, batch)
    choice = _choose_keys(table)
    table["entity_key"], table["rule"] = choice["entity_key"], choice["rule"]
    before = old.set_index(_ROW)["entity_key"] if len(old) else pd.Series(dtype=object)
    idx = pd.MultiIndex.from_frame(table[_ROW])
    prev = before.reindex(idx).to_numpy()
    old_changed = old.set_index(_ROW).reindex(idx) if len(old) else None
    changed = pd.notna(prev) & (prev != table["entity_key"].to_numpy())
    table["previous_key"] = [p if c else (o if old_changed is not None else None) for p, c, o in zip(
        prev, changed, old_changed["previous_key"] if old_changed is not None else [None] * len(table))]
    table["changed_at_run"] = [run_id if (c or pd.isna(p)) else o for p, c, o in zip(
        prev, changed, old_changed["changed_at_run"] if old_changed is not None else [None] * len(table))]
    touched = set(map(tuple, batch[_ROW].to_numpy()))
    mask = [c or tuple(r) in touched for c, r in zip(changed, table[_ROW].to_numpy())]
    keys = _batch_keys(mentions, articles, table)
    out = table[mask][ENTITY_ALIASES_SCHEMA.names].reset_index(drop=True)
    return keys, pa.Table.from_pandas(out, schema=ENTITY_ALIASES_SCHEMA, preserve_index=False)


def _as_frame(alias_table) -> pd.DataFrame:
    if alias_table is None:
        return empty_alias_table().to_pandas()
    return alias_table.to_pandas() if isinstance(alias_table, pa.Table) else alias_table.copy()


def with_lookup_columns(table: pd.DataFrame) -> pd.DataFrame:
    """The alias table with its `_fold` and `_last` columns (computed unless present): a caller that
    keeps the table between batches keeps them too, so each batch only computes its own rows'."""
    if "_fold" in table.columns and "_last" in table.columns:
        return table
    table = table.copy()
    table["_fold"] = _folds(table["alias"])
    table["_last"] = table["alias"].str.rsplit(" ", n=1).str[-1]
    return table


def _folds(aliases: pd.Series) -> pd.Series:
    """Spelling-, case- and number-free forms: "Tories", "tory", "Tory's" -> "tory"."""
    s = aliases.str.casefold().str.replace(r"[^\w]", "", regex=True)
    n = s.str.len()
    ies = s.str.endswith("ies") & (n > 4)
    plural = ~ies & s.str.endswith("s") & ~s.str.endswith("ss") & (n > 3)
    return s.where(~ies, s.str[:-3] + "y").where(~plural, s.str[:-1])


def _relevant_rows(old: pd.DataFrame, batch: pd.DataFrame) -> pd.DataFrame:
    """The rows of the table whose choice the batch can change: its aliases, their spelling variants,
    the one-word names its full names end in, and the full names that end in its one-word names.
    Every other row's evidence is unchanged, so the work per batch grows with the batch, not the table."""
    if old.empty:
        return old
    aliases = set(batch["alias"])
    lasts = {a.rsplit(" ", 1)[-1] for a in aliases}
    folds = set(_folds(pd.Series(sorted(aliases), dtype=object)))
    words = aliases | lasts
    keep = old["alias"].isin(words) | old["_fold"].isin(folds) | (old["_last"].isin(words) & old["alias"].str.contains(" ", regex=False))
    return old[keep]


def _with_context(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    art = articles[["article_id", "source", "published_at"]].drop_duplicates("article_id")
    m = mentions[["article_id", "entity_key", "label"]].merge(art, on="article_id", how="left")
    m["source"] = m["source"].fillna("").astype(str)
    m["period"] = pd.to_datetime(m["published_at"], errors="coerce", utc=True).dt.strftime("%Y-%m").fillna("")
    return m.rename(columns={"entity_key": "alias"})


def _batch_rows(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    m = _with_context(mentions, articles)
    m = m[m["alias"].fillna("") != ""]
    g = m.groupby(_ROW)
    out = g.agg(mentions=("article_id", "size"), articles=("article_id", "nunique")).reset_index()
    out["label"] = _commonest_label(m, _ROW).reindex(pd.MultiIndex.from_frame(out[_ROW])).to_numpy()
    return out


def _commonest_label(rows: pd.DataFrame, by: list[str]) -> pd.Series:
    """The label most rows of each group carry (ties: alphabetical), indexed by the group's columns."""
    counts = rows.groupby([*by, "label"], sort=False).size().reset_index(name="n")
    counts = counts.sort_values(["n", "label"], ascending=[False, True], kind="stable")
    return counts.drop_duplicates(by).set_index(by)["label"]


def _merge_counts(old: pd.DataFrame, batch: pd.DataFrame) -> pd.DataFrame:
    """Old rows with the batch's mention and article counts added (a batch's articles are new articles)."""
    cols = _ROW + ["label", "mentions", "articles"]
    both = pd.concat([old[cols], batch[cols]], ignore_index=True)
    g = both.groupby(_ROW, sort=True)
    out = g.agg(mentions=("mentions", "sum"), articles=("articles", "sum")).reset_index()
    out["label"] = g["label"].last().to_numpy()
    out["mentions"] = out["mentions"].astype("int64")
    out["articles"] = out["articles"].astype("int64")
    return out


def _choose_keys(table: pd.DataFrame) -> pd.DataFrame:
    from newsflow.tasks.places import canonical_place_name

    totals = table.groupby("alias")["mentions"].sum()
    labels = _commonest_label(table, ["alias"])
    variant = _variant_choice(totals, labels)
    partial = _partial_name_choice(table)
    keys, rules = [], []
    for alias, label, source, period in zip(table["alias"], table["label"], table["source"], table["period"]):
        place = canonical_place_name(alias, regions_only=True) if label in ("GPE", "LOC") else None
        if place:
            keys.append(place), rules.append("place")
        elif (alias, source, period) in partial:
            keys.append(partial[(alias, source, period)]), rules.append("partial_name")
        elif variant.get(alias, alias) != alias:
            keys.append(variant[alias]), rules.append("variant")
        else:
            keys.append(alias), rules.append("self")
    return pd.DataFrame({"entity_key": keys, "rule": rules}, index=table.index)


def _variant_choice(totals: pd.Series, labels: pd.Series) -> dict[str, str]:
    groups: dict[str, list[str]] = defaultdict(list)
    folds = _folds(pd.Series(totals.index, dtype=object))
    for alias, fold in zip(totals.index, folds):
        if labels[alias] in _VARIANT_LABELS and any(c.isalpha() for c in alias):
            groups[fold].append(alias)
    out = {}
    for members in groups.values():
        if len(members) > 1:
            best = min(members, key=lambda a: (-totals[a], a))
            out.update({a: best for a in members})
    return out


def _partial_name_choice(table: pd.DataFrame) -> dict[tuple[str, str, str], str]:
    """(alias, source, period) -> the dominant full name ending in the one-word person alias."""
    persons = table[table["label"] == "PERSON"]
    full = persons[persons["alias"].str.contains(" ", regex=False)]
    by_last: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for alias, source, period, n in zip(full["alias"], full["source"], full["period"], full["mentions"]):
        by_last[(alias.rsplit(" ", 1)[-1], source, period)][alias] = n
    out = {}
    for alias, source, period in zip(persons["alias"], persons["source"], persons["period"]):
        cands = by_last.get((alias, source, period)) if _NAME_WORD.fullmatch(alias) else None
        if not cands:
            continue
        groups = _same_person_groups(cands)
        best_group = max(groups, key=lambda g: (sum(cands[k] for k in g), max(g)))
        n = sum(cands[k] for k in best_group)
        if n >= MIN_MENTIONS and n >= DOMINANT_SHARE * sum(cands.values()):
            out[(alias, source, period)] = max(best_group, key=lambda k: (cands[k], k))
    return out


def _same_person_groups(cands: dict[str, int]) -> list[set[str]]:
    """Full names that are one person written differently: "George Bush" / "George W Bush" (one is a
    subsequence of the other), "Damian" / "Damien Hockney" (same words but one letter)."""
    groups: list[set[str]] = []
    for name in sorted(cands, key=lambda k: -cands[k]):
        home = next((g for g in groups if any(_same_person(name, other) for other in g)), None)
        if home is None:
            groups.append({name})
        else:
            home.add(name)
    return groups


def _same_person(a: str, b: str) -> bool:
    ta, tb = a.replace(".", "").casefold().split(), b.replace(".", "").casefold().split()
    short, long = sorted((ta, tb), key=len)
    it = iter(long)
    if len(short) >= 2 and all(any(t == x for x in it) for t in short):
        return True
    return len(ta) == len(tb) and all(x == y or _one_letter_apart(x, y) for x, y in zip(ta, tb))


def _one_letter_apart(x: str, y: str) -> bool:
    """One substitution, insertion or deletion (Viktor/Victor, Damian/Damien); never for short words."""
    if min(len(x), len(y)) < 4 or abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        return sum(c != d for c, d in zip(x, y)) == 1
    if len(x) > len(y):
        x, y = y, x
    return any(y[:i] + y[i + 1:] == x for i in range(len(y)))


def _batch_keys(mentions: pd.DataFrame, articles: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    m = _with_context(mentions, articles)
    # A join on the columns: a MultiIndex lookup builds a tuple per row, a third of this function.
    hit = m[_ROW].fillna("").merge(table[[*_ROW, "entity_key", "rule"]], on=_ROW, how="left", validate="many_to_one")
    out = pd.DataFrame({"entity_key": hit["entity_key"].fillna(m["alias"]).to_numpy(),
                        "alias": m["alias"].to_numpy(),
                        "alias_rule": hit["rule"].fillna("self").to_numpy()}, index=mentions.index)
    return out[RESOLVED_KEYS_SCHEMA.names]
