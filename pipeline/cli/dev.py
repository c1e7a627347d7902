"""Developer commands: ``python -m pipeline bench`` and ``python -m pipeline synthcorpus``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import config
from pipeline.cli import UserError
from pipeline.devtools import bench, evaluate, geoparse_report
from pipeline.devtools.synthcorpus import DEFAULT_ARTICLES, generate_corpus, write_corpus
from pipeline.routes import CANDIDATE_FEATURES, CANDIDATE_WEIGHTS, WEIGHTS


def register(sub) -> None:
    _register_synthcorpus(sub)
    _register_bench(sub)
    _register_evaluate(sub)


def _register_evaluate(sub) -> None:
    p = sub.add_parser("evaluate", help="score the seeds and the real-news corpus (tune, check) in one table")
    p.add_argument("--set", dest="sets", action="append", choices=("seeds", "tune", "check"),
                   help="only this set (repeatable; default: all)")
    p.add_argument("--threshold", type=float, default=config.MIN_CONFIDENCE,
                   help=f"confidence the map shows by default (default {config.MIN_CONFIDENCE})")
    p.add_argument("--geoparse", nargs="*", choices=geoparse_report.GEOPARSE_SETS, metavar="SET",
                   help="instead: the geoparser's error report, places missed and false places by cause "
                        f"(sets: {', '.join(geoparse_report.GEOPARSE_SETS)}; default all)")
    p.add_argument("--examples", type=int, default=6, help="with --geoparse: example names per cause")
    p.add_argument("--calibrate", action="store_true",
                   help="instead: fit the route confidence and candidate weights on the tune split and print them")
    p.set_defaults(func=_cmd_evaluate)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    if args.calibrate:
        return _calibrate(args.threshold)
    if args.geoparse is not None:
        reports = geoparse_report.geoparse_report(args.geoparse or geoparse_report.GEOPARSE_SETS)
        print(geoparse_report.report_table(reports, args.examples))
        return 0
    sets = tuple(args.sets or ("seeds", "tune", "check"))
    rows = evaluate.evaluate(sets, args.threshold, log=lambda msg: print(f"note: {msg}", file=sys.stderr))
    print(evaluate.table(rows))
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    print(f"benchmark: {args.articles} + {args.synthetic} synthetic articles", file=sys.stderr)
    results = bench.run(Path(args.articles), args.synthetic, args.cold)
    width = max(len(k) for k in results)
    for k, v in results.items():
        if isinstance(v, float):
            v = f"{v:.3f}"
        print(f"{k:<{width}}  {v}")
    return 0


def _register_bench(sub) -> None:
    p = sub.add_parser("bench", help="measure gazetteer load, geoparsing throughput and memory")
    p.add_argument("--articles", default=str(config.articles_dir()), help="bundled articles to build and parse")
    p.add_argument("--synthetic", type=int, default=300, help="synthetic articles added to the timed corpus")
    p.add_argument("--cold", action="store_true", help="also time the one-off gazetteer compile (~25 s)")
    p.set_defaults(func=_cmd_bench)


def _register_synthcorpus(subparsers) -> None:
    p = subparsers.add_parser("synthcorpus", help="write a synthetic corpus for benchmarks")
    p.add_argument("--out", required=True, help="folder to write the articles into")
    p.add_argument("-n", "--articles", type=int, default=DEFAULT_ARTICLES, help="number of articles (default 2000)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=_cmd_synthcorpus)


def _cmd_synthcorpus(args) -> int:
    if args.articles < 1:
        raise UserError("--articles must be at least 1")
    articles = generate_corpus(args.articles, args.seed)
    write_corpus(articles, args.out)
    words = sum(len(a.text.split()) for a in articles)
    print(f"wrote {len(articles)} articles ({words:,} words) to {args.out}")
    return 0


def _calibrate(threshold: float) -> int:
    """Fit the route and candidate weights on tune; print them and how they rank both splits."""
    scorer = evaluate.load_scorer()
    tables = (
        ("WEIGHTS", "pipeline/routes/confidence.py", evaluate.leg_rows, {}, WEIGHTS, "legs"),
        ("WEIGHTS", "pipeline/routes/candidates.py", evaluate.candidate_rows,
         {"names": CANDIDATE_FEATURES, "origin_order": ()}, CANDIDATE_WEIGHTS, "candidates"),
    )
    for table_name, home, rows_of, fit_args, current, what in tables:
        tune, check = rows_of(scorer, "tune"), rows_of(scorer, "check")
        if not tune:
            raise UserError("no tune texts: refill eval/realnews/articles first (see its README)")
        weights = evaluate.fit_weights(tune, **fit_args)
        print(f"# {home}\n{table_name} = {{")
        for name, value in weights.items():
            print(f"    {name!r}: {value},")
        print("}")
        for label, rows in (("tune", tune), ("check", check)):
            for w_label, w in (("current", current), ("fitted", weights)):
                p, n = evaluate.precision_at(rows, w, threshold)
                print(f"{label:5} {w_label:7} {what} >= {threshold}: {n}/{len(rows)}, precision {p:.2f} "
                      f"(all {what} {sum(ok for _, ok in rows) / max(len(rows), 1):.2f})")
    return 0
