"""The HTML of the report: one file, scripts, styles and data inline, and a Content Security
Policy that lets the browser fetch nothing (no CDN, font or tile request can slip in later)."""
from __future__ import annotations

import datetime as dt
import html
import json
from decimal import Decimal

import pyarrow as pa

from .queries import Shown
from .sections import Rendered

# Vega compiles its expressions with Function(): 'unsafe-eval'. Nothing may be fetched.
CSP = ("default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
       "img-src data:; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")
OPEN_ROWS = 12   # longer tables start folded (still in the page: the numbers are all there)

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2933;
margin:0;background:#f5f7fa}
header{background:#1f3a5f;color:#fff;padding:1.2rem 2rem}header h1{margin:0 0 .3rem;font-size:1.6rem}
header p{margin:.15rem 0;opacity:.9}nav{padding:.6rem 2rem;background:#e4e9f0;font-size:.9rem}
nav a{margin-right:1rem;color:#1f3a5f;white-space:nowrap}
main{max-width:1000px;margin:0 auto;padding:1rem 2rem 3rem}
section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin:1.2rem 0;padding:1rem 1.5rem}
section h2{margin:.2rem 0 .4rem;font-size:1.25rem}.intro{color:#52606d;margin:.2rem 0 .8rem}
.note{background:#fff8e1;border-left:4px solid #f0b429;padding:.5rem .8rem}
.summary{font-weight:600}.chart{width:100%;margin:.5rem 0}
details{margin:.6rem 0}summary{cursor:pointer;color:#1f3a5f}
table{border-collapse:collapse;font-size:.82rem;margin:.4rem 0;width:100%}
th,td{border-bottom:1px solid #e4e7eb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f4f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.3rem 0}
"""

SCRIPT = """
for (const el of document.querySelectorAll('[data-chart]')) {
  const spec = JSON.parse(document.getElementById('spec-' + el.dataset.chart).textContent);
  vegaEmbed(el, spec, {actions: false, renderer: 'svg'})
    .then(() => { el.dataset.rendered = 'true'; })
    .catch((err) => { el.dataset.rendered = 'error'; el.textContent = 'The chart could not be drawn: ' + err; });
}
"""


def cell(value) -> str:
    """A table cell; a float shows 4 decimals and keeps its exact value in data-value."""
    if value is None:
        return '<td class="null" data-null="true"></td>'
    if isinstance(value, bool):
        return f"<td>{str(value).lower()}</td>"
    if isinstance(value, (int, Decimal)):
        return f'<td class="num">{value}</td>'
    if isinstance(value, float):
        return f'<td class="num" data-value="{value!r}">{value:.4f}</td>'
    if isinstance(value, (dt.date, dt.datetime)):
        return f"<td>{value.isoformat()}</td>"
    return f"<td>{html.escape(str(value))}</td>"


def table_html(shown: Shown) -> str:
    """The rows of one view as shown, with the view's name and the SQL that selected them."""
    table: pa.Table = shown.table
    head = "".join(f"<th>{html.escape(name)}</th>" for name in table.column_names)
    body = "".join("<tr>" + "".join(cell(v) for v in row.values()) + "</tr>" for row in table.to_pylist())
    caption = f"<caption>{html.escape(shown.caption)}</caption>" if shown.caption else ""
    opened = " open" if table.num_rows <= OPEN_ROWS else ""
    return (f"<details{opened}><summary>Data: {html.escape(shown.view)} ({table.num_rows} row{'' if table.num_rows == 1 else 's'})</summary>"
            f'<table data-view="{html.escape(shown.view)}" data-sql="{html.escape(shown.sql)}">{caption}'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>")


def script_json(value) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def section_html(part: Rendered) -> str:
    sec, drawn = part.section, part.drawn
    status = "ok" if not part.note else "missing" if part.note.startswith("Not available") else (
        "empty" if part.note.startswith("No data") else "error")
    pieces = [f'<section id="{sec.key}" data-status="{status}"><h2>{html.escape(sec.title)}</h2>',
              f'<p class="intro">{html.escape(sec.intro)}</p>']
    if drawn.summary:
        pieces.append(f'<p class="summary">{html.escape(drawn.summary)}</p>')
    if part.note:
        pieces.append(f'<p class="note">{html.escape(part.note)}</p>')
    if drawn.chart is not None and not part.note:
        pieces.append(f'<div class="chart" data-chart="{sec.key}"></div>'
                      f'<script type="application/json" id="spec-{sec.key}">{script_json(drawn.chart)}</script>')
    pieces += [table_html(shown) for shown in drawn.tables]
    pieces.append("</section>")
    return "".join(pieces)


def page_html(parts: list[Rendered], facts: list[str], bundle: str) -> str:
    """The whole page: header facts, a table of contents, the sections, the inlined JavaScript."""
    nav = " ".join(f'<a href="#{p.section.key}">{html.escape(p.section.title)}</a>' for p in parts)
    header = "".join(f"<p>{html.escape(fact)}</p>" for fact in facts)
    body = "".join(section_html(p) for p in parts)
    safe_bundle = bundle.replace("</script", "<\\/script")
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>newsflow report</title><style>{STYLE}</style></head><body>"
            f"<header><h1>newsflow report</h1>{header}</header><nav>{nav}</nav><main>{body}</main>"
            f"<script>{safe_bundle}</script><script>{SCRIPT}</script></body></html>\n")
