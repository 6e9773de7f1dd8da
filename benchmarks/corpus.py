"""A realistic synthetic corpus of search-result pages: every design, real-looking boilerplate, overlaps.

Pages carry what live pages carry around their 10 results (menus, facets, inline settings, a pager, a footer),
about 50 KB for the current design. Documents are unique but for a share listed again on a later page.

With a pool (`write_corpus(folder, pages, pool=N)`), every entry is one of a fixed catalogue of N documents listed on
faceted search pages, as a live harvest sees the same documents again and again. `write_archive` writes the whole
archive as a harvest saves it: the unfiltered search paged through and each document's own page. Both draw their
documents from `catalogue(N, seed)`, so for the same seed a faceted page and a document page of the archive agree.
Everything is deterministic from the seed.
"""

from __future__ import annotations

import html
import random
import re
import unicodedata
import zlib
from datetime import date, timedelta
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


def write_corpus(folder: Path, pages: int, seed: int = 1951, pool: int | None = None) -> dict:
    """Write `pages` pages of 10 results into folder; return what was written.

    With `pool=None`, documents are unique but for a share listed again on a later page. With `pool=N`, every entry
    is one of a fixed catalogue of N documents (`catalogue(N, seed)`, the same documents `write_archive` writes for
    that seed), listed as a live harvest of faceted searches lists them: each page is one facet (a topic, a place, a
    person, a year), named in its heading and count line; the shuffled pool is walked first, so that every document
    is listed once the pages hold enough entries, and then drawn again, as overlapping facets list it again.
    """
    if pool is not None:
        return _write_pool_corpus(folder, pages, seed, pool)
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


def _page_range(docs: list[dict], page: int, pages: int, start: int | None, total: int | None,
                next_href: str | None) -> tuple[int, int, int, str | None]:
    """(start, end, total, next link) of a page: by default page `page` of `pages` pages of 10, as before."""
    if start is None:
        start = page * 10 + 1
        return start, start + 9, pages * 10, f"?page={page + 1}" if page + 1 < pages else None
    return start, start + len(docs) - 1, total if total is not None else pages * 10, next_href


def current_html(docs: list[dict], page: int, pages: int, rng: random.Random, *, facet: str | None = None,
                 start: int | None = None, total: int | None = None, next_href: str | None = None) -> str:
    """A current-design search page. By default page `page` of `pages`; `start`, `total` and `next_href` state
    another range (a faceted search, the whole archive), and `facet` names the filter in the page's heading."""
    cells = "".join(
        '<tr><td class="document contextual-region">'
        + (f'<div class="views-field views-field-field-date"><span class="field-content">{d["date"]}</span></div>' if d["date"] else "")
        + f'<h3 class="views-field views-field-title"><span class="field-content"><a href="/document/{d["slug"]}" hreflang="en">'
        f'{html.escape(d["title"])}</a></span></h3><div class="views-field views-field-field-summary"><div class="field-content">'
        f'<p>{html.escape(d["summary"])}</p></div></div></td></tr>\n'
        for d in docs)
    start, end, total, next_href = _page_range(docs, page, pages, start, total, next_href)
    nxt = f'<li class="pager__item pager__item--next"><a href="{html.escape(next_href)}" rel="next">Next ›</a></li>' if next_href else ""
    heading = f'<h1 class="page-title">{html.escape(facet)}</h1>' if facet else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Search | Wilson Center Digital Archive</title>'
            f'<script type="application/json" data-drupal-selector="drupal-settings-json">{{"path":{{"baseUrl":"/"}},'
            f'"facets":"{"x" * 4000}"}}</script></head><body><a href="#main-content">Skip to content</a>'
            f'<nav class="menu--main"><ul><li><a href="/document/featured-{page}">Featured document</a></li></ul></nav>'
            f'<aside class="facets"><ul>{_boilerplate(rng, 38)}</ul></aside><main id="main-content">{heading}'
            f'<div class="results-header"><span>Results:</span> <span class="count">{start} - {end} of {total}</span>'
            f'<h2>Documents</h2></div><table class="table table-hover table-striped"><tbody>{cells}</tbody></table>'
            f'<nav class="pager" role="navigation"><h4 class="visually-hidden">Pagination</h4><ul>{nxt}</ul></nav></main>'
            f'<footer><a href="/document/footer-{page}">About the archive</a> &copy; Wilson Center</footer></body></html>\n')


def legacy_html(docs: list[dict], page: int, pages: int, rng: random.Random, *, facet: str | None = None,
                start: int | None = None, total: int | None = None, next_href: str | None = None) -> str:
    items = "".join(
        f'<li><span class="date">{d["date"]}</span><a class="lnk-res" href="/document/{d["slug"]}">'
        f'<h3 class="itm-title">{html.escape(d["title"])}</h3></a><p class="desc">{html.escape(d["summary"])}</p></li>\n'
        for d in docs)
    start, end, total, _ = _page_range(docs, page, pages, start, total, next_href)
    within = f" in {html.escape(facet)}" if facet else ""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Search Results | Digital Archive</title></head><body>'
            f'<div id="header"><a href="/document/popular-{page}">Popular document</a></div>'
            f'<div class="sidebar"><ul>{_boilerplate(rng, 20)}</ul></div><div class="main"><p>Showing {start} - '
            f'{end} of {total} results{within}</p><div class="search-res"><ul>{items}</ul></div></div></body></html>\n')


def current_text(docs: list[dict], page: int, pages: int, rng: random.Random, *, facet: str | None = None,
                 start: int | None = None, total: int | None = None, next_href: str | None = None) -> str:
    body = "\n\n".join(f'{d["date"]}\n\n{d["title"]}\n\n{d["summary"]}' for d in docs)
    start, end, total, _ = _page_range(docs, page, pages, start, total, next_href)
    heading = f"{facet}\n\n" if facet else ""
    return (f"Skip to content\n\n{heading}Results:\n\n{start} - {end} of {total}\n\nDocuments\n\n"
            f"{body}\n\nPagination\n")


def legacy_text(docs: list[dict], page: int, pages: int, rng: random.Random, *, facet: str | None = None,
                start: int | None = None, total: int | None = None, next_href: str | None = None) -> str:
    body = "\n\n".join(f'  • {d["date"]}\n\n    {d["title"]}\n\n    {d["summary"]}' for d in docs)
    heading = f"{facet}\n\n" if facet else ""
    return f"Search in\n\n{heading}Digital Archive International History Declassified\n\n\n{body}\n"


RENDER = {"current-html": current_html, "legacy-html": legacy_html, "current-text": current_text,
          "legacy-text": legacy_text}


# ---------------------------------------------------------------------------------------------------------------------
# A fixed catalogue: the archive's documents, each with the fields its own page gives (write_corpus(pool=N) lists them
# on faceted search pages; write_archive writes the whole archive as a harvest saves it: search pages and one page per
# document). Names are written as the archive writes them: given order in titles (with the editor's bracketed
# identification of pseudonyms), Library of Congress headings in the pills, LCSH strings for subjects.

# (forms in titles, heading in the pills, facet id)
PEOPLE = [
    (["Filippov [Stalin]", "Stalin", "Filippov (Stalin)", "Cde. Filippov [Stalin]"], "Stalin, Joseph, 1878-1953", 81390),
    (["Mao Zedong", "Cde. Mao Zedong", "Chairman Mao Zedong"], "Mao, Zedong", 81574),
    (["Zhou Enlai", "Premier Zhou Enlai"], "Zhou, Enlai", 82931),
    (["Kim Il Sung", "Cde. Kim Il Sung"], "Kim, Il-sung, 1912-1994", 82117),
    (["Liu Shaoqi"], "Liu, Shaoqi", 82215), (["Peng Dehuai"], "Peng, Dehuai", 82490),
    (["Gao Gang"], "Gao, Gang", 81902), (["Li Kenong"], "Li, Kenong", 82188),
    (["Roshchin", "N. V. Roshchin"], "Roshchin, N. V. (Nikolai Vasilevich), 1901-1960", 82560),
    (["Vyshinsky", "Andrei Vyshinsky"], "Vyshinsky, Andrey Yanuaryevich, 1883-1954", 82877),
    (["Molotov", "V. M. Molotov"], "Molotov, Vyacheslav Mikhaylovich, 1890-1986", 82397),
    (["Gromyko", "A. A. Gromyko"], "Gromyko, Andrei Andreevich, 1909-1989", 81977),
    (["Shtykov", "Terentii Shtykov"], "Shtykov, Terentii Fomich, 1907-1964", 82668),
    (["Kovalev", "I. V. Kovalev"], "Kovalev, I. V. (Ivan Vladimirovich), 1901-1993", 82143),
    (["Terebin (Andrei Orlov)", "Terebin"], "Orlov, Andrei Yakovlevich", 82433),
    (["Nikita Khrushchev", "N. S. Khrushchev"], "Khrushchev, Nikita Sergeevich, 1894-1971", 82101),
    (["Anastas Mikoyan"], "Mikoyan, Anastas Ivanovich, 1895-1978", 82371),
    (["Leonid Brezhnev"], "Brezhnev, Leonid Ilʹich, 1906-1982", 81751),
    (["Mikhail Gorbachev"], "Gorbachev, Mikhail Sergeevich, 1931-2022", 81955),
    (["Deng Xiaoping"], "Deng, Xiaoping", 81790), (["Lin Biao"], "Lin, Biao", 82203),
    (["Chiang Kai-shek"], "Chiang, Kai-shek (Jiang Jieshi)", 81770),
    (["Chiang Ching-kuo"], "Chiang, Ching-kuo (Jiang Jingguo)", 81768),
    (["Pak Heon-yeong", "Pak Hon-yong"], "Pak, Hŏn-yŏng, 1900-1955", 82471),
    (["Kim Il"], "Kim, Il, 1910-1984", 82115), (["Ho Chi Minh"], "Hồ, Chí Minh, 1890-1969", 82037),
    (["Jawaharlal Nehru"], "Nehru, Jawaharlal", 82466), (["Sukarno"], "Sukarno, 1901-1970", 82699),
    (["Walter Ulbricht"], "Ulbricht, Walter", 82812), (["Erich Honecker"], "Honecker, Erich", 82046),
    (["János Kádár"], "Kádár, János", 82090), (["Imre Nagy"], "Nagy, Imre, 1896-1958", 82418),
    (["Władysław Gomułka"], "Gomułka, Władysław", 81949), (["Nicolae Ceaușescu"], "Ceaușescu, Nicolae", 81764),
    (["Todor Zhivkov"], "Zhivkov, Todor", 82924), (["Josip Broz Tito"], "Tito, Josip Broz, 1892-1980", 82759),
    (["Enver Hoxha"], "Hoxha, Enver, 1908-1985", 82058), (["Fidel Castro"], "Castro, Fidel, 1926-2016", 81760),
    (["Gamal Abdel Nasser"], "Nasser, Gamal Abdel, 1918-1970", 82423), (["Satō Eisaku"], "Satō, Eisaku", 82595),
    (["Park Chung Hee"], "Park, Chung Hee, 1917-1979", 82478), (["Helmut Kohl"], "Kohl, Helmut", 82139),
    (["Henry Kissinger"], "Kissinger, Henry, 1923-2023", 82126),
    (["Zbigniew Brzezinski"], "Brzezinski, Zbigniew, 1928-2017", 81755),
    (["Matthew B. Ridgway", "Gen. Ridgway"], "Ridgway, Matthew B. (Matthew Bunker), 1895-1993", 82571),
]
# (name in titles and summaries, heading in the pills, facet id): bodies that write and receive documents.
ORGANIZATIONS = [
    ("the Soviet Foreign Ministry", "Soviet Union. Ministerstvo inostrannykh del", 83244),
    ("the CPSU CC Presidium", "Kommunisticheskaia partiia Sovetskogo Soiuza. Tsentralʹnyi komitet. Prezidium", 83151),
    ("the Chinese Foreign Ministry", "China. Waijiaobu", 83003),
    ("the Hungarian Foreign Ministry", "Hungary. Külügyminisztérium", 83062),
    ("the Japanese Foreign Ministry", "Japan. Foreign Ministry", 83012),
    ("the Central Intelligence Agency", "United States. Central Intelligence Agency", 83290),
    ("the Embassy of the GDR in Beijing", "Germany (East). Botschaft (China)", 83038),
    ("the Romanian Workers' Party CC", "Partidul Muncitoresc Român. Comitetul Central", 83117),
    ("the Polish Embassy in Pyongyang", "Poland. Ambasada (Korea (North))", 83126),
    ("the Czechoslovak Ministry of Foreign Affairs", "Czechoslovakia. Ministerstvo zahraničních věcí", 83009),
]
# (name, facet id); the first ones also stand in subject headings.
PLACES = [
    ("Soviet Union", 85894), ("China", 85712), ("Korea (North)", 85786), ("Korea (South)", 85787), ("Japan", 85771),
    ("Taiwan", 85917), ("United States", 85936), ("Vietnam (Democratic Republic)", 85948), ("India", 85760),
    ("Germany (East)", 85737), ("Germany (West)", 85738), ("Poland", 85849), ("Hungary", 85756),
    ("Czechoslovakia", 85722), ("Romania", 85862), ("Bulgaria", 85700), ("Yugoslavia", 85956), ("Albania", 85680),
    ("Cuba", 85719), ("Egypt", 85729), ("Indonesia", 85762), ("Mongolia", 85823), ("France", 85735),
    ("Great Britain", 85743), ("Pakistan", 85842), ("Iran", 85765), ("Afghanistan", 85678),
    ("Southeast Asia", 85905), ("Eastern Europe", 85913), ("Beijing (China)", 85691), ("Pyongyang (Korea)", 85855),
    ("Moscow (Russia)", 85827),
]
SUBJECT_COUNTRIES = 20  # PLACES[:20] are countries with subject headings of their own
SUBJECTS_FIXED = [
    "Korean War, 1950-1953", "Korean War, 1950-1953--Armistices", "Korean War, 1950-1953--Prisoners and prisons",
    "Cold War", "Nuclear weapons", "Nuclear arms control", "Sino-Soviet split", "Hungary--History--Revolution, 1956",
    "Cuban Missile Crisis, 1962", "Vietnam War, 1961-1975", "Warsaw Pact", "North Atlantic Treaty Organization",
    "Communist parties", "Military assistance, Soviet", "Economic assistance, Soviet", "Intelligence service",
    "China--History--Cultural Revolution, 1966-1976", "Berlin Wall, Berlin, Germany, 1961-1989",
    "Taiwan Strait Crisis, 1958", "Decolonization", "Non-Aligned Movement", "Space race",
]
SUBJECT_FORMS = ["{p}--Foreign relations--{q}", "{p}--Politics and government", "{p}--Military policy",
                 "{p}--Economic policy", "{p}--Foreign economic relations--{q}", "Nuclear weapons--{p}"]
ARCHIVES = [
    ("Archive of the President of the Russian Federation (APRF)", "Russian", 4101,
     "APRF, f. {a}, op. {b}, d. {c}, ll. {d}-{e}. Translated by {t}."),
    ("Archive of Foreign Policy, Russian Federation (AVP RF)", "Russian", 4102,
     "AVP RF, f. {a}, op. {b}, por. {c}, papka {d}, ll. {e}. Translated by {t}."),
    ("Russian State Archive of Socio-Political History (RGASPI)", "Russian", 4133,
     "RGASPI, f. {a}, op. {b}, d. {c}, ll. {d}-{e}. Obtained and translated by {t}."),
    ("Chinese Foreign Ministry Archive", "Chinese", 4060, "PRC FMA {a}-{b}-{c}. Translated by {t}."),
    ("Hungarian National Archives (MOL)", "Hungarian", 4093,
     "MOL, XIX-J-1-j Korea, {a}. doboz, {b}-{c}/{d}. Translated by {t}."),
    ("Diplomatic Archives of the Ministry of Foreign Affairs of Japan", "Japanese", 4137,
     "Diplomatic Archives of the Ministry of Foreign Affairs of Japan, File A'{a} (Microfilm). Translated by {t}."),
    ("German Federal Archives (BArch)", "German", 4071, "BArch, B 136/{a}, {b}-{c}. Translated by {t}."),
    ("Political Archive of the Foreign Office, Germany (PA AA)", "German", 4145,
     "PA AA, MfAA, A {a}, Bl. {b}-{c}. Translated by {t}."),
    ("Polish Foreign Ministry Archive", "Polish", 4149, "AMSZ, Korea, z. {a}, w. {b}, t. {c}. Translated by {t}."),
    ("National Archives of Romania (ANIC)", "Romanian", 4161,
     "ANIC, Fond CC al PCR, Secția Relații Externe, dosar {a}/{b}, f. {c}-{d}. Translated by {t}."),
    ("National Archives and Records Administration (NARA)", "English", 4120,
     "NARA, RG {a}, Box {b}, Folder {c}."),
    ("Nehru Memorial Museum and Library (NMML)", "English", 4212, "Nehru Memorial Museum and Library, File No. {a}."),
]
LANGUAGE_IDS = {"Russian": 21, "Chinese": 5, "Hungarian": 11, "Japanese": 13, "German": 9, "Polish": 19,
                "Romanian": 20, "English": 4}
TRANSLATORS = ["Sergey Radchenko", "Gary Goldberg", "Kathryn Weathersby", "David Wolff", "Stephen Mercado",
               "Balázs Szalontai", "Charles Kraus", "Stephan Kieninger", "Mircea Munteanu", "Jae-hoon Shim"]
DONORS = [("Chun & Jane Chiu Family Foundation", 90112), ("Carnegie Corporation of New York", 90104),
          ("MacArthur Foundation", 90131), ("Korea Foundation", 90127), ("Leon Levy Foundation", 90129),
          ("Henry Luce Foundation", 90121)]
CLASSIFICATIONS = ["Top Secret", "Secret", "Confidential", "Strictly Secret", "Top Secret. Special File"]
# (title, record type): {a} writes, {b} receives, {c} transmits; {org}, {place}, {topic} as they say.
TITLES = [
    ("Ciphered Telegram No. {n}, {a} to {b}", "Telegram"), ("Telegram from {a} to {b}", "Telegram"),
    ("Cable, {a} to {b} [via {c}]", "Cable"), ("Letter from {a} to {b}", "Letter"),
    ("Memorandum of Conversation between {a} and {b}", "Memorandum of Conversation"),
    ("Record of a Conversation of {a} with {b}", "Memorandum of Conversation"),
    ("{a} to {b}, for Cde. {c}", "Telegram"), ("Report, {a} to {b}", "Report"),
    ("Minutes of Conversation between {a} and {b}", "Minutes"),
    ("Journal of {a}, Record of a Meeting with {b}", "Diary Entry"),
    ("Report by {org} on the Situation in {place}", "Report"),
    ("Information from {org} on {topic}", "Report"),
    ("Note on a Conversation between {a} and {b} regarding {topic}", "Memorandum of Conversation"),
    ("Ciphered Telegram No. {n} from {place}, {a} to Cde. {b}", "Telegram"),
    ("Speech by {a} at the Plenum of the Central Committee", "Speech"),
]
TOPICS = ["military aid", "the training of pilots", "the supply of vehicles", "the repatriation of prisoners of war",
          "the armistice negotiations", "trade negotiations", "the border question", "economic cooperation",
          "the coming session of the United Nations General Assembly", "nuclear testing", "the Warsaw Pact meeting",
          "the situation in the Taiwan Strait", "the withdrawal of Soviet specialists", "the air defense of Andong",
          "grain deliveries", "the Geneva Conference", "the Party congress", "credits and loans"]
SUMMARY_FORMS = SUMMARIES + [
    "{a} and {b} discuss {topic} and the situation in {place}.",
    "{a} reports to {b} on {topic}, noting that {org} has not yet replied.",
    "{a} asks {b} to approve the proposals on {topic} before the end of the month.",
    "A conversation on {topic}. {a} tells {b} that {place} is prepared to send a delegation.",
    "{org} reviews {topic} and the attitude of {place} toward it.",
    "{a} thanks {b} for the message on {topic} and agrees with its conclusions.",
]
SMALL_WORDS = frozenset(["a", "an", "as", "at", "before", "but", "by", "for", "from", "is", "in", "into", "like", "of",
                         "off", "on", "onto", "per", "since", "than", "the", "this", "that", "to", "up", "via", "with"])


def slugify(title: str) -> str:
    """The archive's slug rule: the title lower-cased, small words dropped, words joined by hyphens (at most 100)."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in re.sub(r"[^a-z0-9]+", " ", re.sub(r"['’]", "", folded)).split() if w not in SMALL_WORDS]
    slug = ""
    for w in words:
        if len(slug) + len(w) + 1 > 100:
            break
        slug = f"{slug}-{w}" if slug else w
    return slug or "document"


def catalogue(n: int, seed: int = 1951) -> list[dict]:
    """n documents, newest upload first (the order of the unfiltered search), each with what its page gives."""
    rng = random.Random(f"{seed}/catalogue")
    record_ids = rng.sample(range(100000, 320000), n)
    node_ids = rng.sample(range(200000, 400000), n)
    day = date(2024, 6, 28)
    slugs: dict[str, int] = {}
    docs = []
    for i in range(n):
        if rng.random() < 0.1:  # uploads come in batches: several documents a day, over a dozen years
            day -= timedelta(days=rng.randint(1, 5))
        a, b, c = rng.sample(PEOPLE, 3)
        org, place, topic = rng.choice(ORGANIZATIONS), rng.choice(PLACES), rng.choice(TOPICS)
        form, record_type = rng.choice(TITLES)
        names = {"a": rng.choice(a[0]), "b": rng.choice(b[0]), "c": rng.choice(c[0]), "org": org[0], "place": place[0],
                 "topic": topic, "n": rng.randint(100, 25000)}
        title = form.format(**names).replace("Cde. Cde. ", "Cde. ")
        title = title[0].upper() + title[1:]
        slug = slugify(title)
        if slug in slugs:  # the archive numbers repeats of a slug
            slugs[slug] += 1
            slug = f"{slug}-{slugs[slug]}"
        else:
            slugs[slug] = 0
        year, month = rng.randint(1945, 1991), rng.choice(MONTHS)
        when = rng.random()
        document_date = (f"{month} {rng.randint(1, 28)}, {year}" if when < 0.85 else f"{month} {year}" if when < 0.95
                         else str(year))
        summary = rng.choice(SUMMARY_FORMS).format(a=names["a"].split(" [")[0].split(" (")[0], b=names["b"],
                                                   org=org[0], place=place[0], topic=topic)
        summary = summary[0].upper() + summary[1:]
        archive, language, archive_id, source = rng.choice(ARCHIVES)
        numbers = {k: rng.randint(1, 999) for k in "abcde"}
        authors = ([a[1]] if rng.random() < 0.8 else []) + ([org[1]] if rng.random() < 0.2 else [])
        people = list(dict.fromkeys(([b[1]] if rng.random() < 0.8 else [])
                                    + [p[1] for p in rng.sample(PEOPLE, rng.randint(0, 6)) if p[1] != a[1]]))
        places = list(dict.fromkeys([place[0]] + [p[0] for p in rng.sample(PLACES, rng.randint(0, 5))]))[:6]
        countries = [p[0] for p in PLACES[:SUBJECT_COUNTRIES]]
        subjects = list(dict.fromkeys(
            rng.choice(SUBJECT_FORMS).format(**dict(zip("pq", rng.sample(countries, 2)))) if rng.random() < 0.6
            else rng.choice(SUBJECTS_FIXED) for _ in range(rng.randint(0, 6))))
        donors = [rng.choice(DONORS)[0]] if rng.random() < 0.15 else []
        docs.append({
            "title": title, "date": document_date, "slug": slug, "summary": summary,
            "record_id": str(record_ids[i]), "node_id": node_ids[i], "upload_date": day.isoformat(),
            "record_type": record_type, "authors": authors[:6], "people": people[:6], "places": places,
            "subjects": subjects,
            "original_archive": [archive], "archive_id": archive_id, "language": [language],
            "source": source.format(t=rng.choice(TRANSLATORS), **numbers),
            "classification": rng.choice(CLASSIFICATIONS) if rng.random() < 0.7 else None, "donors": donors,
            "sender": names["a"], "recipient": names["b"],
        })
    return docs


# ---- Faceted search pages of a fixed pool (write_corpus(pool=N)) ----

FACET_LABELS = {"topics": "Subjects Discussed", "places": "Associated Places",
                "people": "Associated People & Organizations", "year": "Year"}


def _facets_of(doc: dict) -> list[tuple[str, str]]:
    """The facets (kind, name) a document is found under: its subjects, places, people and authors, and its year."""
    return ([("topics", s) for s in doc["subjects"]] + [("places", p) for p in doc["places"]]
            + [("people", p) for p in dict.fromkeys(doc["authors"] + doc["people"])] + [("year", doc["date"][-4:])])


def _write_pool_corpus(folder: Path, pages: int, seed: int, pool: int) -> dict:
    """Faceted search pages of a fixed pool, as a live harvest saves them. Each page is one page of a facet's results
    (the pool's documents under that facet, newest upload first, 10 a page, the facet's size as the stated total),
    chosen to list the next document of a walk through the shuffled pool (so every document is listed once there are
    enough pages; later pages start from documents drawn at random). When none of the document's facets has a full
    page around it (a small pool), the page is a full-text search for a word of its title: the document and 9 others."""
    if pool < 10:
        raise ValueError(f"a pool of {pool} documents cannot fill a page of 10 distinct results")
    docs = catalogue(pool, seed)
    members: dict[tuple[str, str], list[dict]] = {}
    place: dict[tuple[str, str, str], int] = {}  # (kind, name, slug): the document's place in the facet's results
    for doc in docs:  # newest upload first: the order of every facet's results
        for key in _facets_of(doc):
            found = members.setdefault(key, [])
            place[(*key, doc["slug"])] = len(found)
            found.append(doc)
    rng = random.Random(f"{seed}/pool-pages")
    folder.mkdir(parents=True, exist_ok=True)
    walk = docs[:]
    rng.shuffle(walk)
    listed: set[str] = set()
    layouts = [name for name, share in LAYOUT_MIX for _ in range(int(share * 10))]
    entries = 0
    for p in range(pages):
        while walk and walk[-1]["slug"] in listed:  # already listed on the page of another facet
            walk.pop()
        doc = walk.pop() if walk else rng.choice(docs)
        options = []
        for key in _facets_of(doc):
            found = members[key]
            at = place[(*key, doc["slug"])] // 10
            if len(found[at * 10:at * 10 + 10]) == 10:
                options.append((key, at, found))
        if options:
            (kind, name), at, found = rng.choice(options)
            batch, total = found[at * 10:at * 10 + 10], len(found)
            facet_id = int(name) if kind == "year" else _facet_id(kind, name)
            query = f"?f%5B0%5D={kind}%3A{facet_id}&fo%5B0%5D={facet_id}"
            heading = f"{FACET_LABELS[kind]}: {name}"
        else:
            words = [w.lower() for w in re.findall(r"[A-Za-z]{5,}", doc["title"])] or ["telegram"]
            word = rng.choice(words)
            at = rng.randrange(pool // 10)
            total = rng.randint(at * 10 + 10, pool)
            batch = [doc] + rng.sample([d for d in docs if d is not doc], 9)
            query = f"?search_api_fulltext={word}"
            heading = f'Search: "{word}"'
        start = at * 10 + 1
        next_href = f"{query}&page={at + 1}" if start + 9 < total else None
        layout = layouts[p % len(layouts)]
        body = RENDER[layout](batch, p, pages, rng, facet=heading, start=start, total=total, next_href=next_href)
        suffix = ".txt" if layout.endswith("text") else ".html"
        (folder / f"page-{p:05d}{suffix}").write_bytes(body.encode("utf-8"))
        listed.update(d["slug"] for d in batch)
        entries += len(batch)
    return {"pages": pages, "entries": entries, "documents": len(listed)}


# ---- The whole archive as a harvest saves it (write_archive) ----

SITE = "https://digitalarchive.wilsoncenter.org"
RIGHTS_TEXT = [
    ("The History and Public Policy Program welcomes reuse of Digital Archive materials for research and educational "
     "purposes. Some documents may be subject to copyright, which is retained by the rights holders in accordance with "
     "US and international copyright laws. When possible, rights holders have been contacted for permission to "
     "reproduce their materials."),
    ("To enquire about this document's rights status or request permission for commercial use, please contact the "
     "History and Public Policy Program at HAPP@wilsoncenter.org."),
]
ACTIONS = ["send two additional divisions to the front", "postpone the talks until the autumn",
           "reply to the note of the American side", "increase the deliveries of fuel", "consult the fraternal parties",
           "refrain from any public statement", "prepare a draft of the agreement",
           "hand the materials over to the Korean comrades", "recall the ambassador for consultations",
           "strengthen the air defense of the border regions", "publish the communiqué in the press",
           "receive the delegation at the highest level"]
GOODS = ["grain", "fuel", "rolled steel", "cotton", "trucks", "aviation fuel", "ammunition", "rubber", "machine tools"]
TONES = ["friendly", "frank", "cordial", "tense", "businesslike", "comradely"]
SENTENCE_FORMS = [
    "{a} stated that the question of {topic} must be settled before the opening of the session.",
    "In the course of the conversation {a} expressed agreement with the position of {b} on {topic}.",
    "{Org} considers it necessary to {action} without delay.",
    "According to our information, the enemy intends to {action} by the end of {month}.",
    "{a} asked that this be conveyed to {b} and to the Central Committee.",
    "I consider it expedient to {action}, bearing in mind the situation in {place}.",
    "The delegation of {place} raised the question of {topic}, to which {a} replied that it would be examined.",
    "Please inform us of your opinion on this matter.", "Further details will be reported separately.",
    "The conversation lasted {h} hours and took place in a {tone} atmosphere.",
    "{n:,} tons of {goods} will be delivered to {place} in the course of {year}.",
    "{a} noted that {org} had not yet given a final answer on {topic}.",
    "The Korean comrades ask for help with {topic}.", "We have no objections to the proposal to {action}.",
    "{a} emphasized that the friendship between our peoples is unbreakable.",
    "At the end of the conversation {a} thanked {b} for the information.",
    "It must be borne in mind that the situation in {place} remains tense.",
    "The question of {topic} was discussed at a meeting of the Politburo on {month} {d}.",
    "{b} said that he would report the conversation to {a} the same evening.",
    "As for {topic}, we believe it would be premature to take a decision now.",
]
_IDS = {heading: facet_id for _, heading, facet_id in PEOPLE}
_IDS.update({heading: facet_id for _, heading, facet_id in ORGANIZATIONS})
_PLACE_IDS = dict(PLACES)
_DONOR_IDS = dict(DONORS)


def _esc(text: str) -> str:
    # Drupal writes an apostrophe as &#039;, not html.escape's &#x27;.
    return html.escape(text, quote=True).replace("&#x27;", "&#039;")


def _facet_id(kind: str, name: str) -> int:
    if kind == "people":
        return _IDS.get(name, 84000 + zlib.crc32(name.encode()) % 2000)
    if kind == "places":
        return _PLACE_IDS.get(name, 85000 + zlib.crc32(name.encode()) % 1000)
    if kind == "topics":
        return 86400 + SUBJECTS_FIXED.index(name) if name in SUBJECTS_FIXED else 87000 + zlib.crc32(name.encode()) % 3000
    return _DONOR_IDS.get(name, 90100)


def _sentences(seed: int, n: int = 4000) -> list[str]:
    """A stock of transcript sentences (HTML-escaped), made once from the seed."""
    rng = random.Random(f"{seed}/sentences")
    out = []
    for _ in range(n):
        org = rng.choice(ORGANIZATIONS)[0]
        out.append(_esc(rng.choice(SENTENCE_FORMS).format(
            a=rng.choice(rng.choice(PEOPLE)[0]), b=rng.choice(rng.choice(PEOPLE)[0]), org=org, Org=org[0].upper() + org[1:],
            place=rng.choice(PLACES)[0], topic=rng.choice(TOPICS), action=rng.choice(ACTIONS), goods=rng.choice(GOODS),
            tone=rng.choice(TONES), month=rng.choice(MONTHS), d=rng.randint(1, 28), year=rng.randint(1946, 1990),
            h=rng.randint(2, 5), n=rng.randint(5, 400) * 100)))
    return out


def _transcript(doc: dict, sentences: list[str], rng: random.Random) -> str:
    """The text tab of a document page: a heading as the original has it, then 2-40 KB of paragraphs."""
    head = [doc["classification"].upper()] if doc["classification"] else []
    head += [_esc(doc["record_type"].upper()), f"From: {_esc(doc['sender'])}", f"To: {_esc(doc['recipient'])}"]
    if doc["date"]:
        head.append(doc["date"])
    target = rng.randint(2 * 1024, 40 * 1024)
    numbered = rng.random() < 0.5
    paragraphs, size = [], 0
    while size < target:
        text = " ".join(rng.choices(sentences, k=rng.randint(2, 7)))
        if numbered:
            text = f"{len(paragraphs) + 1}. {text}"
        paragraphs.append(text)
        size += len(text) + 30
    paragraphs.append(_esc(doc["sender"]))
    return "".join(f"                    <p>{p}</p>\n" for p in head + paragraphs)


def _pills(label: str, kind: str, names: list[str], indent: str = "                ") -> str:
    """A labelled list of the document page (left out when empty, as Drupal leaves out empty fields)."""
    if not names:
        return ""
    pills = "".join(f'{indent}  <a class="pill" href="/search?f%5B0%5D={kind}%3A{_facet_id(kind, n)}"><div class="name">'
                    f'<span>{_esc(n)}</span></div></a>\n' for n in names)
    return f'{indent}<h2 class="title">{_esc(label)}</h2>\n{indent}<div class="pill-list">\n{pills}{indent}</div>\n'


def _info(label: str, value_html: str, indent: str = "                ") -> str:
    return (f'{indent}<div class="information-block">\n{indent}  <h3 class="sub-title">{label}</h3>\n'
            f'{indent}  <div class="text">{value_html}</div>\n{indent}</div>\n')


def document_page(doc: dict, transcript: str) -> str:
    """A document's own page (/document/<slug>) in the record-html design, with the chrome of the test pages
    (tests/files/record-html/): header, menus, breadcrumb, footer, settings and scripts."""
    title, summary, url = _esc(doc["title"]), _esc(doc["summary"]), f"{SITE}/document/{doc['slug']}"
    pdf = f"/sites/default/files/shared-media/imported_document_original_file/{doc['record_id']}.pdf"
    tab, tab_label = (("transcript", "Transcript - English") if doc["language"] == ["English"]
                      else ("translation", "Translation - English"))
    date_div = f'            <div class="date">{doc["date"]}</div>\n' if doc["date"] else ""
    donated = "".join(f'            <div class="donated">This document was made possible with support from <a href="'
                      f'/search?f%5B0%5D=donors%3A{_facet_id("donors", d)}">{_esc(d)}</a></div>\n' for d in doc["donors"][:1])
    upload = doc["upload_date"]
    details = (
        _pills("Author(s)", "people", doc["authors"]) + _pills("Associated Places", "places", doc["places"])
        + _pills("Subjects Discussed", "topics", doc["subjects"])
        + _pills("Associated People & Organizations", "people", doc["people"])
        + _info("Source", f"<p>{_esc(doc['source'])}</p>")
        + _info("Original Uploaded Date", f'<time datetime="{upload}T12:00:00Z">{upload}</time>')
        + "".join(f'                <h2 class="title">Original Archive</h2>\n                <div class="pill-list">\n'
                  f'                  <a class="pill" href="/search?f%5B0%5D=original_repositories%3A{doc["archive_id"]}">'
                  f'<div class="name"><span>{_esc(a)}</span></div></a>\n                </div>\n'
                  for a in doc["original_archive"])
        + "".join(f'                <h2 class="title">Language</h2>\n                <div class="pill-list">\n'
                  f'                  <a class="pill" href="/search?f%5B0%5D=languages%3A{LANGUAGE_IDS[lang]}">'
                  f'<div class="name"><span>{lang}</span></div></a>\n                </div>\n' for lang in doc["language"])
        + _info("Rights", "\n" + "".join(f"                    <p>{_esc(p)}</p>\n" for p in RIGHTS_TEXT)
                + "                  ")
        + _info("Record ID", doc["record_id"])
        + (_info("Original Classification", _esc(doc["classification"])) if doc["classification"] else "")
        + _info("Type", _esc(doc["record_type"]))
        + _pills("Donors", "donors", doc["donors"])
    )
    return f'''<!DOCTYPE html>
<html lang="en" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/  dc: http://purl.org/dc/terms/  foaf: http://xmlns.com/foaf/0.1/  og: http://ogp.me/ns#  rdfs: http://www.w3.org/2000/01/rdf-schema#  schema: http://schema.org/  sioc: http://rdfs.org/sioc/ns#  sioct: http://rdfs.org/sioc/types#  skos: http://www.w3.org/2004/02/skos/core#  xsd: http://www.w3.org/2001/XMLSchema# ">
  <head>
    <meta charset="utf-8" />
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-PLACEHOLDER1"></script>
    <script>window.dataLayer = window.dataLayer || [];function gtag(){{dataLayer.push(arguments)}};gtag("js", new Date());gtag("config", "G-PLACEHOLDER1", {{"groups":"default","allow_ad_personalization_signals":false}});</script>
    <meta name="description" content="{summary}" />
    <link rel="canonical" href="{url}" />
    <meta property="og:site_name" content="Wilson Center Digital Archive" />
    <meta property="og:type" content="article" />
    <meta property="og:url" content="{url}" />
    <meta property="og:title" content="{title}" />
    <meta name="twitter:card" content="summary_large_image" />
    <meta name="twitter:site" content="@HAPP_WilsonCtr" />
    <meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />
    <meta name="MobileOptimized" content="width" />
    <meta name="HandheldFriendly" content="true" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <link rel="icon" href="/themes/custom/digitalarchive/favicon.ico" type="image/vnd.microsoft.icon" />
    <title>{title} | Wilson Center Digital Archive</title>
    <link rel="stylesheet" media="all" href="/sites/default/files/css/css_R4tWq9mZ2xLp7vNc0sKd3hJf8bYg1eUa5oTi6rQw.css?delta=0&amp;language=en&amp;theme=digitalarchive" />
    <link rel="stylesheet" media="print" href="/themes/custom/digitalarchive/css/print.css?s4k1q2" />
    <script src="/sites/default/files/js/js_Lk2Pq8Wz4nRx1Tv7Yb0Mc5Hd9Gf3Sa6Ej.js?scope=header&amp;delta=0&amp;language=en&amp;theme=digitalarchive"></script>
  </head>
  <body class="path-node page-node-type-document">
    <a href="#main-content" class="visually-hidden-focusable skip-link">
      Skip to content
    </a>
    <div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
    <div class="layout-container">
      <header class="site-header" role="banner">
        <div class="region region-header">
          <div id="block-digitalarchive-branding" class="block block-system block-system-branding-block">
            <a href="https://www.wilsoncenter.org" class="wilson-logo" title="Wilson Center"><img src="/themes/custom/digitalarchive/images/wilson-center-logo.svg" alt="Wilson Center" width="140" height="40" /></a>
            <a href="/" rel="home" class="site-logo"><img src="/themes/custom/digitalarchive/logo.svg" alt="Home" /></a>
            <div class="site-name"><a href="/" rel="home">Digital Archive</a></div>
            <div class="site-slogan">International History Declassified</div>
          </div>
        </div>
        <nav role="navigation" aria-labelledby="block-digitalarchive-main-menu-menu" id="block-digitalarchive-main-menu" class="block block-menu navigation menu--main">
          <h2 class="visually-hidden" id="block-digitalarchive-main-menu-menu">Main navigation</h2>
          <ul class="nav navbar-nav">
            <li class="nav-item"><a href="/topics" class="nav-link">Collections</a></li>
            <li class="nav-item"><a href="/search" class="nav-link">Search</a></li>
            <li class="nav-item"><a href="/resources" class="nav-link">Resources</a></li>
            <li class="nav-item"><a href="/about" class="nav-link">About</a></li>
            <li class="nav-item"><a href="/user/login" class="nav-link">Log in</a></li>
          </ul>
        </nav>
        <div class="search-block-form block block-search" id="block-digitalarchive-search" role="search">
          <form action="/search" method="get" id="search-block-form" accept-charset="UTF-8">
            <label for="edit-search-api-fulltext" class="visually-hidden">Search</label>
            <input placeholder="Search the Digital Archive" type="search" id="edit-search-api-fulltext" name="search_api_fulltext" value="" size="15" maxlength="128" class="form-search form-control" />
            <input type="submit" id="edit-submit" value="Search" class="button js-form-submit form-submit btn btn-primary" />
          </form>
        </div>
      </header>
      <div class="highlighted"><div data-drupal-messages-fallback class="hidden"></div></div>
      <nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb"><h2 id="system-breadcrumb" class="visually-hidden">Breadcrumb</h2><ol><li><a href="/">Home</a></li><li><a href="/search">Search</a></li><li>Document</li></ol></nav>
      <main role="main" class="main-content">
        <a id="main-content" tabindex="-1"></a>
        <article data-history-node-id="{doc["node_id"]}" class="node node--type-document node--view-mode-full">
          <div class="document-header container">
{date_div}            <h1 class="title"><span class="field field--name-title field--type-string">{title}</span></h1>
{donated}            <div class="text-block">
              <p>{summary}</p>
            </div>
            <div class="document-actions">
              <a href="{pdf}" class="btn btn-outline-primary btn-sm" download>Download PDF</a>
            </div>
          </div>
          <div class="document-body container">
            <div class="row">
              <div class="col-lg-8 document-text">
                <ul class="nav nav-tabs" id="documentTabs" role="tablist">
                  <li class="nav-item" role="presentation"><button class="nav-link active" id="{tab}-tab" data-bs-toggle="tab" data-bs-target="#{tab}" type="button" role="tab" aria-controls="{tab}" aria-selected="true">{tab_label}</button></li>
                  <li class="nav-item" role="presentation"><button class="nav-link" id="original-tab" data-bs-toggle="tab" data-bs-target="#original" type="button" role="tab" aria-controls="original" aria-selected="false">Original Scan</button></li>
                </ul>
                <div class="tab-content">
                  <div class="tab-pane fade show active" id="{tab}" role="tabpanel" aria-labelledby="{tab}-tab">
{transcript}                  </div>
                  <div class="tab-pane fade" id="original" role="tabpanel" aria-labelledby="original-tab">
                    <object class="pdf-preview" data="{pdf}" type="application/pdf" width="100%" height="800"><p>Your browser cannot show the scan. <a href="{pdf}">Download it</a>.</p></object>
                  </div>
                </div>
              </div>
              <aside class="col-lg-4 document-details">
{details}              </aside>
            </div>
          </div>
        </article>
      </main>
      <footer class="site-footer" role="contentinfo">
        <div class="region region-footer">
          <div class="footer-about block">
            <h2 class="block-title">About the Digital Archive</h2>
            <p>The Digital Archive is a project of the Wilson Center&rsquo;s History &amp; Public Policy Program. It contains once-secret documents from governments all across the globe, translated into English&nbsp;and free to use.</p>
          </div>
          <nav class="footer-menu" aria-label="Footer">
            <ul class="menu">
              <li><a href="/about">About</a></li>
              <li><a href="/resources/how-use-digital-archive">How to Use the Archive</a></li>
              <li><a href="/contact">Contact &amp; Permissions</a></li>
              <li><a href="https://www.wilsoncenter.org/program/history-and-public-policy-program">History &amp; Public Policy Program</a></li>
              <li><a href="https://www.wilsoncenter.org/privacy-policy">Privacy Policy</a></li>
            </ul>
          </nav>
          <div class="footer-address">
            <p>Woodrow Wilson International Center for Scholars<br />One Woodrow Wilson Plaza&nbsp;&middot; 1300 Pennsylvania Ave., NW&nbsp;&middot; Washington, DC 20004-3027</p>
            <p class="copyright">&copy; 2024 The Wilson Center. All rights reserved. Documents&rsquo; rights remain with their holders.</p>
          </div>
        </div>
      </footer>
    </div>
    </div>
    <script type="application/json" data-drupal-selector="drupal-settings-json">{{"path":{{"baseUrl":"\\/","pathPrefix":"","currentPath":"node\\/{doc["node_id"]}","currentPathIsAdmin":false,"isFront":false,"currentLanguage":"en"}},"pluralDelimiter":"\\u0003","suppressDeprecationErrors":true,"ajaxPageState":{{"theme":"digitalarchive","theme_token":null}},"google_analytics":{{"account":"G-PLACEHOLDER1","trackOutbound":true,"trackMailto":true,"trackDownload":true}},"user":{{"uid":0}}}}</script>
    <script src="/sites/default/files/js/js_Vn3Xc8Kq1Pz6Rw0Ty4Mb7Hj2Gd5Sf9Ea.js?scope=footer&amp;delta=0&amp;language=en&amp;theme=digitalarchive"></script>
  </body>
</html>
'''


def write_archive(folder: Path, documents: int = 16_000, per_page: int = 10, seed: int = 1951) -> dict:
    """The whole archive as a harvest saves it: the unfiltered search paged through (current-html, newest upload
    first, every document listed once; `search-00000.html`…) and each document's own page (record-html;
    `document-00000.html`…, in the order of the listing). The documents are `catalogue(documents, seed)`: those
    `write_corpus(pool=documents, seed=seed)` lists on faceted pages. Return what was written."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    docs = catalogue(documents, seed)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}/archive-search")
    pages = -(-documents // per_page)
    written = 0
    for p in range(pages):
        batch = docs[p * per_page:(p + 1) * per_page]
        body = current_html(batch, p, pages, rng, start=p * per_page + 1, total=documents,
                            next_href=f"?page={p + 1}" if p + 1 < pages else None)
        data = body.encode("utf-8")
        (folder / f"search-{p:05d}.html").write_bytes(data)
        written += len(data)
    sentences = _sentences(seed)
    for i, doc in enumerate(docs):
        text = _transcript(doc, sentences, random.Random(seed * 1_000_003 + i))
        data = document_page(doc, text).encode("utf-8")
        (folder / f"document-{i:05d}.html").write_bytes(data)
        written += len(data)
    return {"search_pages": pages, "document_pages": documents, "documents": documents, "bytes": written}
