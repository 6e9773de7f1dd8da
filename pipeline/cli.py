"""The archive-pipeline command."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="archive-pipeline", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="curate the pages in raw/ into staging/ and curated/ (the curate-archive flow)")
    run.add_argument("--raw-dir", default="raw", help="folder of saved pages (default: raw)")
    run.add_argument("--staging-dir", default="staging", help="folder for staging tables (default: staging)")
    run.add_argument("--curated-dir", default="curated", help="folder for curated tables (default: curated)")
    run.add_argument("--max-reject-share", type=float, default=None,
                     help="fail the run when rejects exceed this share of pages and entries read (default: 0.25)")

    args = parser.parse_args(argv)
    if args.command == "run":
        return _run(parser, args)
    return 2


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    raw_dir = Path(args.raw_dir)
    if not raw_dir.is_dir():
        parser.exit(2, f"archive-pipeline: error: raw directory '{args.raw_dir}' does not exist (--raw-dir)\n")
    for option, folder in (("--staging-dir", args.staging_dir), ("--curated-dir", args.curated_dir)):
        if Path(folder).exists() and not Path(folder).is_dir():
            parser.exit(2, f"archive-pipeline: error: {option} '{folder}' is a file, not a directory\n")
    if args.max_reject_share is not None and not 0 <= args.max_reject_share <= 1:
        parser.exit(2, "archive-pipeline: error: --max-reject-share must be between 0 and 1\n")

    # Prefect must not try to phone home from machines without internet.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    from flows.curate import MAX_REJECT_SHARE, curate_archive

    share = MAX_REJECT_SHARE if args.max_reject_share is None else args.max_reject_share
    try:
        counts = curate_archive(
            raw_dir=str(raw_dir), staging_dir=args.staging_dir, curated_dir=args.curated_dir, max_reject_share=share
        )
    except Exception as err:  # the flow has logged the details; say it in one line
        print(f"archive-pipeline: run failed: {err}", file=sys.stderr)
        return 1
    print(
        f"archive-pipeline: {counts['documents']} documents from {counts['entries']} entries on {counts['pages']} pages; "
        f"{counts['rejects']} rejects, {counts['unresolved_names']} unresolved names -> {args.curated_dir}/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
