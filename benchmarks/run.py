"""`make bench`: the curate pipeline on synthetic corpora of 1,000, 10,000 and 30,000 pages and on the whole archive,
as a user meets it, against a fair baseline.

    python -m benchmarks.run [--sizes 1000 10000 30000] [--repeat 3] [--no-archive] [--workdir DIR]
                             [--out benchmarks/results.json]

Every run of the pipeline is `archive-pipeline run` in a new process, timed from its start to its end (Python's
start-up, imports, Prefect's temporary server and the worker processes included), and its memory is the peak of the
sum over every process of the run (the command, the server, the workers), sampled every 0.1 s. The baseline is the
fair one: BeautifulSoup (lxml) with a SoupStrainer for the result cells, extracting the same fields from the same
pages, also in a new process (its time with and without start-up). The names and Dask measurements run in child
processes of their own. The parent collects the results, prints a table and writes benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "benchmarks" / "results.json"
CHANGED_SHARE = 0.01
# The archive holds about 16,000 documents: a harvest's pages list them again and again (benchmarks/corpus.py).
ARCHIVE_DOCUMENTS = 16_000


# --- measurements (each in its own process) ---------------------------------------------------------

def measure_baseline(raw: Path) -> dict:
    """BeautifulSoup with lxml and a SoupStrainer for the result cells, extracting date, title, link and summary, with
    no pipeline around it: the fair bar. Text renderings are read as lines."""
    from bs4 import BeautifulSoup, SoupStrainer

    from pipeline.normalizing.dates import looks_like_date

    # While the tree is built, a class attribute is still one string ("document contextual-region"): a pattern for
    # the class, not a name.
    strainers = {b"search-res": (SoupStrainer(class_=re.compile(r"\bsearch-res\b")), "li"),
                 b"document": (SoupStrainer("td", class_=re.compile(r"\bdocument\b")), "td")}
    started, pages, entries = time.perf_counter(), 0, 0
    for path in sorted(raw.iterdir()):
        data = path.read_bytes()
        pages += 1
        if path.suffix == ".txt":  # text renderings: date lines, then title and summary
            entries += _text_entries(data, looks_like_date)
            continue
        strainer, cell_name = strainers[b"search-res"] if b"search-res" in data else strainers[b"document"]
        soup = BeautifulSoup(data, "lxml", parse_only=strainer)
        for cell in soup.find_all(cell_name):
            link = cell.find("a", href=True)
            texts = list(cell.stripped_strings)
            date = next((t for t in texts if looks_like_date(t)), None)
            title = link.get_text(" ", strip=True) if link else None
            summary = " ".join(t for t in texts if t not in (date, title))
            entries += bool(link and (date or title or summary))
    return _result(started, pages, entries)


def measure_lxml(raw: Path) -> dict:
    """The same fields with lxml alone (a C tree and XPath, no BeautifulSoup): a limit, not a bar."""
    from lxml import html as lxml_html

    from pipeline.normalizing.dates import looks_like_date

    cells = "//td[contains(concat(' ', normalize-space(@class), ' '), ' document ')]" \
            " | //*[contains(concat(' ', normalize-space(@class), ' '), ' search-res ')]//li"
    started, pages, entries = time.perf_counter(), 0, 0
    for path in sorted(raw.iterdir()):
        data = path.read_bytes()
        pages += 1
        if path.suffix == ".txt":
            entries += _text_entries(data, looks_like_date)
            continue
        for cell in lxml_html.fromstring(data).xpath(cells):
            link = next(iter(cell.xpath(".//a[@href]")), None)
            texts = [t.strip() for t in cell.itertext() if t.strip()]
            date = next((t for t in texts if looks_like_date(t)), None)
            title = " ".join(link.text_content().split()) if link is not None else None
            summary = " ".join(t for t in texts if t not in (date, title))
            entries += bool(link is not None and (date or title or summary))
    return _result(started, pages, entries)


def measure_selectolax(raw: Path) -> dict:
    """The same fields with selectolax (Lexbor, C, CSS selectors): a limit, not a bar."""
    from selectolax.lexbor import LexborHTMLParser

    from pipeline.normalizing.dates import looks_like_date

    started, pages, entries = time.perf_counter(), 0, 0
    for path in sorted(raw.iterdir()):
        data = path.read_bytes()
        pages += 1
        if path.suffix == ".txt":
            entries += _text_entries(data, looks_like_date)
            continue
        for cell in LexborHTMLParser(data).css("td.document, .search-res li"):
            link = cell.css_first("a[href]")
            texts = [t for t in (n.text(deep=False, strip=True) for n in cell.traverse(include_text=True)) if t]
            date = next((t for t in texts if looks_like_date(t)), None)
            title = link.text(strip=True) if link is not None else None
            summary = " ".join(t for t in texts if t not in (date, title))
            entries += bool(link is not None and (date or title or summary))
    return _result(started, pages, entries)


def _text_entries(data: bytes, looks_like_date) -> int:
    """Text renderings, read the same way by every baseline: a date line starts each entry."""
    lines = [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]
    return sum(1 for line in lines if looks_like_date(line.lstrip("• ")))


def measure_pipeline(raw: Path, work: Path, workers: int, runner: str, change_share: float) -> dict:
    """The curate flow end to end, then a re-run with nothing new, then one after `change_share` changed,
    with the settings `archive-pipeline run` gives it."""
    from flows.runtime import run_by_hand

    with run_by_hand():
        return _measure_pipeline(raw, work, workers, runner, change_share)


def _measure_pipeline(raw: Path, work: Path, workers: int, runner: str, change_share: float) -> dict:
    from benchmarks.corpus import change_pages
    from flows.curate import curate_archive

    _warm_up(work)
    staging, curated = str(work / "staging"), str(work / "curated")
    address, cluster = None, None
    if runner == "dask":
        from distributed import LocalCluster

        from flows.runtime import share_api_with_workers

        share_api_with_workers()  # the workers report to the temporary server the warm-up started
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        address = cluster.scheduler_address
    try:
        options = dict(raw_dir=str(raw), staging_dir=staging, curated_dir=curated, max_workers=workers,
                       task_runner_kind=runner, dask_address=address)
        started = time.perf_counter()
        counts = curate_archive(**options)
        full = _result(started, counts["pages"], counts["entries"], counts["documents"])
        if runner == "dask":
            return {"full": full}
        started = time.perf_counter()
        again = curate_archive(**options)
        rerun = _result(started, again["pages"], again["entries"], again["documents"], parsed=again["pages_parsed"])
        changed = change_pages(raw, change_share)
        started = time.perf_counter()
        after = curate_archive(**options)
        rerun_changed = _result(started, after["pages"], after["entries"], after["documents"],
                                parsed=after["pages_parsed"], changed=changed)
        return {"full": full, "rerun": rerun, "rerun_changed": rerun_changed}
    finally:
        if cluster is not None:
            cluster.close()


def measure_names(work: Path) -> dict:
    """The cost of names on the documents a full run curated: loading the authority, and resolving every title's
    and summary's names (normalizing each document), with the hand-curated file alone and with the built authority
    beside it; and how much memory the authority takes."""
    import gc

    import pyarrow.parquet as pq

    from pipeline.normalizing.authority import Authority
    from pipeline.normalizing.document import normalize_document
    from pipeline.normalizing.merge import MergedDocument
    from pipeline.normalizing import titles

    rows = pq.read_table(work / "command" / "curated" / "documents.parquet",
                         columns=["doc_id", "title", "summary", "date_raw"]).to_pylist()
    documents = [MergedDocument(doc_id=r["doc_id"], record_url=None, title=r["title"], summary=r["summary"],
                                date_raw=r["date_raw"], n_listings=1, sources=["bench"]) for r in rows]
    out: dict = {"documents": len(documents)}
    for label, built in (("hand_file_only", False), ("with_built_authority", None)):
        gc.collect()
        before = _current_rss_mb()
        started = time.perf_counter()
        authority = Authority.load(built=built)
        loaded = time.perf_counter() - started
        grown = _current_rss_mb() - before
        titles.parse_title.cache_clear()  # both measurements read every title afresh
        started = time.perf_counter()
        people = sum(len(normalize_document(d, authority).links) for d in documents)
        out[label] = {"load_seconds": round(loaded, 2), "normalize_seconds": round(time.perf_counter() - started, 1),
                      "memory_mb": round(grown, 1), "names_linked": people}
        del authority
    return out


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure_harvest(documents: int, new: list[int]) -> dict:
    """Search requests of a full crawl and of re-harvests after N new documents, against the stand-in site."""
    sys.path.insert(0, str(ROOT / "tests"))
    from standin import StandInSite  # the loopback stand-in of the archive the tests use

    from pipeline.harvesting.fetch import FetchConfig, Fetcher
    from pipeline.harvesting.harvest import harvest
    from pipeline.harvesting.search import Search

    corpus = [{"slug": f"bench-{i}", "record_id": 500000 + i, "title": f"Ciphered Telegram No. {i}, Stalin to Mao Zedong",
               "date": "June 13, 1951", "summary": "Stalin writes to Mao.", "type": "Telegram", "authors": [],
               "people": [], "places": [], "subjects": [], "source": "", "original_archive": [], "language": [],
               "classification": None, "upload_date": "2023-01-01", "donors": [], "facets": []} for i in range(documents)]
    config = FetchConfig(delay=0, backoff=0.05, backoff_max=0.2, contact="mailto:bench@example.org")
    out = {"documents": documents}
    with StandInSite(documents=corpus) as site, tempfile.TemporaryDirectory() as raw:
        full = harvest(Search(site.base_url), raw, Fetcher(config))
        out["full_crawl_requests"] = full.search_requests
        added = 0
        for n in new:
            site.add_documents([dict(corpus[0], slug=f"new-{added + i}", title=f"New document {added + i}")
                                for i in range(n)])
            added += n
            result = harvest(Search(site.base_url), raw, Fetcher(config))
            out[f"after_{n}_new"] = {"requests": result.search_requests, "expected": math.ceil(n / 10) + 1,
                                     "new_documents": len(result.new_documents)}
    return out


def _warm_up(work: Path) -> None:
    """Start Prefect's temporary server outside the timings, with a one-page run."""
    from benchmarks.corpus import write_corpus
    from flows.curate import curate_archive

    tiny = work / "warm-up"
    write_corpus(tiny / "raw", 1)
    curate_archive(raw_dir=str(tiny / "raw"), staging_dir=str(tiny / "staging"), curated_dir=str(tiny / "curated"))


def _result(started: float, pages: int, entries: int, documents: int | None = None, **extra) -> dict:
    seconds = time.perf_counter() - started
    out = {"seconds": round(seconds, 3), "pages": pages, "entries": entries,
           "pages_per_s": round(pages / seconds, 1) if seconds else None}
    if documents is not None:
        out["documents"] = documents
        out["documents_per_s"] = round(documents / seconds, 1) if seconds else None
    return {**out, **extra}


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


# --- the command as a user runs it (from the parent: each run a new process) ---------------------------

def measure_commands(folder: Path, prefect_home: Path) -> dict:
    """`archive-pipeline run` over folder/raw as a user runs it: a full run on every core, a re-run with nothing new,
    a re-run after 1% of the pages changed, and a full run on one core (`taskset -c 0`) over the same pages."""
    from benchmarks.corpus import change_pages

    work = folder / "command"
    shutil.rmtree(work, ignore_errors=True)
    out = {"full": _command(folder / "raw", work, prefect_home)}
    out["rerun"] = _command(folder / "raw", work, prefect_home)
    changed = change_pages(folder / "raw", CHANGED_SHARE)
    out["rerun_changed"] = {**_command(folder / "raw", work, prefect_home), "changed": changed}
    one = folder / "one-core"
    shutil.rmtree(one, ignore_errors=True)
    out["one_core"] = _command(folder / "raw", one, prefect_home, cores="0")
    shutil.rmtree(one, ignore_errors=True)
    return out


def _command(raw: Path, work: Path, prefect_home: Path, cores: str | None = None, options: tuple[str, ...] = ()) -> dict:
    """One `archive-pipeline run` in a new process: its time from start to end, the time of its flow alone (from its
    log: start-up, Prefect's server and the exit left out), and the peak of the memory of all its processes
    together."""
    import psutil

    command = [sys.executable, "-m", "flows.cli", "run", "--raw-dir", str(raw), "--staging-dir", str(work / "staging"),
               "--curated-dir", str(work / "curated"), *options]
    if cores is not None:
        command = ["taskset", "-c", cores, *command]
    log = tempfile.TemporaryFile(mode="w+")  # not a pipe: a full pipe would stop the command
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=_env(prefect_home), stdout=log, stderr=subprocess.STDOUT, text=True)
    peak = 0
    watched = psutil.Process(process.pid)
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(_rss(p) for p in tree))
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    log.seek(0)
    output = log.read()
    log.close()
    if process.returncode != 0:
        raise RuntimeError(f"archive-pipeline run failed:\n{output[-3000:]}")
    summary = json.loads((work / "curated" / "run_summary.json").read_text(encoding="utf-8"))
    counts = summary.get("counts", summary)
    flow = _flow_seconds(output)
    return {"seconds": round(seconds, 2), "pages": counts["pages"], "pages_parsed": counts.get("pages_parsed"),
            "documents": counts["documents"], "documents_normalized": counts.get("documents_normalized"),
            "pages_per_s": round(counts["pages"] / seconds, 1), "peak_memory_all_processes_mb": round(peak / 2**20, 1),
            "published": "Prefect was not started" not in output,
            **({"seconds_without_start_up": round(flow, 2)} if flow is not None else {})}


def _flow_seconds(output: str) -> float | None:
    """The flow's own time, from its log's first line to its last ("Beginning flow run", "Finished in state"); None
    when no flow ran (nothing new)."""
    stamps = [line[:12] for line in output.splitlines()
              if "Flow run '" in line and ("Beginning flow run" in line or "Finished in state" in line)]
    if len(stamps) < 2:
        return None
    begin, end = (sum(float(part) * unit for part, unit in zip(stamp.split(":"), (3600, 60, 1))) for stamp in
                  (stamps[0], stamps[-1]))
    return (end - begin) % 86_400  # a run across midnight


def _rss(process) -> int:
    try:
        return process.memory_info().rss
    except Exception:  # ended between listing and reading
        return 0


def _baseline_command(folder: Path) -> dict:
    """The fair baseline in a new process: its own time, and its time with Python's start-up and imports."""
    started = time.perf_counter()
    result = _run_child("baseline", folder)
    return {**result, "seconds_with_start_up": round(time.perf_counter() - started, 2)}


def _env(prefect_home: Path) -> dict:
    # INFO: the flow's first and last lines time it without its start-up (task runs' lines are not shown).
    return {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
            "PREFECT_LOGGING_LEVEL": "INFO", "PREFECT_HOME": str(prefect_home)}


# --- orchestration ----------------------------------------------------------------------------------

def child(args: argparse.Namespace) -> None:
    work = Path(args.workdir)
    raw = work / "raw"
    if args.child == "baseline":
        result = measure_baseline(raw)
    elif args.child == "lxml":
        result = measure_lxml(raw)
    elif args.child == "selectolax":
        result = measure_selectolax(raw)
    elif args.child == "names":
        result = measure_names(work)
    elif args.child == "pipeline":
        result = measure_pipeline(raw, work / f"{args.runner}-{args.workers}", args.workers, args.runner, CHANGED_SHARE)
    else:
        result = measure_harvest(1000, [3, 25, 100])
    result["peak_rss_mb"] = _peak_rss_mb()
    print("RESULT " + json.dumps(result), flush=True)


def _run_child(phase: str, workdir: Path, workers: int = 2, runner: str = "threads") -> dict:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
           "PREFECT_LOGGING_LEVEL": "WARNING"}
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--child", phase, "--workdir", str(workdir), "--workers", str(workers),
         "--runner", runner],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"benchmark step {phase} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT "):])


def run(sizes: list[int], workdir: Path, repeat: int = 3, pool: int | None = ARCHIVE_DOCUMENTS, archive: bool = True,
        harvest: bool = True) -> dict:
    """Every measurement for every corpus size, `repeat` rounds interleaved (each round runs every measurement once,
    so a slow spell of the machine falls on all of them); each figure is the median round's. Returns the results."""
    from benchmarks.corpus import write_corpus

    home = workdir / "prefect-home"
    results: dict = {"machine": _machine(), "repeat": repeat, "pool": pool, "sizes": {}}
    warm = workdir / "warm-up"  # Prefect's database in the benchmark's PREFECT_HOME is made once, as on a user's machine
    write_corpus(warm / "raw", 1)
    _command(warm / "raw", warm, home)
    for size in sizes:
        folder = workdir / f"pages-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        corpus = write_corpus(folder / "raw", size, pool=pool)
        entry = {"corpus": {**corpus, "bytes": sum(p.stat().st_size for p in (folder / "raw").iterdir())}}
        rounds = []
        for _ in range(_rounds(size, repeat)):
            write_corpus(folder / "raw", size, pool=pool)  # the same pages each round (a round changes 1% of them)
            rounds.append({"baseline": _baseline_command(folder), "lxml": _run_child("lxml", folder),
                           "selectolax": _run_child("selectolax", folder),
                           "pipeline": measure_commands(folder, home)})
        entry.update(_medians(rounds))
        entry["rounds"] = rounds
        results["sizes"][str(size)] = entry
        print(f"  {size} pages measured", flush=True)
    if archive:
        results["archive"] = measure_archive(workdir / "archive", home, repeat)
        print("  the whole archive measured", flush=True)
    largest, smallest = max(sizes), min(sizes)
    results["names"] = {"pages": largest, **_run_child("names", workdir / f"pages-{largest}")}
    # Dask on the smallest corpus, as a user runs it: whether one Dask worker keeps up with the default, and two.
    folder = workdir / f"pages-{smallest}"
    write_corpus(folder / "raw", smallest, pool=pool)  # the same pages for all (the re-runs above changed some)
    scaling = {}
    for name, options in (("default", ()), ("1", ("--task-runner", "dask", "--max-workers", "1")),
                          ("2", ("--task-runner", "dask", "--max-workers", "2"))):
        shutil.rmtree(folder / f"dask-{name}", ignore_errors=True)
        scaling[name] = _command(folder / "raw", folder / f"dask-{name}", home, options=options)
        shutil.rmtree(folder / f"dask-{name}", ignore_errors=True)
    results["workers"] = {"pages": smallest, "runner": "dask LocalCluster, 1 thread per worker", **scaling}
    if harvest:
        results["harvest"] = _run_child("harvest", workdir)
    results["ratios"] = ratios(results)
    return results


# Rounds of a size: `repeat`, but no more than 30,000 pages' worth (a round of 30,000 pages takes a quarter of an hour).
ROUND_PAGES = 30_000


def _rounds(size: int, repeat: int) -> int:
    return max(1, min(repeat, ROUND_PAGES // size))


def measure_archive(folder: Path, prefect_home: Path, repeat: int) -> dict:
    """The whole archive as a harvest saves it (its search pages and every document's own page), curated from a new
    process on every core from nothing, as many rounds as 17,600 pages allow: the median run."""
    from benchmarks.corpus import write_archive

    shutil.rmtree(folder, ignore_errors=True)
    corpus = write_archive(folder / "raw")
    runs = []
    for _ in range(_rounds(corpus["search_pages"] + corpus["document_pages"], repeat)):
        shutil.rmtree(folder / "command", ignore_errors=True)
        runs.append(_command(folder / "raw", folder / "command", prefect_home))
    return {"corpus": corpus, **_median_of(runs), "rounds": runs}


def _medians(rounds: list[dict]) -> dict:
    """Each measurement's median round (by time), so that every figure shown is one real run's."""
    out = {name: _median_of([r[name] for r in rounds], "seconds_with_start_up" if name == "baseline" else "seconds")
           for name in ("baseline", "lxml", "selectolax")}
    out["pipeline"] = {key: _median_of([r["pipeline"][key] for r in rounds]) for key in rounds[0]["pipeline"]}
    return out


def _median_of(runs: list[dict], key: str = "seconds") -> dict:
    ordered = sorted(runs, key=lambda r: r[key])
    return ordered[(len(ordered) - 1) // 2]


def ratios(results: dict) -> dict:
    sizes = sorted(results["sizes"], key=int)
    out = {}
    for size in sizes:
        entry = results["sizes"][size]
        p, baseline = entry["pipeline"], entry["baseline"]
        full = p["full"]["seconds"]
        out[size] = {
            "one_core_vs_fair_baseline": round(p["one_core"]["seconds"] / baseline["seconds_with_start_up"], 2),
            "all_cores_vs_fair_baseline": round(full / baseline["seconds_with_start_up"], 2),
            "one_core_vs_all_cores": round(p["one_core"]["seconds"] / full, 2),
            "nothing_new_seconds": p["rerun"]["seconds"],
            "rerun_1pct_changed_vs_full": round(p["rerun_changed"]["seconds"] / full, 3),
        }
    if len(sizes) > 1:
        small, large = (results["sizes"][s]["pipeline"]["full"]["peak_memory_all_processes_mb"] for s in (sizes[0], sizes[-1]))
        out["memory_largest_vs_smallest"] = round(large / small, 2)
    if "names" in results:
        n = results["names"]
        out["names_with_built_vs_hand_only"] = round(
            n["with_built_authority"]["normalize_seconds"] / n["hand_file_only"]["normalize_seconds"], 2)
        out["authority_memory_growth_mb"] = round(
            n["with_built_authority"]["memory_mb"] - n["hand_file_only"]["memory_mb"], 1)
    w = results["workers"]
    out["speedup_2_workers_vs_1"] = round(w["1"]["seconds"] / w["2"]["seconds"], 2)
    if "default" in w:
        out["one_dask_worker_vs_default"] = round(w["1"]["seconds"] / w["default"]["seconds"], 2)
    return out


def table(results: dict) -> str:
    pool = results.get("pool")
    lines = [f"Pages of 10 results in four designs{f', drawn from a pool of {pool:,} documents' if pool else ''}. "
             "Every time is a new process's, from its start to its end; \"without start-up\" is a pipeline run's flow "
             "alone, from its log's first line to its last (Python, imports, Prefect's server and the exit left out); "
             "memory is the peak of all a run's processes "
             f"together. Each figure is the median of {results.get('repeat', 1)} interleaved rounds (one round of "
             f"30,000 pages or of the whole archive: {ROUND_PAGES:,} pages' worth of rounds at most).", "",
             "| pages | measurement | seconds | pages/s | peak memory (MB) |", "|---|---|---|---|---|"]
    for size, entry in sorted(results["sizes"].items(), key=lambda kv: int(kv[0])):
        b, p = entry["baseline"], entry["pipeline"]
        lines.append(f"| {size} | fair baseline: BeautifulSoup + SoupStrainer, same fields | {b['seconds_with_start_up']} "
                     f"({b['seconds']} without start-up) | {b['pages_per_s']} | {b['peak_rss_mb']} |")
        for key, label in (("lxml", "limit: lxml and XPath, same fields"),
                           ("selectolax", "limit: selectolax (Lexbor), same fields")):
            if key in entry:
                m = entry[key]
                lines.append(f"| {size} | {label} | {m['seconds']} (without start-up) | {m['pages_per_s']} | "
                             f"{m['peak_rss_mb']} |")
        for key, label in (("full", f"`archive-pipeline run`, every core ({results['machine']['cpus']})"),
                           ("one_core", "`archive-pipeline run` on one core (`taskset -c 0`)"),
                           ("rerun", "re-run, nothing new"),
                           ("rerun_changed", f"re-run, {p['rerun_changed'].get('changed', '?')} pages changed")):
            m = p[key]
            lines.append(f"| {size} | {label} | {_seconds(m)} | {m['pages_per_s']} | {m['peak_memory_all_processes_mb']} |")
    if "archive" in results:
        a = results["archive"]
        c = a["corpus"]
        lines.append(f"| {c['search_pages'] + c['document_pages']} | the whole archive: {c['search_pages']:,} search pages "
                     f"and {c['document_pages']:,} document pages, every core | {_seconds(a)} | {a['pages_per_s']} | "
                     f"{a['peak_memory_all_processes_mb']} |")
    w = results["workers"]
    for n in ("default", "1", "2"):
        if n not in w:
            continue
        m = w[n]
        label = ("`archive-pipeline run`, the default runner" if n == "default" else
                 f"`archive-pipeline run --task-runner dask --max-workers {n}`" if "default" in w else
                 f"curate flow on {n} Dask worker{'s' if n == '2' else ''} (in one process, its start-up left out)")
        lines.append(f"| {w['pages']} | {label} | {_seconds(m)} | {m['pages_per_s']} | "
                     f"{m.get('peak_memory_all_processes_mb', '–')} |")
    lines += ["", "| ratio | value | target |", "|---|---|---|"]
    r = results["ratios"]
    for size in sorted((k for k in r if k.isdigit()), key=int):
        lines.append(f"| one core vs fair baseline (both with start-up), {size} pages | {r[size]['one_core_vs_fair_baseline']} | ≤ 1.0 |")
        lines.append(f"| every core vs fair baseline, {size} pages | {r[size]['all_cores_vs_fair_baseline']} | – |")
        lines.append(f"| one core vs every core (speed-up), {size} pages | {r[size]['one_core_vs_all_cores']} | ≥ 1.8 |")
        lines.append(f"| re-run with nothing new, seconds, {size} pages | {r[size]['nothing_new_seconds']} | ≤ 3 |")
        lines.append(f"| re-run after 1% changed vs full run, {size} pages | {r[size]['rerun_1pct_changed_vs_full']} | ≤ 0.05 |")
    if "memory_largest_vs_smallest" in r:
        lines.append(f"| peak memory of all processes, largest vs smallest corpus | {r['memory_largest_vs_smallest']} | ≤ 1.3 |")
    if "archive" in results:
        lines.append(f"| the whole archive, seconds from a new process | {results['archive']['seconds']} | < 120 |")
    lines.append(f"| 2 Dask workers vs 1, {w['pages']} pages | {r['speedup_2_workers_vs_1']} | – |")
    if "one_dask_worker_vs_default" in r:
        lines.append(f"| one Dask worker vs the default, {w['pages']} pages | {r['one_dask_worker_vs_default']} | ≤ 1.0 |")
    if "names" in results:
        n = results["names"]
        lines.append(f"| names: normalizing with the built authority vs the hand file alone, {n['pages']} pages | "
                     f"{r['names_with_built_vs_hand_only']} | – |")
        lines.append(f"| names: memory the built authority adds (MB) | {r['authority_memory_growth_mb']} | ≤ 100 |")
        lines += ["", f"Names on {n['pages']} pages ({n['documents']} documents), in one process:"]
        for key, label in (("hand_file_only", "the hand-curated file alone"),
                           ("with_built_authority", "with the built authority")):
            m = n[key]
            lines.append(f"- {label}: loaded in {m['load_seconds']} s ({m['memory_mb']} MB), every document's "
                         f"names resolved in {m['normalize_seconds']} s, {m['names_linked']} names linked")
    if "harvest" in results:
        h = results["harvest"]
        lines += ["", f"Harvest against the stand-in site, {h['documents']} documents: a full crawl makes "
                      f"{h['full_crawl_requests']} search requests."]
        for key, value in h.items():
            if key.startswith("after_"):
                n = key.split("_")[1]
                lines.append(f"- re-harvest after {n} new documents: {value['requests']} search requests "
                             f"(ceil({n}/10)+1 = {value['expected']}), {value['new_documents']} new documents found")
    m = results["machine"]
    lines += ["", f"Machine: {m['cpus']} CPUs, Python {m['python']}, {m['platform']}; measured {m['date']}."]
    return "\n".join(lines)


def _seconds(measured: dict) -> str:
    """A command's seconds, and its flow's alone when it ran one."""
    alone = measured.get("seconds_without_start_up")
    return f"{measured['seconds']} ({alone} without start-up)" if alone is not None else f"{measured['seconds']}"


def _machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "date": time.strftime("%Y-%m-%d")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of every measurement, interleaved (default: 3)")
    parser.add_argument("--no-archive", action="store_true", help="leave out the whole archive (17,600 pages)")
    parser.add_argument("--workdir", default=None, help="where corpora are written (default: a temporary folder)")
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--child", choices=("baseline", "lxml", "selectolax", "pipeline", "names", "harvest"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("--runner", default="threads", help=argparse.SUPPRESS)
    parser.add_argument("--readme", action="store_true",
                        help="only rewrite the README's table from the results file, measuring nothing")
    args = parser.parse_args(argv)
    if args.child:
        child(args)
        return 0
    # Imported here, not at the top: the measured child processes (the bare baseline) load nothing of the pipeline.
    from pipeline.writing import readme

    if args.readme:
        readme.write_sections({"benchmark": table(json.loads(Path(args.out).read_text(encoding="utf-8")))})
        return 0
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="archive-bench-"))
    print(f"benchmark: corpora in {workdir}", flush=True)
    results = run(sorted(args.sizes), workdir, repeat=args.repeat, archive=not args.no_archive)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    readme.write_sections({"benchmark": table(results)})  # the README's table is this run's
    print(f"\nresults written to {args.out}")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
