"""A generated hostile raw/ folder: files that have stopped, stalled or fooled runs, each with what a run must make
of it. `write(folder)` writes them (with the sample pages beside them) and returns the expectations.

Every class of issue 13's hostile input is here, several ways each, and a hundred seeded random mutations of the
sample pages: names no file system forbids but outputs choke on; pages beyond every bound of pipeline/limits.py;
NUL bytes; counts no integer column holds; results a browser does not show; FIFOs, devices and links; broken
encodings; pages cut at every tenth of their length; malformed markup.
"""

from __future__ import annotations

import os
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from conftest import FILES, SAMPLES

CURRENT = (FILES / SAMPLES[0]).read_bytes()  # a current-design search page, 10 results
LEGACY = (FILES / SAMPLES[2]).read_bytes()  # an old-design search page
TEXT = (FILES / SAMPLES[4]).read_bytes()  # a text rendering


@dataclass(frozen=True)
class Expect:
    """What a run makes of one file: rejected by `check` (a reject row names the file), or read as a page (then it is
    in staging/pages.parquet with a status, and its rejects, if any, say why). `documents` titles that must (or, for
    hidden results, must not) be curated."""

    name: bytes  # the file name, as bytes: some are not UTF-8
    check: str | None = None  # the reject check that must name this file; None: it is a page like any other
    curated: tuple[str, ...] = ()  # titles that must be among the documents
    not_curated: tuple[str, ...] = ()  # titles that must not


def _cell(title: str, date: str = "June 1, 1950", slug: str | None = None) -> str:
    slug = slug or title.lower().replace(" ", "-")
    return (f'<td class="document"><a href="/document/{slug}">{title}</a>'
            f'<div class="date">{date}</div><p>Summary of {title}.</p></td>')


def _current_page(cells: list[str], count: str | None = None, wrap=lambda table: table) -> bytes:
    rows = "".join(f"<tr>{c}</tr>" for c in cells)
    stated = f"<p>{count}</p>" if count else ""
    table = f'<table class="table"><tbody>{rows}</tbody></table>'
    return (f"<!DOCTYPE html><html><head><title>Search</title></head><body>{stated}{wrap(table)}"
            "</body></html>").encode()


def _visible_and(hidden_wrapper: str, close: str) -> bytes:
    visible = _cell("Visible Report on Hidden Markup", slug=f"visible-{close.strip('</>')}")
    hidden = _cell(f"Hidden Report Inside {close.strip('</>')}", slug=f"hidden-{close.strip('</>')}")
    rows = f"<tr>{visible}</tr>"
    hidden_table = f'{hidden_wrapper}<table class="table"><tbody><tr>{hidden}</tr></tbody></table>{close}'
    return (f'<!DOCTYPE html><html><body><p>1 - 1 of 1</p><table class="table"><tbody>{rows}</tbody></table>'
            f"{hidden_table}</body></html>").encode()


def _nested(levels: int, results: bool = True) -> bytes:
    inner = _cell("Deeply Nested Result") if results else "deep"
    opening = '<table class="table"><tr><td class="document">' if results else "<div>"
    closing = "</td></tr></table>" if results else "</div>"
    return f"<!DOCTYPE html><html><body>{opening * levels}{inner}{closing * levels}</body></html>".encode()


def hostile_files() -> list[tuple[Expect, bytes | None, str]]:
    """(expectation, content, kind): kind "file" (content is the bytes), or "fifo", "symlink:<target>" (content
    None). Targets of links are relative to the folder."""
    out: list[tuple[Expect, bytes | None, str]] = []

    def add(name, content, check=None, kind="file", **more):
        out.append((Expect(name if isinstance(name, bytes) else name.encode(), check, **more), content, kind))

    # Names: each a good page under a name outputs must carry safely (the page is read, its documents curated).
    for i, name in enumerate([b"caf\xe9.html", b"\xff\xfe\xfd.html", b"line\rbreak.html", b"line\nfeed.html",
                              b"crlf\r\nname.html", b'quote".html', b"apos'.html", b"comma,name.html",
                              b"semi;colon.html", b"tab\tname.html", b"=HYPERLINK(1).html", b"+cmd.html",
                              b"-minus.html", b"@at.html", "rtl\u202eexe.lmth.html".encode(),
                              "\U0001F4DC scroll.html".encode(), b"x" * 200 + b".html", b"back\\slash.html",
                              b"  spaces  .html", b"\x01control.html"]):
        title = f"Hostile Name Report {i}"
        add(name, _current_page([_cell(title, slug=f"hostile-name-{i}")], "1 - 1 of 1"), curated=(title,))

    # Bounds: larger than a page may be, nested deeper, more results than any page lists.
    add(b"huge.html", CURRENT[:-20] + b" " * (21 * 1024 * 1024) + CURRENT[-20:], "too_large")
    add(b"huge.txt", TEXT * (21 * 1024 * 1024 // len(TEXT) + 1), "too_large")
    for levels in (300, 1000, 4000, 100_000):
        add(f"nested_results_{levels}.html", _nested(levels), "too_deep")
    for levels in (500, 100_000):
        add(f"nested_divs_{levels}.html", _nested(levels, results=False), "too_deep")
    # Markup that makes the cut of the part read look at many places: it stays linear, and the page is judged whole.
    add(b"nested_lists_100000.html", b'<!DOCTYPE html><html><body>' + b'<ul class="search-res"><li>' * 100_000
        + b"</body></html>", "too_deep")
    add(b"hidden_divs_before_results.html",
        CURRENT.replace(b"<body>", b"<body>" + b'<div hidden>x</div><div style="display:none">y</div>' * 3_000, 1),
        None)
    for n in (1001, 5000, 50_000):
        add(f"results_{n}.html", _current_page([_cell(f"R{i}", slug=f"r{i}") for i in range(n)],
                                               f"1 - {n} of {n}"), "too_many_results")
    legacy_items = "".join(f'<li><a class="lnk-res" href="/document/l{i}"><span class="itm-title">L{i}</span></a></li>'
                           for i in range(1500))
    add(b"legacy_items_1500.html", f'<!DOCTYPE html><html><body><ul class="search-res">{legacy_items}</ul>'
                                   "</body></html>".encode(), "too_many_results")

    # NUL characters, past the first 64 KB a sniffer reads and elsewhere.
    add(b"nul_after_64k.html", CURRENT[:-20] + b" " * 70_000 + b"\x00" + CURRENT[-20:], "nul")
    add(b"nul_after_64k.txt", TEXT + b"\n" * 70_000 + b"tail\x00tail\n", "nul")
    # within the first 64 KB, which decoding samples, a NUL makes the bytes binary
    add(b"nul_in_title.html", CURRENT.replace(b"</a>", b"\x00</a>", 1), "binary")
    add(b"nul_at_end.html", CURRENT + b"\x00", "binary")

    # Counts no column holds: read as data errors, the entries kept.
    add(b"count_20_digits.html", _current_page([_cell("Big Count Report", slug="big-count")],
                                               "1 - 1 of 99999999999999999999"), "count_out_of_range",
        curated=("Big Count Report",))
    add(b"count_5000_digits.html", _current_page([_cell("Huge Count Report", slug="huge-count")],
                                                 "1 - 1 of " + "9" * 5000), "count_out_of_range",
        curated=("Huge Count Report",))
    add(b"count_start_5000_digits.html", _current_page([_cell("Huge Start Report", slug="huge-start")],
                                                       "1" * 5000 + " - 1 of 1"), "count_out_of_range")
    add(b"count_backwards.html", _current_page([_cell("Backwards Count Report", slug="backwards")],
                                               "10 - 1 of 5"), "stated_count")

    # Results a browser does not show are not results.
    for wrapper, close in (("<noscript>", "</noscript>"), ("<template>", "</template>"), ("<svg>", "</svg>"),
                           ("<div hidden>", "</div>"), ('<div style="display: none">', "</div>"),
                           ('<section style="visibility:hidden">', "</section>")):
        # the CSS selector engine itself does not look inside a template: nothing there to report
        add(f"hidden_{close.strip('</>')}.html", _visible_and(wrapper, close), None if "template" in close else "hidden",
            curated=("Visible Report on Hidden Markup",), not_curated=(f"Hidden Report Inside {close.strip('</>')}",))

    # What is not a regular file inside raw/.
    add(b"fifo.html", None, "not_a_file", kind="fifo")
    add(b"fifo2.txt", None, "not_a_file", kind="fifo")
    add(b"zero.html", None, "outside_raw", kind="symlink:/dev/zero")
    add(b"passwd.html", None, "outside_raw", kind="symlink:/etc/passwd")
    add(b"dangling.html", None, "broken_link", kind="symlink:no-such-file.html")
    add(b"loop_a.html", None, "broken_link", kind="symlink:loop_b.html")
    add(b"loop_b.html", None, "broken_link", kind="symlink:loop_a.html")
    add(b"outer_folder", None, "outside_raw", kind="symlink:/tmp")
    add(b"inner_folder", None, "linked_folder", kind="symlink:.")

    # Bytes that are no page.
    rng = random.Random(13)
    for i in range(8):
        add(f"random_{i}.bin", bytes(rng.randrange(256) for _ in range(2000 + 500 * i)), "binary")
    add(b"empty.html", b"", "empty")
    add(b"blank.txt", b" \n\t\n", "empty")
    add(b"utf16_no_bom.html", CURRENT.decode("utf-8").encode("utf-16-le"), None)

    # Pages cut at every tenth of their length: what is whole is kept, the cut is reported.
    for tenth in range(1, 10):
        add(f"cut_{tenth}0pct.html", CURRENT[: len(CURRENT) * tenth // 10], "truncated")
        add(f"cut_legacy_{tenth}0pct.html", LEGACY[: len(LEGACY) * tenth // 10], "truncated")

    # Malformed markup.
    add(b"unclosed_cells.html", CURRENT.replace(b"</td>", b""), None)
    add(b"stray_angles.html", CURRENT.replace(b"<a ", b"< <<a ", 3), None)
    add(b"attribute_1mb.html", CURRENT.replace(b"<table", b'<table data-x="' + b"x" * 1_000_000 + b'"', 1), None)
    add(b"attributes_10000.html", CURRENT.replace(b"<table", b"<table " + b" ".join(
        f"a{i}=1".encode() for i in range(10_000)), 1), None)
    add(b"comment_unclosed.html", CURRENT.replace(b"<table", b"<!-- <table", 1), None)
    add(b"script_with_markup.html", CURRENT.replace(b"<body", b"<script>var s='</td><td class=\"document\">';"
                                                             b"</script><body", 1), None)
    add(b"title_1mb.html", _current_page([_cell("Long " * 200_000, slug="long-title")], "1 - 1 of 1"), None)
    add(b"no_html_end.html", CURRENT.replace(b"</html>", b""), "truncated")
    add(b"two_html_docs.html", CURRENT + CURRENT, None)
    add(b"cdata.html", CURRENT.replace(b"<table", b"<![CDATA[ <table class='table'> ]]><table", 1), None)
    add(b"form_feed_lines.txt", TEXT.replace(b"\n", b"\f"), None)
    add(b"only_count.html", b"<!DOCTYPE html><html><body><p>1 - 10 of 10</p></body></html>", "layout")
    add(b"table_no_cells.html", _current_page([], "1 - 10 of 10").replace(b"<tbody>", b'<tbody><tr><td class="document"></td></tr>'), None)
    add(b"latin1_bytes.html", CURRENT.decode("utf-8").encode("latin-1", "replace"), None)
    add(b"bom_then_junk.html", b"\xef\xbb\xbf" + bytes(range(1, 32)) * 100, "binary")
    add(b"deep_but_allowed.html", _nested(80), None)  # 80 × (table, tr, td): 242 deep, inside the bound
    add(b"date_only.txt", b"June 1, 1950\n" * 50, None)
    add(b"huge_line.txt", b"June 1, 1950\n" + b"word " * 400_000 + b"\n", None)
    add(b"many_dates.txt", b"\n".join(f"June {i % 28 + 1}, 1950\nTitle {i}\nSummary {i}.".encode()
                                      for i in range(900)), None)
    add(b"legacy_no_links.html", LEGACY.replace(b'class="lnk-res"', b'class="x"'), None)
    # Markup that a crude tag count would take for deep, and markup that would make a careless pattern quadratic.
    add(b"unclosed_options.html", CURRENT.replace(b"</body>", b"<select>" + b"<option>x" * 300 + b"</select></body>"),
        None)
    add(b"unclosed_paragraphs.html", CURRENT.replace(b"</body>", b"<p>x" * 300 + b"</body>"), None)
    add(b"script_comparisons.html", CURRENT.replace(b"</body>", b"<script>if(a<b&&c>d){}</script>" * 300 + b"</body>"),
        None)
    # Bounds apply to the markup read: junk after the results is cut away before any tree is built, in the results
    # it is refused.
    add(b"stray_end_tags.html", CURRENT.replace(b"</body>", b"<div></b>" * 200_000 + b"</body>"), None)
    add(b"stray_end_tags_in_results.html", CURRENT.replace(b"</td>", b"<div></b>" * 200_000 + b"</td>", 1), "too_deep")
    add(b"open_angle_40k.html", CURRENT.replace(b"</body>", b"<" + b"a" * 40_000 + b"</body>"), None)
    add(b"td_without_end_20k.html", b"<!DOCTYPE html><html><body>" + b"<td " * 20_000 + b"</body></html>", "layout")
    add(b"class_without_quote_end.html", b'<!DOCTYPE html><html><body>' + b'<b class="' * 20_000 + b"</body></html>",
        "layout")

    # Seeded random mutations of the sample pages: bytes flipped, inserted, deleted.
    rng = random.Random(20261202)
    for i in range(100):
        page = bytearray((CURRENT, LEGACY, TEXT)[i % 3])
        for _ in range(rng.randrange(1, 40)):
            at = rng.randrange(len(page))
            action = rng.randrange(3)
            if action == 0:
                page[at] = rng.randrange(256)
            elif action == 1:
                page[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 20)))
            else:
                del page[at : at + rng.randrange(1, 200)]
        add(f"mutant_{i:03}.{'txt' if i % 3 == 2 else 'html'}", bytes(page), None)
    return out


def write(folder: Path) -> list[Expect]:
    """Write the hostile files, and the sample pages beside them, into `folder`; return what each must come to."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in SAMPLES:
        shutil.copy2(FILES / name, folder / Path(name).name)
    expectations = []
    for expect, content, kind in hostile_files():
        path = os.path.join(os.fsencode(folder), expect.name)
        if kind == "file":
            with open(path, "wb") as f:
                f.write(content)
        elif kind == "fifo":
            os.mkfifo(path)
        else:
            os.symlink(kind.removeprefix("symlink:"), path)
        expectations.append(expect)
    return expectations
