"""``python -m pipeline build``: articles in, the contract's files out."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import config
from pipeline.build import BuildFailed, print_progress, run_build
from pipeline.cli import UserError


def _cmd_build(args: argparse.Namespace) -> int:
    log = (lambda msg: print(f"  {msg}", file=sys.stderr)) if args.verbose else None
    waiting = lambda: print(f"waiting for another build of {args.out} to finish…", file=sys.stderr)  # noqa: E731
    try:
        report = run_build(Path(args.articles), Path(args.out), use_cache=not args.no_cache, log=log,
                           geocoder=args.geocoder, progress=None if args.quiet else print_progress,
                           on_wait=waiting, workers=args.workers, scheduler=config.dask_scheduler(args.scheduler))
    except BuildFailed as exc:
        raise UserError(f"{exc} (the previous build in {args.out} is unchanged)") from None
    if not args.quiet:
        print(f"built {args.out}: {report.summary()}", file=sys.stderr)
    return 0


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of workers, 1 or more, not {text!r}")
    return n


def register(sub) -> None:
    paths = config.data_paths(None)
    p = sub.add_parser("build", help="build places and flows from a folder of articles")
    p.add_argument("--articles", default=str(paths.articles), help="folder of *.txt / *.md articles "
                   "(default: data/articles, or $EXODUS_DATA_DIR/articles)")
    p.add_argument("--out", default=str(paths.build), help="folder to write the build into "
                   "(default: data/build, or $EXODUS_BUILD_DIR)")
    p.add_argument("--no-cache", action="store_true", help="reprocess every article")
    p.add_argument("--geocoder", choices=("offline", "nominatim"), default=None,
                   help="offline gazetteer (default) or also ask Nominatim about unknown names "
                        "(needs internet; env EXODUS_GEOCODER)")
    p.add_argument("--workers", type=_positive, default=None, metavar="N",
                   help="run geoparsing and routes on a local Dask cluster of N worker processes; 1 is this "
                        "process (default: one per core when 200 or more articles need processing, else 1); "
                        "the output is the same")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="send that work to the Dask scheduler at ADDRESS, e.g. tcp://10.0.0.5:8786 "
                        "(env EXODUS_DASK_SCHEDULER); its workers need the gazetteer index (see README)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress or summary")
    p.add_argument("-v", "--verbose", action="store_true", help="explain names rejected as non-places")
    p.set_defaults(func=_cmd_build)
