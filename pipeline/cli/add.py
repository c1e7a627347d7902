"""``python -m pipeline add``: add article files to the corpus safely, then rebuild."""
from __future__ import annotations

import sys
from pathlib import Path

from pipeline import config
from pipeline.config import DataPaths, data_paths
from pipeline.corpus import add_submissions, articles_off_the_map, rebuild, submissions_from_path


def register(subparsers) -> None:
    p = subparsers.add_parser("add", help="add article files (.txt, .md, .html) to the corpus and rebuild")
    p.add_argument("source", metavar="FILE_OR_DIR", help="an article file, or a folder of them")
    p.add_argument("--articles", default=None, help="corpus folder (default data/articles)")
    p.add_argument("--out", default=None, help="build folder to refresh (default data/build)")
    p.add_argument("--no-build", action="store_true", help="only add the files; do not rebuild")
    for name in ("title", "outlet", "url", "published"):
        p.add_argument(f"--{name}", default=None, help=f"{name} of a single article (overrides the file's)")
    p.set_defaults(func=_cmd_add)


def _cmd_add(args) -> int:
    defaults = data_paths()
    articles = Path(args.articles) if args.articles else defaults.articles
    out = Path(args.out) if args.out else (articles.parent / "build" if args.articles else defaults.build)
    paths = DataPaths(articles.parent, articles, out, config.review_path(articles))
    meta = {k: getattr(args, k) for k in ("title", "outlet", "url", "published")}
    results = add_submissions(submissions_from_path(args.source, **meta), articles)
    for r in results:
        print(f"{r.status}: {r.source}: {r.message}", file=sys.stderr if r.status == "rejected" else sys.stdout)
    added = [r.article_id for r in results if r.status == "added"]
    # Nothing new, but the map may be behind the corpus (an add killed before its rebuild): catch up.
    behind = [] if added or args.no_build else articles_off_the_map(paths)
    if behind:
        print(f"the map is missing {len(behind)} article(s) of the corpus ({', '.join(behind[:3])}"
              f"{', …' if len(behind) > 3 else ''}): rebuilding")
    if (added or behind) and not args.no_build:
        summary = rebuild(paths, progress=None)
        print(summary.message)
        for aid in summary.without_places(added):
            print(f"warning: {aid}: added, but no places were found in it", file=sys.stderr)
    return 2 if any(r.status == "rejected" for r in results) else 0
