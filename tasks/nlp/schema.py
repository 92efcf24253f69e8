"""Columns of the tables the nlp package returns (register them as lake tables)."""
import pyarrow as pa

# correct_labels(): one row per mention, aligned with the mentions passed in.
LABELLED_SCHEMA = pa.schema([
    ("label", pa.string()),         # corrected label (PERSON, ORG, GPE, LOC, NORP, ... or the model's)
    ("model_label", pa.string()),   # the label spaCy gave the mention
])

# vote_rows(): corpus-level label votes per key; the lake sums `mentions` by (entity_key, label).
LABEL_VOTES_SCHEMA = pa.schema([
    ("entity_key", pa.string()),
    ("label", pa.string()),         # a model label
    ("mentions", pa.int64()),       # mentions of the key with that model label
])

# entity_aliases: corpus-level alias table, kept incrementally by resolve_aliases().
ENTITY_ALIASES_SCHEMA = pa.schema([
    ("alias", pa.string()),          # an entity_key as the pipeline writes it ("Blair", "Tories")
    ("entity_key", pa.string()),     # the key it resolves to ("Tony Blair", "Tory"); = alias when unresolved
    ("label", pa.string()),          # the entity's label
    ("source", pa.string()),         # outlet the choice holds for ("" = any source)
    ("period", pa.string()),         # "YYYY-MM" the choice holds for ("" = any period)
    ("rule", pa.string()),           # self | variant | partial_name | place
    ("mentions", pa.int64()),        # mentions of the alias seen (in that source and period)
    ("articles", pa.int64()),        # articles they occur in
    ("changed_at_run", pa.string()), # run id that last set or changed entity_key (a merge says so)
    ("previous_key", pa.string()),   # what entity_key was before that run; null for a new row
])

# resolve_aliases(): one row per mention of the batch, aligned with the mentions passed in.
RESOLVED_KEYS_SCHEMA = pa.schema([
    ("entity_key", pa.string()),     # the corpus-level key (the alias table's choice)
    ("alias", pa.string()),          # the pipeline's own entity_key for the mention
    ("alias_rule", pa.string()),     # the rule that chose entity_key
])
