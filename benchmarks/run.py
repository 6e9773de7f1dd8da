"""`make bench`: the curate pipeline on synthetic corpora of 1,000 and 10,000 pages, against a bare baseline.

    python -m benchmarks.run [--sizes 1000 10000] [--workdir DIR] [--out benchmarks/results.json]

Each measurement runs in a child process of its own, so that its peak memory (ru_maxrss) is its own;
the parent collects the results, prints a table and writes benchmarks/results.json. Timings exclude
starting Prefect's temporary server (a warm-up flow run starts it) and writing the corpus.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
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


# --- measurements (each in its own process) ---------------------------------------------------------

def measure_baseline(raw: Path) -> dict:
    """BeautifulSoup with lxml extracting date, title, link and summary: no pipeline around it."""
    from bs4 import BeautifulSoup

    from pipeline.normalizing.dates import looks_like_date

    started, pages, entries = time.perf_counter(), 0, 0
    for path in sorted(raw.iterdir()):
        data = path.read_bytes()
        pages += 1
        if path.suffix == ".txt":  # text renderings: date lines, then title and summary
            lines = [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]
            entries += sum(1 for line in lines if looks_like_date(line.lstrip("• ")))
            continue
        soup = BeautifulSoup(data, "lxml")
        for cell in soup.select("table td.document, .search-res li"):
            link = cell.select_one("a[href]")
            texts = [t.strip() for t in cell.stripped_strings]
            date = next((t for t in texts if looks_like_date(t)), None)
            title = link.get_text(" ", strip=True) if link else None
            summary = " ".join(t for t in texts if t not in (date, title))
            entries += bool(link and (date or title or summary))
    return _result(started, pages, entries)


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

    rows = pq.read_table(work / "threads-2" / "curated" / "documents.parquet",
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


# --- orchestration ----------------------------------------------------------------------------------

def child(args: argparse.Namespace) -> None:
    work = Path(args.workdir)
    raw = work / "raw"
    if args.child == "baseline":
        result = measure_baseline(raw)
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


def run(sizes: list[int], workdir: Path, workers_on: int | None = None, harvest: bool = True) -> dict:
    """Every measurement for every corpus size; returns the results."""
    from benchmarks.corpus import write_corpus

    results: dict = {"machine": _machine(), "sizes": {}}
    for size in sizes:
        folder = workdir / f"pages-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        corpus = write_corpus(folder / "raw", size)
        entry = {"corpus": {**corpus, "bytes": sum(p.stat().st_size for p in (folder / "raw").iterdir())}}
        entry["baseline"] = _run_child("baseline", folder)
        entry["pipeline"] = _run_child("pipeline", folder, workers=2)
        results["sizes"][str(size)] = entry
        print(f"  {size} pages measured", flush=True)
    largest = max(sizes) if workers_on is None else workers_on
    folder = workdir / f"pages-{largest}"
    results["names"] = {"pages": largest, **_run_child("names", folder)}
    scaling = {}
    for workers in (1, 2):
        write_corpus(folder / "raw", largest)  # the same pages for both (the re-run above changed some)
        shutil.rmtree(folder / f"dask-{workers}", ignore_errors=True)
        scaling[str(workers)] = _run_child("pipeline", folder, workers=workers, runner="dask")["full"]
    results["workers"] = {"pages": largest, "runner": "dask LocalCluster, 1 thread per worker", **scaling}
    if harvest:
        results["harvest"] = _run_child("harvest", workdir)
    results["ratios"] = ratios(results)
    return results


def ratios(results: dict) -> dict:
    sizes = sorted(results["sizes"], key=int)
    out = {}
    for size in sizes:
        entry = results["sizes"][size]
        full = entry["pipeline"]["full"]["seconds"]
        out[size] = {
            "end_to_end_vs_baseline": round(full / entry["baseline"]["seconds"], 2),
            "rerun_vs_full": round(entry["pipeline"]["rerun"]["seconds"] / full, 3),
            "rerun_1pct_changed_vs_full": round(entry["pipeline"]["rerun_changed"]["seconds"] / full, 3),
        }
    if len(sizes) > 1:
        small, large = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
        out["memory_largest_vs_smallest"] = round(large["pipeline"]["peak_rss_mb"] / small["pipeline"]["peak_rss_mb"], 2)
    if "names" in results:
        n = results["names"]
        out["names_with_built_vs_hand_only"] = round(
            n["with_built_authority"]["normalize_seconds"] / n["hand_file_only"]["normalize_seconds"], 2)
        out["authority_memory_growth_mb"] = round(
            n["with_built_authority"]["memory_mb"] - n["hand_file_only"]["memory_mb"], 1)
    w = results["workers"]
    out["speedup_2_workers_vs_1"] = round(w["1"]["seconds"] / w["2"]["seconds"], 2)
    return out


def table(results: dict) -> str:
    lines = ["| pages | measurement | seconds | pages/s | documents/s | peak RSS (MB) |", "|---|---|---|---|---|---|"]
    for size, entry in sorted(results["sizes"].items(), key=lambda kv: int(kv[0])):
        b, p = entry["baseline"], entry["pipeline"]
        lines.append(f"| {size} | bare BeautifulSoup baseline | {b['seconds']} | {b['pages_per_s']} | – | {b['peak_rss_mb']} |")
        for key, label in (("full", "curate flow, full run"), ("rerun", "re-run, nothing new"),
                           ("rerun_changed", f"re-run, {p['rerun_changed'].get('changed', '?')} pages changed")):
            m = p[key]
            rss = p["peak_rss_mb"] if key == "full" else "(same process)"
            lines.append(f"| {size} | {label} | {m['seconds']} | {m['pages_per_s']} | {m.get('documents_per_s', '–')} | {rss} |")
    w = results["workers"]
    for n in ("1", "2"):
        lines.append(f"| {w['pages']} | curate flow on {n} Dask worker{'s' if n == '2' else ''} | {w[n]['seconds']} | "
                     f"{w[n]['pages_per_s']} | {w[n].get('documents_per_s', '–')} | – |")
    lines += ["", "| ratio | value | target |", "|---|---|---|"]
    r = results["ratios"]
    for size in sorted((k for k in r if k.isdigit()), key=int):
        lines.append(f"| end-to-end vs baseline, {size} pages | {r[size]['end_to_end_vs_baseline']} | ≤ 1.3 |")
        lines.append(f"| re-run with nothing new vs full run, {size} pages | {r[size]['rerun_vs_full']} | < 0.05 |")
        lines.append(f"| re-run after 1% changed vs full run, {size} pages | {r[size]['rerun_1pct_changed_vs_full']} | – |")
    if "memory_largest_vs_smallest" in r:
        lines.append(f"| peak memory, largest vs smallest corpus | {r['memory_largest_vs_smallest']} | < 1.5 |")
    lines.append(f"| 2 workers vs 1, {w['pages']} pages | {r['speedup_2_workers_vs_1']} | ≥ 1.7 |")
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


def _machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "date": time.strftime("%Y-%m-%d")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workdir", default=None, help="where corpora are written (default: a temporary folder)")
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--child", choices=("baseline", "pipeline", "names", "harvest"), help=argparse.SUPPRESS)
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
    results = run(sorted(args.sizes), workdir)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    readme.write_sections({"benchmark": table(results)})  # the README's table is this run's
    print(f"\nresults written to {args.out}")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
