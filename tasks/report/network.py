"""The co-mention network of the top entities: a circular layout computed in Python (the same
picture every build, no physics simulation) drawn as a layered Vega-Lite chart."""
from __future__ import annotations

import math

import altair as alt
import pyarrow as pa

from .charts import label_color, records


def circular_layout(keys: list[str]) -> dict[str, tuple[float, float]]:
    """Keys in the given order (most mentioned first) clockwise from twelve o'clock on the unit
    circle. A lone key sits at the centre."""
    n = len(keys)
    if n == 1:
        return {keys[0]: (0.0, 0.0)}
    return {key: (round(math.sin(2 * math.pi * i / n), 6), round(math.cos(2 * math.pi * i / n), 6))
            for i, key in enumerate(keys)}


def network_spec(nodes: pa.Table, edges: pa.Table) -> dict:
    """Nodes (entity_key, label, mentions, ...) on a circle, one line per co-mentioned pair,
    wider for more shared articles. Edges whose ends are not nodes are left out."""
    node_rows = records(nodes)
    where = circular_layout([row["entity_key"] for row in node_rows])
    for row in node_rows:
        row["x"], row["y"] = where[row["entity_key"]]
        # labels outside the circle, anchored away from it
        row["lx"], row["ly"] = 1.12 * row["x"], 1.12 * row["y"]
        row["align"] = "left" if row["x"] > 0.05 else "right" if row["x"] < -0.05 else "center"
    edge_rows = []
    for row in records(edges):
        if row["entity_a"] in where and row["entity_b"] in where:
            (x, y), (x2, y2) = where[row["entity_a"]], where[row["entity_b"]]
            edge_rows.append({**row, "x": x, "y": y, "x2": x2, "y2": y2})
    scale = alt.Scale(domain=[-1.4, 1.4])
    axis_x, axis_y = alt.X("x:Q", scale=scale, axis=None), alt.Y("y:Q", scale=scale, axis=None)
    links = alt.Chart(alt.Data(values=edge_rows)).mark_rule(color="#7f8c8d").encode(
        x=axis_x, y=axis_y, x2="x2:Q", y2="y2:Q",
        strokeWidth=alt.StrokeWidth("articles:Q", title="shared articles", scale=alt.Scale(range=[0.5, 6])),
        opacity=alt.value(0.55), tooltip=["entity_a:N", "entity_b:N", "articles:Q", "sentences:Q"])
    dots = alt.Chart(alt.Data(values=node_rows)).mark_circle(opacity=0.9, stroke="white").encode(
        x=axis_x, y=axis_y, size=alt.Size("mentions:Q", scale=alt.Scale(range=[60, 900])),
        color=label_color(nodes), tooltip=["entity_key:N", "label:N", "mentions:Q", "articles:Q"])
    names = [alt.Chart(alt.Data(values=node_rows)).mark_text(fontSize=11, align=side)
             .transform_filter(alt.datum.align == side)
             .encode(x=alt.X("lx:Q", scale=scale, axis=None), y=alt.Y("ly:Q", scale=scale, axis=None),
                     text="entity_key:N")
             for side in ("left", "right", "center")]
    chart = alt.layer(links, dots, *names).properties(width=620, height=620)
    return chart.configure_view(stroke=None).to_dict(validate=False)
