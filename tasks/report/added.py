"""Sections over the views other stages are adding (stories, places, tone, quotes): each is
drawn when its view is in the database and says "not available yet" otherwise."""
from __future__ import annotations

from .charts import diverging_bar, hbar, lines
from .queries import select
from .sections import Context, Drawn, section

TOP = 20          # bars
SERIES = 8        # lines


LATEST = ("(select c.run_id from story_changes as c inner join runs as r using (run_id) "
          "where c.status in ('new', 'growing') order by r.started_at desc limit 1)")
CHANGES = 10      # stories and entities since the last run


@section("since-last-run", "Since the last run", ("story_changes", "story_daily", "entity_changes"),
         f"What the last run that landed news changed: its new and growing stories (the {CHANGES} that gained "
         "most articles, with their outlets and top entities) and their articles per day, the entities it "
         "brought that were new to the corpus and those whose share of mentions rose most.")
def since_last_run(ctx: Context) -> Drawn:
    stories = ctx.read("story_changes", select(
        "story_changes", f"run_id = {LATEST} and status in ('new', 'growing')",
        "articles_added desc, sources_added desc, story_id", CHANGES), "stories")
    picked = (f"story_id in (select story_id from story_changes where run_id = {LATEST} and status in "
              f"('new', 'growing') order by articles_added desc, sources_added desc, story_id limit {CHANGES})")
    days = ctx.read("story_daily", select("story_daily", picked, "day, articles desc, story_id"), "their articles per day")
    new = ctx.read("entity_changes", select("entity_changes", f"run_id = {LATEST} and status = 'new'",
                                            "mentions desc, articles desc, entity_key", CHANGES), "new entities")
    rising = ctx.read("entity_changes", select("entity_changes", f"run_id = {LATEST} and status = 'rising' "
                                               "and mentions >= 2", "lift desc, mentions desc, entity_key", CHANGES),
                      "rising entities")
    statuses = stories.table.column("status").to_pylist()
    summary = (f"{statuses.count('new')} new and {statuses.count('growing')} growing stories shown, "
               f"{new.table.num_rows} new and {rising.table.num_rows} rising entities." if statuses else "")
    chart = lines(days.table, "articles", "label", ["day", "label", "articles", "sources"])
    return Drawn([stories, days, new, rising], chart, summary)


@section("top-stories", "Top stories", ("top_stories",),
         f"The {TOP} stories with the most articles (a story: articles about one event).")
def top_stories(ctx: Context) -> Drawn:
    shown = ctx.read("top_stories", select("top_stories", order="articles desc, sources desc, story_id", limit=TOP))
    return Drawn([shown], hbar(shown.table, "label", "articles", extra=("sources", "first_day", "last_day")))


@section("story-trends", "Stories over time", ("story_daily",),
         f"Daily articles of the {SERIES} stories with the most articles in the period.", daily=True)
def story_trends(ctx: Context) -> Drawn:
    shown = ctx.read_top_daily("story_daily", "story_id", "articles", SERIES, "day, articles desc, story_id")
    return Drawn([shown], lines(shown.table, "articles", "label", ["day", "label", "articles", "sources"]))


@section("countries", "Countries in the news", ("country_daily",),
         f"The {TOP} countries with the most articles in the period (bars: articles summed over days).",
         daily=True)
def countries(ctx: Context) -> Drawn:
    shown = ctx.read_top_daily("country_daily", "country_code", "articles", TOP, "day, articles desc, country_code")
    return Drawn([shown], hbar(shown.table, "country", "articles", extra=("country_code",)))


@section("places", "Top places", ("top_places",), f"The {TOP} most mentioned places (resolved to GeoNames).")
def places(ctx: Context) -> Drawn:
    shown = ctx.read("top_places", select("top_places", order="mentions desc, articles desc, name, geonameid", limit=TOP))
    return Drawn([shown], hbar(shown.table, "name", "mentions", color="kind", extra=("country_code",)))


@section("tone-trends", "Tone over time", ("tone_daily",),
         f"Average article tone per day of the {SERIES} sources with the most articles in the period.",
         daily=True)
def tone_trends(ctx: Context) -> Drawn:
    shown = ctx.read_top_daily("tone_daily", "source", "articles", SERIES, "day, source")
    return Drawn([shown], lines(shown.table, "avg_tone", "source", ["day", "source", "articles", "avg_tone"],
                                      counts=False))


@section("entity-tone", "Tone towards entities", ("entity_tone",),
         f"Average tone of the mentions of the {TOP} most mentioned entities (below zero: negative).")
def entity_tone(ctx: Context) -> Drawn:
    shown = ctx.read("entity_tone", select("entity_tone", order="mentions desc, entity_key", limit=TOP))
    tooltip = ["entity_key", "label", "mentions", "avg_tone", "positive", "negative"]
    return Drawn([shown], diverging_bar(shown.table, "entity_key", "avg_tone", tooltip))


@section("speakers", "Most quoted speakers", ("quotes_by_speaker",),
         f"The {TOP} speakers with the most attributed quotes.")
def speakers(ctx: Context) -> Drawn:
    shown = ctx.read("quotes_by_speaker", select("quotes_by_speaker", order="quotes desc, articles desc, speaker_key",
                                                 limit=TOP))
    # label is the speaker's entity label (PERSON, ORG): a colour, the key is the name
    return Drawn([shown], hbar(shown.table, "speaker_key", "quotes", color="label", extra=("label", "articles")))
