"""curated/report.html: one self-contained page, drawn with plotly, that shows a historian what a run curated."""

from __future__ import annotations

import json
import math
from collections import Counter
from html import escape

import duckdb
import networkx as nx
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.offline import get_plotlyjs

from pipeline.normalizing.dates import PRECISIONS
from pipeline.reading.page import STATUSES
from pipeline.tables import CURATED, RUNS
from pipeline.writing.report import QUALITY

FILE = "report.html"
TOP_TYPES = 10
TOP_CORRESPONDENTS = 15
NETWORK_PEOPLE = 60
TOP_UNRESOLVED = 20
PAGES_LISTED = 100  # pages whose stated count differed, listed by name; the rest only counted

SECTIONS = {"figures": "The run in figures", "years": "Documents over time", "correspondents": "Who wrote to whom",
            "network": "The correspondence network", "dates": "Dates", "quality": "Data quality",
            "provenance": "Provenance of the run", "dictionary": "Data dictionary"}
HEADLINE = {"documents": "documents", "entries": "entries", "pages": "pages", "rejects": "rejects",
            "unresolved_names": "unresolved names", "documents_undated": "undated documents",
            "dates_unreadable": "unreadable dates"}
OTHER_COUNTS = {"titles_cut_short": "titles cut short", "unresolved_mentions": "mentions of unresolved names",
                "fuzzy_matches": "names matched by similarity"}
# Known provenance first, in this order; any other key of the summary follows by name, so none goes unshown.
PROVENANCE = {"run_id": "run id", "started_at": "started", "finished_at": "finished",
              "duration_s": "duration (seconds)", "package_version": "archive-pipeline version",
              "commit": "code commit", "parser_version": "page reader version",
              "input_fingerprint": "input fingerprint",
              "pages_parsed": "pages parsed", "pages_reused": "pages reused from staging",
              "documents_normalized": "documents normalized (the others from staging's cache)",
              "added": "documents added since the previous set", "removed": "documents removed since then",
              "changed": "documents changed since then"}
NOT_PROVENANCE = {*HEADLINE, *OTHER_COUNTS, *QUALITY, *(f"pages_{s}" for s in STATUSES), "files"}
PRECISION_LABELS = {"none": "none (undated or unreadable)"}

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
OTHER_COLOURS = {"other types": "#8c8c8c", "no type": "#cfcfcf"}
CONFIG = {"displaylogo": False, "responsive": True}
CSS = f"""
body {{ font-family: {FONT}; color: #222; background: #fff; margin: 0; line-height: 1.5; }}
main {{ max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem 4rem; }}
h1 {{ font-size: 1.7rem; margin-bottom: .2rem; }} h2 {{ margin-top: 2.8rem; border-bottom: 1px solid #ddd; }}
nav {{ display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; }} a {{ color: #1f5fa8; }}
.figures {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: .8rem; }}
.figure {{ border: 1px solid #ddd; border-radius: 6px; padding: .6rem .8rem; background: #fafafa; }}
.figure .number {{ display: block; font-size: 1.6rem; font-weight: 600; }} .figure .label {{ color: #555; }}
.pair {{ display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }}
.chart {{ margin: .5rem 0 1rem; }} .note {{ color: #555; }}
table {{ border-collapse: collapse; margin: .5rem 0 1rem; font-size: .92rem; }}
th, td {{ border-bottom: 1px solid #e3e3e3; padding: .25rem .7rem .25rem 0; text-align: left; vertical-align: top; }}
td.n {{ text-align: right; font-variant-numeric: tabular-nums; }} code {{ font-size: .9em; }}
"""


def html(con: duckdb.DuckDBPyConnection, summary: dict) -> str:
    """The report of the run whose database con reads and whose run summary is summary, as one HTML page."""
    bodies = {"figures": _headline(summary), "years": _years(con), "correspondents": _correspondents(con),
              "network": _network(con), "dates": _dates(con, summary), "quality": _quality(con, summary),
              "provenance": _provenance(summary), "dictionary": _dictionary()}
    nav = "".join(f'<a href="#{key}">{title}</a>' for key, title in SECTIONS.items())
    sections = "".join(f'<section id="{key}"><h2>{SECTIONS[key]}</h2>{body}</section>' for key, body in bodies.items())
    # The policy forbids every request: the page must read the same offline, years from now.
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<title>Wilson Center Digital Archive: run report</title><style>{CSS}</style>
<script>window.PlotlyConfig = {{MathJaxConfig: 'local'}};</script><script>{get_plotlyjs()}</script></head>
<body><main><h1>Wilson Center Digital Archive: run report</h1>
<p class="note">What this run curated from the archive's search-result pages, drawn from curated/archive.duckdb and
curated/run_summary.json.</p><nav>{nav}</nav>{sections}</main></body></html>
"""


def _value(summary: dict, key: str) -> str:
    """A run-summary value, in an element a test can find by its key: integers as plain digits, shares as percent
    with the raw value beside, other scalars as written. A missing, empty or nested value is shown unmarked."""
    value = summary.get(key)
    if value is None:
        return "–"
    if isinstance(value, (dict, list)):
        return f"<code>{escape(json.dumps(value, sort_keys=True))}</code>"
    if key in QUALITY:
        return f'<span data-summary="{escape(key)}" data-value="{value!r}">{value:.1%}</span>'
    return f'<span data-summary="{escape(key)}">{escape(str(value))}</span>'


def _headline(summary: dict) -> str:
    cards = "".join(f'<div class="figure"><span class="number">{_value(summary, key)}</span>'
                    f'<span class="label">{label}</span></div>' for key, label in HEADLINE.items())
    statuses = [f"{_value(summary, f'pages_{s}')} {s.replace('_', ' ')}" for s in STATUSES if f"pages_{s}" in summary]
    by_status = f'<p>Pages by status: {"; ".join(statuses)}.</p>' if statuses else ""
    return f'<div class="figures">{cards}</div>{by_status}'


def _chart(fig: go.Figure, name: str, height: int) -> str:
    """A figure in a container the tests find by its class; a fixed div id keeps the page the same for the same data."""
    fig.update_layout(template="plotly_white", height=height, font={"family": FONT, "size": 13},
                      margin={"l": 10, "r": 30, "t": 50, "b": 40}, title_x=0)
    div = fig.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False, div_id=f"plot-{name}",
                      config=CONFIG)
    return f'<div class="chart" id="chart-{name}">{div}</div>'


def _counts_axis(most: int, title: str) -> dict:
    """An axis of counts: whole numbers only, which plotly's own ticks are not for small counts (0.2, 0.4 …)."""
    return {"title": title, "rangemode": "tozero", **({"dtick": 1} if most < 8 else {})}


def _bars(rows: list[tuple], name: str, title: str, unit: str = "documents") -> str:
    """Horizontal bars, largest first, labels cut short on the axis and whole when hovered.
    Plotly reads its labels as markup, so names from the web are escaped for it too."""
    if not rows:
        return f'<p class="note">{title}: none in this run.</p>'
    labels = [_plotly_text(label) for label, _ in rows]
    counts = [n for _, n in rows]
    short = [_plotly_text(label if len(label) <= 42 else label[:40] + "…") for label, _ in rows]
    fig = go.Figure(go.Bar(x=counts, y=list(range(len(rows))), orientation="h", text=counts, textposition="outside",
                           customdata=labels, hovertemplate=f"%{{customdata}}: %{{x}} {unit}<extra></extra>",
                           marker_color=qualitative.Plotly[0], cliponaxis=False))
    fig.update_layout(title=title, xaxis=_counts_axis(max(counts), unit),
                      yaxis={"tickvals": list(range(len(rows))), "ticktext": short, "autorange": "reversed",
                             "automargin": True})
    return _chart(fig, name, 110 + 24 * len(rows))


def _years(con: duckdb.DuckDBPyConnection) -> str:
    first, last, undated = con.execute("SELECT year(min(date_start)), year(max(date_start)), "
                                       "count(*) FILTER (WHERE date_start IS NULL) FROM documents").fetchone()
    not_plotted = f'<p class="note">Documents without a date, not plotted: {undated}.</p>'
    if first is None:
        return '<p class="note">No document has a date.</p>' + not_plotted
    monthly = last - first < 3  # a span of three calendar years or less reads better month by month
    period = "strftime(date_start, '%Y-%m-01')" if monthly else "year(date_start)"
    rows = con.execute(f"""
        WITH dated AS (SELECT date_start, doc_type FROM documents WHERE date_start IS NOT NULL),
        top AS (SELECT doc_type, count(*) AS n FROM dated WHERE doc_type IS NOT NULL
                GROUP BY doc_type ORDER BY n DESC, doc_type LIMIT {TOP_TYPES}),
        kinds AS (SELECT {period} AS period, CASE WHEN doc_type IS NULL THEN 'no type'
                         WHEN doc_type IN (SELECT doc_type FROM top) THEN doc_type ELSE 'other types' END AS kind
                  FROM dated)
        SELECT kind, list(period ORDER BY period), list(n ORDER BY period), sum(n) AS total
        FROM (SELECT kind, period, count(*) AS n FROM kinds GROUP BY ALL)
        GROUP BY kind ORDER BY kind IN ('other types', 'no type'), kind = 'no type', total DESC, kind""").fetchall()
    fig, highest = go.Figure(), Counter()
    for i, (kind, periods, counts, _) in enumerate(rows):
        highest.update(dict(zip(periods, counts)))
        fig.add_trace(go.Bar(x=periods, y=counts, name=_plotly_text(kind),
                             marker_color=OTHER_COLOURS.get(kind, qualitative.Plotly[i % 10]),
                             hovertemplate="%{x}: %{y} documents<extra>%{fullData.name}</extra>",
                             **({"xperiod": "M1", "xperiodalignment": "middle"} if monthly else {})))
    unit = "month" if monthly else "year"
    # Plotly ticks a few years at 1950.5; every year is ticked while they fit.
    xaxis = {"type": "date", "title": "month"} if monthly else {"title": "year",
                                                                 "dtick": 1 if last - first <= 20 else None}
    fig.update_layout(title=f"Documents per {unit}, by type (placed by the first day their date covers)",
                      barmode="stack", xaxis=xaxis, yaxis=_counts_axis(max(highest.values()), "documents"))
    return _chart(fig, "years", 480) + not_plotted


# The correspondence view with each side named by a label of its own: people are counted by id (a name the authority
# does not know by itself, as written), and two people who share a name are told apart by their ids.
_LABELLED = """
ids AS (SELECT DISTINCT coalesce(sender_id, 'name:' || sender) AS id, sender AS name FROM correspondence
        WHERE sender IS NOT NULL
        UNION SELECT DISTINCT coalesce(recipient_id, 'name:' || recipient), recipient FROM correspondence
        WHERE recipient IS NOT NULL),
labels AS (SELECT id, CASE WHEN count(*) OVER (PARTITION BY name) > 1 THEN name || ' [' || id || ']' ELSE name END
                      AS label FROM ids),
labelled AS (SELECT c.doc_id, s.label AS sender, r.label AS recipient FROM correspondence AS c
             LEFT JOIN labels AS s ON s.id = coalesce(c.sender_id, 'name:' || c.sender)
             LEFT JOIN labels AS r ON r.id = coalesce(c.recipient_id, 'name:' || c.recipient))"""


def _plotly_text(text) -> str:
    """Text from the web, for plotly, which reads its labels as markup (and knows no &quot;)."""
    return escape(str(text), quote=False)


def _correspondents(con: duckdb.DuckDBPyConnection) -> str:
    def top(who: str) -> list[tuple]:
        return con.execute(f"""WITH {_LABELLED}
                               SELECT {who} AS name, count(DISTINCT doc_id) AS n FROM labelled
                               WHERE name IS NOT NULL GROUP BY name ORDER BY n DESC, name
                               LIMIT {TOP_CORRESPONDENTS}""").fetchall()
    note = ('<p class="note">Documents counted once per person or pair; a name the authority file does not know '
            'appears as written.</p>')
    return (note + '<div class="pair">' + _bars(top("sender"), "senders", "Most frequent senders")
            + _bars(top("recipient"), "recipients", "Most frequent recipients") + "</div>"
            + _bars(top("sender || ' → ' || recipient"), "pairs", "Most frequent sender → recipient pairs"))


def _network(con: duckdb.DuckDBPyConnection) -> str:
    links = f"""WITH {_LABELLED}, links AS (SELECT DISTINCT doc_id, sender, recipient FROM labelled
                              WHERE sender IS NOT NULL AND recipient IS NOT NULL AND sender <> recipient),
               ends AS (SELECT sender AS name, doc_id, true AS sent FROM links
                        UNION ALL SELECT recipient, doc_id, false FROM links),
               people AS (SELECT name, count(DISTINCT doc_id) AS documents,
                                 count(DISTINCT doc_id) FILTER (sent) AS sent,
                                 count(DISTINCT doc_id) FILTER (NOT sent) AS received FROM ends GROUP BY name),
               drawn AS (SELECT * FROM people ORDER BY documents DESC, name LIMIT ?)"""
    people = con.execute(links + " SELECT name, documents, sent, received FROM drawn ORDER BY documents DESC, name",
                         [NETWORK_PEOPLE]).fetchall()
    if not people:
        return '<p class="note">No document in this run names both a sender and a recipient.</p>'
    total = con.execute(links + " SELECT count(*) FROM people", [NETWORK_PEOPLE]).fetchone()[0]
    edges = con.execute(links + """ SELECT sender, recipient, count(*) FROM links
                        WHERE sender IN (SELECT name FROM drawn) AND recipient IN (SELECT name FROM drawn)
                        GROUP BY ALL ORDER BY sender, recipient""", [NETWORK_PEOPLE]).fetchall()
    graph = nx.Graph()
    graph.add_nodes_from(name for name, *_ in people)
    for sender, recipient, n in edges:  # one line per pair, whichever way the letters went
        pair = graph.get_edge_data(sender, recipient) or {"weight": 0, "ways": []}
        graph.add_edge(sender, recipient, weight=pair["weight"] + n, ways=pair["ways"] + [(sender, recipient, n)])
    place = _layout(graph)
    x = {name: round(float(p[0]), 4) for name, p in place.items()}
    y = {name: round(float(p[1]), 4) for name, p in place.items()}
    fig = go.Figure()
    heaviest = max((w for *_, w in graph.edges(data="weight")), default=1)
    by_width: dict[int, list] = {}
    for a, b, w in graph.edges(data="weight"):
        by_width.setdefault(1 + round(6 * math.sqrt(w / heaviest)), []).append((a, b))
    for width, pairs in sorted(by_width.items()):
        fig.add_trace(go.Scatter(x=[v for a, b in pairs for v in (x[a], x[b], None)],
                                 y=[v for a, b in pairs for v in (y[a], y[b], None)], mode="lines",
                                 line={"width": width, "color": "rgba(90,90,90,0.45)"}, hoverinfo="skip"))
    ways = [d["ways"] for *_, d in graph.edges(data=True)]
    fig.add_trace(go.Scatter(  # invisible points mid-line: hovering a line says who wrote to whom, how often
        x=[(x[w[0][0]] + x[w[0][1]]) / 2 for w in ways], y=[(y[w[0][0]] + y[w[0][1]]) / 2 for w in ways],
        mode="markers", marker={"size": 10, "opacity": 0}, hoverinfo="text",
        hovertext=["<br>".join(f"{_plotly_text(s)} → {_plotly_text(r)}: {n}" for s, r, n in w) for w in ways]))
    most = people[0][1]
    fig.add_trace(go.Scatter(
        x=[x[p[0]] for p in people], y=[y[p[0]] for p in people], mode="markers+text",
        text=[_plotly_text(p[0]) for p in people], textposition="top center", textfont={"size": 10},
        hoverinfo="text", hovertext=[f"{_plotly_text(p[0])}<br>{p[1]} documents: sent {p[2]}, received {p[3]}"
                                     for p in people],
        marker={"size": [8 + 22 * math.sqrt(p[1] / most) for p in people], "color": qualitative.Plotly[0],
                "line": {"width": 1, "color": "#fff"}}))
    fig.update_layout(title="Who wrote to whom: a line's width grows with the documents between two people",
                      showlegend=False, xaxis={"visible": False},
                      yaxis={"visible": False, "scaleanchor": "x"}, hovermode="closest")
    left = total - len(people)
    said = (f"Drawn: the {len(people)} people in the most documents; left out: {left} others who wrote or were "
            "written to." if left else f"Drawn: all {total} people who wrote or were written to.")
    return (_chart(fig, "network", min(720, 420 + 5 * len(people)))
            + f'<p class="note">{said} Hover a line or a name for the counts.</p>')


def _layout(graph: nx.Graph) -> dict:
    """A spring layout (fixed seed) of each group of correspondents, the groups then set in rows, largest first:
    laid out together, small groups fly to the edges and squeeze the largest into a corner."""
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    scales = [max(0.4, math.sqrt(len(part)) - 1) for part in parts]  # a group's room grows with its people
    room = [2 * s + 1.2 for s in scales]  # and leaves space for the names
    width = max(room[0], math.sqrt(1.6 * sum(r * r for r in room)))  # rows about as wide as the chart is
    place, x, y, row = {}, 0.0, 0.0, 0.0
    for part, scale, size in zip(parts, scales, room):
        if x and x + size > width:
            x, y, row = 0.0, y - row, 0.0
        # A graph of its own, built in sorted order: a subgraph view iterates a set, whose order changes from one
        # process to the next, and the layout with it.
        piece = nx.Graph()
        piece.add_nodes_from(part)
        piece.add_weighted_edges_from(sorted((a, b, w) for a, b, w in graph.edges(part, data="weight")))
        sub = nx.spring_layout(piece, seed=1951, scale=scale) if len(part) > 1 else {part[0]: (0, 0)}
        place.update({name: (x + size / 2 + p[0], y - size / 2 + p[1]) for name, p in sub.items()})
        x, row = x + size, max(row, size)
    return place


def _dates(con: duckdb.DuckDBPyConnection, summary: dict) -> str:
    counts = dict(con.execute("SELECT date_precision, count(*) FROM documents GROUP BY 1").fetchall())
    rows = [(PRECISION_LABELS.get(p, p), counts[p]) for p in PRECISIONS if counts.get(p)]
    rows += [(p, n) for p, n in sorted(counts.items()) if p not in PRECISIONS]
    text = (f'<p>Undated documents: {_value(summary, "documents_undated")}; documents whose date could not be '
            f'read: {_value(summary, "dates_unreadable")}.</p>')
    if not rows:
        return text
    fig = go.Figure(go.Bar(x=[_plotly_text(p) for p, _ in rows], y=[n for _, n in rows], text=[n for _, n in rows],
                           textposition="outside", cliponaxis=False, marker_color=qualitative.Plotly[0],
                           hovertemplate="%{x}: %{y} documents<extra></extra>"))
    fig.update_layout(title="Documents by how precisely they are dated",
                      yaxis=_counts_axis(max(n for _, n in rows), "documents"),
                      xaxis={"type": "category"})
    return _chart(fig, "precision", 380) + text


def _table(header: tuple[str, ...], rows: list[tuple], numbers: tuple[int, ...] = ()) -> str:
    """An HTML table of rows from the database, every value escaped."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f'<td{" class=n" if i in numbers else ""}>'
                                    f'{"" if v is None else escape(str(v))}</td>' for i, v in enumerate(row)) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _quality(con: duckdb.DuckDBPyConnection, summary: dict) -> str:
    shares = "".join(f'<tr><td>documents with {label}</td><td class=n>{_value(summary, key)}</td></tr>'
                     for key, (label, _) in QUALITY.items())
    others = "".join(f'<tr><td>{label}</td><td class=n>{_value(summary, key)}</td></tr>'
                     for key, label in OTHER_COUNTS.items() if key in summary)
    unresolved = con.execute(f"""SELECT name, "count", documents, candidates FROM unresolved_names
                                 ORDER BY "count" DESC, documents DESC, name LIMIT {TOP_UNRESOLVED}""").fetchall()
    checks = con.execute("""SELECT "check", string_agg(DISTINCT stage, ', ' ORDER BY stage), count(*) AS n
                            FROM rejects GROUP BY "check" ORDER BY n DESC, "check" """).fetchall()
    stated = con.execute(f"""SELECT source, reason FROM rejects WHERE "check" = 'stated_count'
                             ORDER BY source, position LIMIT {PAGES_LISTED}""").fetchall()
    n_stated = con.execute("""SELECT count(*) FROM rejects WHERE "check" = 'stated_count'""").fetchone()[0]
    out = ["<h3>How complete the documents are</h3><table><tbody>", shares, others, "</tbody></table>",
           f"<h3>Unresolved names (the {TOP_UNRESOLVED} most frequent)</h3>",
           _table(("name", "occurrences", "documents", "may be"), unresolved, (1, 2)) if unresolved
           else '<p class="note">Every name was resolved.</p>', "<h3>Rejects, by the check that failed</h3>"]
    if checks:
        out += [_bars([(check, n) for check, _, n in checks], "rejects", "Rejects by check", "rejects"),
                _table(("check", "stage", "rejects"), checks, (2,))]
    else:
        out.append('<p class="note">Nothing was rejected.</p>')
    out.append("<h3>Pages whose stated result count differed from the entries found</h3>")
    if stated:
        more = f'<p class="note">{n_stated - len(stated)} more not listed.</p>' if n_stated > len(stated) else ""
        out += [_table(("page", "what differed"), stated), more]
    else:
        out.append('<p class="note">Every page held as many entries as it said.</p>')
    return "".join(out)


def _provenance(summary: dict) -> str:
    keys = [k for k in PROVENANCE if k in summary]
    keys += sorted(k for k in summary if k not in NOT_PROVENANCE and k not in PROVENANCE)
    rows = "".join(f"<tr><th>{escape(PROVENANCE.get(k, k.replace('_', ' ')))}</th><td>{_value(summary, k)}</td></tr>"
                   for k in keys)
    return f"<table><tbody>{rows}</tbody></table>" if rows else '<p class="note">The run summary records none.</p>'


def _dictionary() -> str:
    return "".join(f"<h3>{escape(t.title)} <code>{escape(t.file)}</code></h3><p>{escape(t.description)}</p>"
                   + _table(("column", "type", "meaning"), [(c.name, c.type, c.description) for c in t.columns])
                   for t in (*CURATED.values(), RUNS))
