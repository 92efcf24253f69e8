"""Vega-Lite specs (built with altair) for the report's charts, data inline.

Charts only draw the rows of the table shown beside them; where a chart sums (a country's
articles over the window's days) Vega-Lite does the sum in the browser, so the page's tables
stay the views' own rows.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import altair as alt
import pyarrow as pa

WIDTH = "container"
ORDINAL_DAYS = 31   # up to a month of days: one band per day (a lone day still gets a visible bar)
# spaCy's (OntoNotes) named-entity labels, each a fixed colour on every chart of the page;
# other labels (another model's) follow them in alphabetical order.
NAMED_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW",
                "LANGUAGE")
PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#eeca3b", "#b279a2", "#ff9da6",
           "#9d755d", "#bab0ac", "#1f3a5f", "#8c6d31")   # Vega's tableau10, then two more


def records(table: pa.Table) -> list[dict]:
    """JSON-ready rows: ISO dates, plain ints."""
    def plain(value):
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value
    return [{k: plain(v) for k, v in row.items()} for row in table.to_pylist()]


def _data(table: pa.Table) -> alt.Data:
    return alt.Data(values=records(table))


def _spec(chart: alt.TopLevelMixin) -> dict:
    return chart.configure_view(stroke=None).configure_axis(labelLimit=220).to_dict(validate=False)


def tips(table: pa.Table, fields: list[str]) -> list[alt.Tooltip]:
    """Typed tooltips: numbers quantitative, anything else (dates are ISO text) as written."""
    def kind(name: str) -> str:
        t = table.schema.field(name).type
        return "Q" if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t) else "N"
    return [alt.Tooltip(f"{name}:{kind(name)}") for name in fields]


def label_color(table: pa.Table, field: str = "label") -> alt.Color:
    """Entity labels coloured alike across charts (the legend lists only the labels present)."""
    present = sorted({v for v in table.column(field).to_pylist() if v is not None})
    others = [v for v in present if v not in NAMED_LABELS]
    colour = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate([*NAMED_LABELS, *others])}
    return alt.Color(f"{field}:N", title=field,
                     scale=alt.Scale(domain=present, range=[colour[v] for v in present]))


def day_axis(table: pa.Table, field: str = "day", **kwargs) -> alt.X:
    """Bands for a few days, a time axis for many (UTC, so no day shifts with the viewer's zone)."""
    n_days = len(set(table.column(field).to_pylist())) if table.num_rows else 0
    if n_days <= ORDINAL_DAYS:
        return alt.X(f"{field}:O", title="day", axis=alt.Axis(labelAngle=-45), **kwargs)
    return alt.X(f"{field}:T", timeUnit="utcyearmonthdate", title="day", **kwargs)


def _count_axis(table: pa.Table, field: str) -> alt.Axis:
    """Whole-number ticks for counts (a count of one does not get ticks at 0.05)."""
    if pa.types.is_integer(table.schema.field(field).type):
        return alt.Axis(tickMinStep=1, labelExpr="datum.value % 1 ? '' : format(datum.value, ',d')")
    return alt.Axis()


def hbar(table: pa.Table, category: str, value: str, color: str | None = None,
         extra: tuple[str, ...] = (), title: str = "") -> dict:
    """Horizontal bars, largest first: names stay readable however long they are. Bars sum
    `value` over a category's rows; `color` and `extra` must be constant within a category."""
    tooltip = [alt.Tooltip(f"{category}:N"), *(alt.Tooltip(f"{f}:N") for f in extra),
               alt.Tooltip(f"sum({value}):Q", title=value)]
    encoding = dict(y=alt.Y(f"{category}:N", sort="-x", title=None),
                    x=alt.X(f"sum({value}):Q", title=title or value, axis=_count_axis(table, value)),
                    tooltip=tooltip)
    if color == "label":
        encoding["color"] = label_color(table)
    elif color:
        encoding["color"] = alt.Color(f"{color}:N", title=color)
    height = max(60, 18 * len(set(table.column(category).to_pylist())))
    return _spec(alt.Chart(_data(table)).mark_bar().encode(**encoding).properties(width=WIDTH, height=height))


def diverging_bar(table: pa.Table, category: str, value: str, tooltip: list[str]) -> dict:
    """Signed values (tone): bars left of zero red, right of zero blue."""
    colour = alt.condition(f"datum.{value} < 0", alt.value("#c0392b"), alt.value("#2e86c1"))
    chart = alt.Chart(_data(table)).mark_bar().encode(
        y=alt.Y(f"{category}:N", sort="-x", title=None), x=alt.X(f"{value}:Q"), color=colour,
        tooltip=tips(table, tooltip))
    return _spec(chart.properties(width=WIDTH, height=max(60, 18 * table.num_rows)))


def lines(table: pa.Table, value: str, series: str, tooltip: list[str], title: str = "",
          counts: bool = True) -> dict:
    """One line per series over days, with points. A single day of data has no line to draw:
    one bar per series instead, so the picture still compares the series. `counts`: a day
    without a row is a zero (a count view has no row for nothing), drawn so rather than bridged;
    averages (tone) have no zero to fill."""
    data, tooltip = _data(table), tips(table, tooltip)
    if len(set(table.column("day").to_pylist())) == 1:
        chart = alt.Chart(data).mark_bar().encode(
            y=alt.Y(f"{series}:N", sort="-x", title=None), x=alt.X(f"{value}:Q", title=title or value),
            color=alt.Color(f"{series}:N", legend=None), tooltip=tooltip)
        return _spec(chart.properties(width=WIDTH, height=max(60, 18 * table.num_rows)))
    chart = alt.Chart(data).mark_line(point=True).encode(
        x=day_axis(table), y=alt.Y(f"{value}:Q", title=title or value,
                                   impute=alt.ImputeParams(value=0) if counts else alt.Undefined),
        color=alt.Color(f"{series}:N", title=series), tooltip=tooltip)
    return _spec(chart.properties(width=WIDTH, height=280))


def stacked_days(table: pa.Table, value: str, series: str, tooltip: list[str]) -> dict:
    """A stacked bar a day: the mix of `series` in each day's `value`."""
    chart = alt.Chart(_data(table)).mark_bar().encode(
        x=day_axis(table), y=alt.Y(f"{value}:Q", title=value, stack="zero"),
        color=alt.Color(f"{series}:N", title=series), tooltip=tips(table, tooltip))
    return _spec(chart.properties(width=WIDTH, height=300))


def message(text: str) -> dict:
    """A chart that only says something (the key chart of an empty database)."""
    chart = alt.Chart(alt.Data(values=[{"text": text}])).mark_text(fontSize=16).encode(text="text:N")
    return _spec(chart.properties(width=480, height=120))
