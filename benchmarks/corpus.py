"""A realistic synthetic corpus of search-result pages: every design, real-looking boilerplate, overlaps.

Pages carry what live pages carry around their 10 results (menus, facets, inline settings, a pager, a footer),
about 50 KB for the current design. Documents are unique but for a share listed again on a later page.
"""

from __future__ import annotations

import html
import random
from pathlib import Path

SENDERS = ["Filippov [Stalin]", "Mao Zedong", "Zhou Enlai", "Kim Il Sung", "Roshchin", "Vyshinsky", "Shtykov",
           "Gromyko", "Kovalev", "Terebin", "Liu Shaoqi", "Molotov", "Razuvaev", "Krasovsky", "Peng Dehuai"]
TYPES = ["Ciphered Telegram No. {n}, {a} to {b}", "Telegram from {a} to {b}", "Cable, {a} to {b} [via {c}]",
         "Letter from {a} to {b}", "Memorandum of Conversation between {a} and {b}",
         "Ciphered Telegram No. {n} from Beijing, {a} to Cde. {b}", "Record of a Conversation of {a} with {b}",
         "{a} to {b}, for Cde. {c}", "Report, {a} to {b}"]
SUMMARIES = ["{a} informs {b} of the state of the armistice negotiations and asks for advice on the next steps.",
             "{a} and {b} discuss military aid, the training of pilots and the supply of vehicles.",
             "{a} conveys to {b} a message on the position to take at the United Nations."]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
LAYOUT_MIX = [("current-html", 0.6), ("legacy-html", 0.2), ("current-text", 0.1), ("legacy-text", 0.1)]
REPEAT_SHARE = 0.1  # a tenth of the entries list a document that an earlier page lists too


def documents(rng: random.Random, n: int) -> list[dict]:
    docs = []
    for i in range(n):
        a, b, c = rng.sample(SENDERS, 3)
        title = rng.choice(TYPES).format(n=10000 + i, a=a, b=b, c=c)
        day = rng.randint(1, 28)
        date = rng.choice([f"{rng.choice(MONTHS)} {day}, {rng.randint(1945, 1991)}"] * 8
                          + [f"{rng.choice(MONTHS)} {rng.randint(1945, 1991)}", str(rng.randint(1945, 1991))])
        docs.append({"title": title, "date": date, "slug": f"synthetic-document-{i}",
                     "summary": rng.choice(SUMMARIES).format(a=a.split(" [")[0], b=b)})
    return docs


def write_corpus(folder: Path, pages: int, seed: int = 1951) -> dict:
    """Write `pages` pages of 10 results into folder; return what was written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    fresh = documents(rng, pages * 10)
    used: list[dict] = []
    layouts = [name for name, share in LAYOUT_MIX for _ in range(int(share * 10))]
    entries = 0
    for p in range(pages):
        batch = []
        for _ in range(10):
            if used and rng.random() < REPEAT_SHARE:
                batch.append(rng.choice(used))
            else:
                doc = fresh.pop()
                used.append(doc)
                batch.append(doc)
        layout = layouts[p % len(layouts)]
        body = RENDER[layout](batch, p, pages, rng)
        suffix = ".txt" if layout.endswith("text") else ".html"
        (folder / f"page-{p:05d}{suffix}").write_bytes(body.encode("utf-8"))
        entries += len(batch)
    return {"pages": pages, "entries": entries, "documents": len(used)}


def change_pages(folder: Path, share: float, seed: int = 7) -> int:
    """Change the bytes of a share of the pages in place (a summary edited), as a re-harvest would."""
    rng = random.Random(seed)
    files = sorted(folder.iterdir())
    changed = rng.sample(files, max(1, int(len(files) * share)))
    for f in changed:
        text = f.read_text(encoding="utf-8")
        f.write_text(text.replace(" asks for advice", " asks for urgent advice", 1).replace(
            " discuss military aid", " discuss urgent military aid", 1).replace(
            " conveys to", " urgently conveys to", 1) + "\n", encoding="utf-8")
    return len(changed)


def _boilerplate(rng: random.Random, kb: int) -> str:
    """Menus, facets and inline settings: the bulk of a live page around its results."""
    items = []
    while sum(len(i) for i in items) < kb * 1024:
        n = rng.randint(1000, 99999)
        items.append(f'<li class="menu-item facet-item"><a href="/search?f%5B0%5D=topics%3A{n}" '
                     f'data-drupal-facet-item-id="topics-{n}" rel="nofollow">Topic {n} <span class="count">({n % 400})</span></a></li>\n')
    return "".join(items)


def current_html(docs: list[dict], page: int, pages: int, rng: random.Random) -> str:
    cells = "".join(
        '<tr><td class="document contextual-region">'
        + (f'<div class="views-field views-field-field-date"><span class="field-content">{d["date"]}</span></div>' if d["date"] else "")
        + f'<h3 class="views-field views-field-title"><span class="field-content"><a href="/document/{d["slug"]}" hreflang="en">'
        f'{html.escape(d["title"])}</a></span></h3><div class="views-field views-field-field-summary"><div class="field-content">'
        f'<p>{html.escape(d["summary"])}</p></div></div></td></tr>\n'
        for d in docs)
    start = page * 10 + 1
    nxt = f'<li class="pager__item pager__item--next"><a href="?page={page + 1}" rel="next">Next ›</a></li>' if page + 1 < pages else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Search | Wilson Center Digital Archive</title>'
            f'<script type="application/json" data-drupal-selector="drupal-settings-json">{{"path":{{"baseUrl":"/"}},'
            f'"facets":"{"x" * 4000}"}}</script></head><body><a href="#main-content">Skip to content</a>'
            f'<nav class="menu--main"><ul><li><a href="/document/featured-{page}">Featured document</a></li></ul></nav>'
            f'<aside class="facets"><ul>{_boilerplate(rng, 38)}</ul></aside><main id="main-content">'
            f'<div class="results-header"><span>Results:</span> <span class="count">{start} - {start + 9} of {pages * 10}</span>'
            f'<h2>Documents</h2></div><table class="table table-hover table-striped"><tbody>{cells}</tbody></table>'
            f'<nav class="pager" role="navigation"><h4 class="visually-hidden">Pagination</h4><ul>{nxt}</ul></nav></main>'
            f'<footer><a href="/document/footer-{page}">About the archive</a> &copy; Wilson Center</footer></body></html>\n')


def legacy_html(docs: list[dict], page: int, pages: int, rng: random.Random) -> str:
    items = "".join(
        f'<li><span class="date">{d["date"]}</span><a class="lnk-res" href="/document/{d["slug"]}">'
        f'<h3 class="itm-title">{html.escape(d["title"])}</h3></a><p class="desc">{html.escape(d["summary"])}</p></li>\n'
        for d in docs)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Search Results | Digital Archive</title></head><body>'
            f'<div id="header"><a href="/document/popular-{page}">Popular document</a></div>'
            f'<div class="sidebar"><ul>{_boilerplate(rng, 20)}</ul></div><div class="main"><p>Showing {page * 10 + 1} - '
            f'{page * 10 + 10} of {pages * 10} results</p><div class="search-res"><ul>{items}</ul></div></div></body></html>\n')


def current_text(docs: list[dict], page: int, pages: int, rng: random.Random) -> str:
    body = "\n\n".join(f'{d["date"]}\n\n{d["title"]}\n\n{d["summary"]}' for d in docs)
    return (f"Skip to content\n\nResults:\n\n{page * 10 + 1} - {page * 10 + 10} of {pages * 10}\n\nDocuments\n\n"
            f"{body}\n\nPagination\n")


def legacy_text(docs: list[dict], page: int, pages: int, rng: random.Random) -> str:
    body = "\n\n".join(f'  • {d["date"]}\n\n    {d["title"]}\n\n    {d["summary"]}' for d in docs)
    return f"Search in\n\nDigital Archive International History Declassified\n\n\n{body}\n"


RENDER = {"current-html": current_html, "legacy-html": legacy_html, "current-text": current_text,
          "legacy-text": legacy_text}
