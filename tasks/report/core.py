"""Sections over the views every newsflow database has (sql/marts and data_tests)."""
from __future__ import annotations

from .charts import hbar, lines, stacked_days
from .network import network_spec
from .queries import day_filter, select
from .sections import Context, Drawn, section

TOP_ENTITIES = 20      # bars: a screen's worth
TRENDING = 10          # lines: more than ten colours cannot be told apart
NETWORK_NODES = 25     # names around a circle stay legible up to a few dozen
NETWORK_EDGES = 80     # the strongest pairs among them


@section("data-quality", "Lake contents", ("data_quality",),
         "Rows in each lake table (articles: every version; current_articles: what the charts count).")
def data_quality(ctx: Context) -> Drawn:
    shown = ctx.read("data_quality", select("data_quality"))
    return Drawn([shown], hbar(shown.table, "table_name", "rows"))


@section("top-entities", "Top entities", ("top_entities",),
         f"The {TOP_ENTITIES} most mentioned named entities (people, organisations, places, ...).")
def top_entities(ctx: Context) -> Drawn:
    sql = select("top_entities", order="mentions desc, articles desc, entity_key", limit=TOP_ENTITIES)
    shown = ctx.read("top_entities", sql)
    return Drawn([shown], hbar(shown.table, "entity_key", "mentions", color="label", extra=("label",)))


@section("entity-trends", "Top entities over time", ("entity_daily",),
         f"Daily mentions of the {TRENDING} entities mentioned most in the period.", daily=True)
def entity_trends(ctx: Context) -> Drawn:
    shown = ctx.read_top_daily("entity_daily", "entity_key", "mentions", TRENDING, "day, mentions desc, entity_key")
    chart = lines(shown.table, "mentions", "entity_key", ["day", "entity_key", "label", "mentions", "articles"])
    return Drawn([shown], chart)


@section("topic-mix", "Topic mix per day", ("topic_daily",),
         "Articles per day by dominant topic (weight: the topic's summed share of every article).", daily=True)
def topic_mix(ctx: Context) -> Drawn:
    shown = ctx.read("topic_daily", select("topic_daily", day_filter(ctx.start), "day, articles desc, topic_id"))
    chart = stacked_days(shown.table, "articles", "topic_label", ["day", "topic_label", "articles", "weight"])
    return Drawn([shown], chart)


@section("co-mentions", "Co-mention network", ("top_entities", "entity_cooccurrence"),
         f"The {NETWORK_NODES} most mentioned entities, joined when articles mention both "
         f"(the {NETWORK_EDGES} strongest pairs; wider: more shared articles).")
def co_mentions(ctx: Context) -> Drawn:
    order = "mentions desc, articles desc, entity_key"
    nodes = ctx.read("top_entities", select("top_entities", order=order, limit=NETWORK_NODES), "nodes")
    top = f"(select entity_key from top_entities order by {order} limit {NETWORK_NODES})"
    edges = ctx.read("entity_cooccurrence", select(
        "entity_cooccurrence", f"entity_a in {top} and entity_b in {top}",
        "articles desc, sentences desc, entity_a, entity_b", NETWORK_EDGES), "edges")
    return Drawn([nodes, edges], network_spec(nodes.table, edges.table))


@section("rejects", "Rejected inputs", ("rejects_by_reason",),
         "Input files that did not become articles, by reason, with one example each.")
def rejects(ctx: Context) -> Drawn:
    shown = ctx.read("rejects_by_reason", select("rejects_by_reason", order="inputs desc, reason"))
    return Drawn([shown], hbar(shown.table, "reason", "inputs"))


@section("data-tests", "Data tests", ("data_tests",),
         "Invariant checks over the views (sql/checks): a check passes when it finds no failing rows.")
def data_tests(ctx: Context) -> Drawn:
    shown = ctx.read("data_tests", select("data_tests", order="check_name"))
    failing = [n for n in shown.table.column("rows_failing").to_pylist() if n]
    total = shown.table.num_rows
    summary = (f"All {total} data tests pass." if not failing
               else f"{len(failing)} of {total} data tests fail.")
    return Drawn([shown], None, summary)
