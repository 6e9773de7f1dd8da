"""The archive-pipeline command."""

from __future__ import annotations

import argparse
import logging
import math
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from pipeline import __version__


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line naming the flag, and exit 2 (argparse would print the whole usage first)."""

    def error(self, message: str):
        self.exit(2, f"archive-pipeline: error: {message}\n")


def _number(convert, what: str, ok, bounds: str):
    """An argparse type: `convert` the text (else "'x' is not `what`"), then check it (else "must be `bounds`")."""
    def parse(text: str):
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not {what}") from None
        if not ok(value):
            raise argparse.ArgumentTypeError(f"must be {bounds}, not {text}")
        return value
    return parse


_at_least_one = _number(int, "a whole number", lambda v: v >= 1, "at least 1")
_share = _number(float, "a number", lambda v: 0 <= v <= 1, "between 0 and 1")
_seconds = _number(float, "a number of seconds", lambda v: math.isfinite(v) and v >= 0, "a number of seconds, 0 or more")


def _web_address(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"'{text}' is not an http:// or https:// address")
    if parts.username or parts.password:
        raise argparse.ArgumentTypeError(f"'{text}' carries a user name or password; give the site's address only")
    return text


def _contact(text: str) -> str:
    if text.startswith("mailto:") and "@" in text:
        return text
    try:
        return _web_address(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"'{text}' is neither an http(s) address nor a mailto: address") from None


def _scheduler(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("tcp", "tls", "ucx", "ws", "wss") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"'{text}' is not a Dask scheduler address such as tcp://host:8786")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="archive-pipeline", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="curate the pages in raw/ into staging/ and curated/ (the curate-archive flow)")
    run.add_argument("--raw-dir", default="raw", help="folder of saved pages (default: raw)")
    run.add_argument("--staging-dir", default="staging", help="folder for staging tables (default: staging)")
    run.add_argument("--curated-dir", default="curated", help="folder for curated tables (default: curated)")
    run.add_argument("--max-reject-share", type=_share, default=None,
                     help="fail the run when rejects exceed this share of pages and entries read (default: 0.25)")
    run.add_argument("--task-runner", choices=("processes", "threads", "dask"), default=None,
                     help="where page and document batches run: worker processes (the default from 1,000 pages to "
                          "parse), one thread in this process (the default below), or a Dask cluster")
    run.add_argument("--dask-address", type=_scheduler, default=None,
                     help="an existing Dask scheduler (tcp://host:8786); with --task-runner dask and no address, "
                          "a local cluster is started")
    run.add_argument("--max-workers", type=_at_least_one, default=None,
                     help="worker processes or local Dask workers (default: one per core)")
    run.add_argument("--allow-shrink", action="store_true",
                     help="publish even when this run finds more than 5%% fewer documents than the published set")
    run.add_argument("--wait", type=_seconds, default=0.0,
                     help="when another run is writing staging/ or curated/, wait this long for it (default: refuse at once)")
    run.add_argument("--verbose", action="store_true", help="show Prefect's tracebacks when the run fails")

    harvest = commands.add_parser(
        "harvest", help="fetch a search's result pages into raw/, politely and incrementally (the harvest-archive flow)")
    harvest.add_argument("--base-url", type=_web_address, default=None,
                         help="the archive's address (default: https://digitalarchive.wilsoncenter.org)")
    harvest.add_argument("--query", default=None, help="full-text search terms")
    harvest.add_argument("--filter", dest="filters", action="append", default=[], metavar="FACET:ID",
                         help="a facet filter such as topics:86494 (repeatable)")
    harvest.add_argument("--max-pages", type=_at_least_one, default=None, help="fetch at most this many result pages")
    harvest.add_argument("--delay", type=_seconds, default=1.0,
                         help="seconds between requests; robots.txt's Crawl-delay wins when larger (default: 1)")
    harvest.add_argument("--full", action="store_true", help="read every result page, not only what is new")
    harvest.add_argument("--raw-dir", default="raw", help="folder to keep pages in (default: raw)")
    harvest.add_argument("--records", action="store_true", help="also fetch the page of every document not fetched before")
    harvest.add_argument("--contact", type=_contact, default=None,
                         help="URL or mailto: address named in the User-Agent, so the archive can reach you")
    harvest.add_argument("--wait", type=_seconds, default=0.0,
                         help="when another harvest is writing raw/, wait this long for it (default: refuse at once)")
    harvest.add_argument("--verbose", action="store_true", help="show Prefect's tracebacks when the harvest fails")

    authority = commands.add_parser("authority", help="work with the authority file of people and organizations")
    authority_commands = authority.add_subparsers(dest="authority_command", required=True)
    check = authority_commands.add_parser(
        "check", help="validate the authority file: no alias pointing at two entities, no empty names, years in order")
    check.add_argument("--file", default=None, help="an authority CSV to check (default: the one shipped in pipeline/data)")
    build = authority_commands.add_parser(
        "build", help="build the authority from the persons database, the rules and the catalogue headings of staging/ "
                      "(the build-authority flow)")
    build.add_argument("--hsg", default=None,
                       help="the Office of the Historian's persons table (default: ../shared/data/hsg-people/people.tsv)")
    build.add_argument("--staging-dir", default="staging",
                       help="staging folder whose document pages give catalogue headings (default: staging)")
    build.add_argument("--output", default=None, help="where to write (default: pipeline/data/authority_built.tsv.gz)")
    build.add_argument("--verbose", action="store_true", help="show Prefect's tracebacks when the build fails")

    args = parser.parse_args(argv)
    if args.command == "authority" and args.authority_command == "build":
        return _build_authority(parser, args)
    if args.command == "authority":
        return _check_authority(parser, args)
    if args.command == "run":
        return _run(parser, args)
    if args.command == "harvest":
        return _harvest(parser, args)
    return 2


def _harvest(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from pipeline.harvesting.fetch import DEFAULT_CONTACT
    from pipeline.harvesting.search import DEFAULT_BASE_URL, parse_filter

    try:
        for f in args.filters:
            parse_filter(f)
    except ValueError as err:
        parser.exit(2, f"archive-pipeline: error: argument --filter: {err}\n")
    _exit_if_a_file(parser, "--raw-dir", args.raw_dir)
    _quiet_prefect(args.verbose)
    from flows.harvest import harvest_archive
    from flows.runtime import run_by_hand

    try:
        with run_by_hand():
            summary = harvest_archive(
                base_url=args.base_url or DEFAULT_BASE_URL, query=args.query, filters=args.filters,
                max_pages=args.max_pages, delay=args.delay, full=args.full, raw_dir=args.raw_dir,
                records=args.records, contact=args.contact or os.environ.get("ARCHIVE_PIPELINE_CONTACT") or DEFAULT_CONTACT,
                lock_wait=args.wait,
            )
    except KeyboardInterrupt:
        print("archive-pipeline: interrupted; every page fetched so far is kept in "
              f"{args.raw_dir}/ and the next harvest carries on", file=sys.stderr)
        return 130
    except Exception as err:
        print(f"archive-pipeline: harvest incomplete: {err}", file=sys.stderr)
        return 1
    print(
        f"archive-pipeline: {summary['search_requests']} search requests, {summary['pages_added']} pages added, "
        f"{summary['new_documents']} new documents ({summary['stopped']}) -> {args.raw_dir}/"
    )
    return 0


def _build_authority(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from pipeline.authority_build import build, hsg

    hsg_path = Path(args.hsg) if args.hsg else hsg.DEFAULT_PATH
    if not hsg_path.is_file():
        parser.exit(2, f"archive-pipeline: error: persons table '{hsg_path}' does not exist (--hsg)\n")
    _exit_if_a_file(parser, "--staging-dir", args.staging_dir)
    _quiet_prefect(args.verbose)
    from flows.authority import build_authority
    from flows.runtime import run_by_hand

    output = args.output or str(build.OUTPUT)
    try:
        with run_by_hand():
            build_authority(hsg_path=str(hsg_path), staging_dir=args.staging_dir, output=output)
    except Exception as err:
        print(f"archive-pipeline: authority build failed: {err}", file=sys.stderr)
        return 1
    print(f"archive-pipeline: authority built -> {output}")
    return 0


def _check_authority(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from pipeline.normalizing.authority import authority_text, check, parse_authority

    if args.file and not Path(args.file).is_file():
        parser.exit(2, f"archive-pipeline: error: authority file '{args.file}' does not exist\n")
    try:
        entities = parse_authority(authority_text(args.file))
    except (ValueError, KeyError) as err:
        print(f"archive-pipeline: authority file cannot be read: {err}", file=sys.stderr)
        return 1
    problems = check(entities)
    for problem in problems:
        print(f"archive-pipeline: authority: {problem}", file=sys.stderr)
    if problems:
        print(f"archive-pipeline: {len(problems)} problem(s) in the authority file", file=sys.stderr)
        return 1
    aliases = sum(len(e.aliases) for e in entities)
    print(f"archive-pipeline: authority file OK: {len(entities)} people and organizations, {aliases} aliases")
    if not args.file:  # the shipped hand file: review the built authority beside it
        from pipeline.authority_build.build import review
        from pipeline.normalizing.authority import read_built, read_built_header

        built = read_built()
        notes = review(entities, built, read_built_header()) if built else ["no built authority: run "
                                                                            "`archive-pipeline authority build`"]
        for note in notes:
            print(f"archive-pipeline: authority build: {note}")
        print(f"archive-pipeline: built authority: {len(built)} people and organizations, "
              f"{sum(len(e.aliases) for e in built)} aliases; {len(notes)} note(s) for a curator")
    return 0


def _exit_if_a_file(parser: argparse.ArgumentParser, option: str, folder: str) -> None:
    from pipeline import storage

    # Folders may be local paths or fsspec URLs (file://, s3://…).
    if storage.exists(folder) and not storage.is_dir(folder):
        parser.exit(2, f"archive-pipeline: error: {option} '{folder}' is a file, not a directory\n")


def _offline() -> None:
    # Prefect must not try to phone home from machines without internet.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def _quiet_prefect(verbose: bool = False) -> None:
    _offline()
    # BeautifulSoup warns when it replaces undecodable bytes; on the command line such pages are
    # reported through their status and rejects instead.
    logging.getLogger("bs4.dammit").setLevel(logging.ERROR)
    from flows.runtime import quiet_task_runs

    quiet_task_runs()
    if not verbose:
        from flows.runtime import console_without_tracebacks

        console_without_tracebacks()


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from pipeline import storage

    _exit_if_a_file(parser, "--raw-dir", args.raw_dir)
    if not storage.is_dir(args.raw_dir):
        parser.exit(2, f"archive-pipeline: error: raw directory '{args.raw_dir}' does not exist (--raw-dir)\n")
    for option, folder in (("--staging-dir", args.staging_dir), ("--curated-dir", args.curated_dir)):
        _exit_if_a_file(parser, option, folder)
    if args.dask_address and args.task_runner == "threads":
        parser.exit(2, "archive-pipeline: error: argument --dask-address: needs --task-runner dask, not threads\n")

    from pipeline.run_rules import MAX_REJECT_SHARE

    share = MAX_REJECT_SHARE if args.max_reject_share is None else args.max_reject_share
    counts = _nothing_new(args, share)
    if counts is None:
        from flows.runtime import launch_temporary_server

        _offline()
        launch_temporary_server()  # it boots while this process imports the flow
        _quiet_prefect(args.verbose)
        from flows.curate import curate_archive
        from flows.runtime import MAX_WORKERS, run_by_hand

        try:
            with run_by_hand():
                counts = curate_archive(
                    raw_dir=args.raw_dir, staging_dir=args.staging_dir, curated_dir=args.curated_dir,
                    max_reject_share=share, task_runner_kind=args.task_runner, dask_address=args.dask_address,
                    max_workers=args.max_workers or MAX_WORKERS, allow_shrink=args.allow_shrink, lock_wait=args.wait,
                )
        except Exception as err:  # the flow has logged the details; say it in one line
            print(f"archive-pipeline: run failed: {err}", file=sys.stderr)
            return 1
    print(
        f"archive-pipeline: {counts['documents']} documents from {counts['entries']} entries on {counts['pages']} pages; "
        f"{counts['rejects']} rejects, {counts['unresolved_names']} unresolved names -> {args.curated_dir}/"
    )
    return 0


def _nothing_new(args: argparse.Namespace, share: float) -> dict | None:
    """The counts of a run that finds nothing new, decided before Prefect, its server or a worker starts (a second
    or two instead of ten); None when there is work to do, or when another run holds the folders, which the flow then
    waits for or refuses, as it says."""
    from datetime import datetime, timezone

    from pipeline import locks, raw
    from pipeline.writing import curated_files, runs

    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        with locks.holding(args.staging_dir, args.curated_dir, wait=0):
            found = raw.inventory(args.raw_dir, raw.known_hashes(args.staging_dir))
            finished = datetime.now(timezone.utc).isoformat(timespec="seconds")
            counts = curated_files.settled(args.curated_dir, found, share, runs.provenance(None, started, finished))
            # Kept whether or not there is work: the flow's inventory and the next run read them instead of the files.
            raw.keep_hashes(args.staging_dir, found)
    except locks.FolderBusy:
        return None
    if counts:
        print(f"archive-pipeline: {counts['pages']} pages in {args.raw_dir}, none changed since the last run: "
              "the curated set is up to date (Prefect was not started)", file=sys.stderr)
    return counts


if __name__ == "__main__":
    sys.exit(main())
