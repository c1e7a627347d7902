"""``python -m pipeline export``: the (filtered) map as an image or data file."""
from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from pipeline import config
from pipeline.cli import UserError
from pipeline.export import ALT_FORMATS, FORMATS, alt_path, export_file
from pipeline.records import MODES, STATUSES
from pipeline.view import filters
from pipeline.view.buildio import read_build


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for item in values or () for v in item.split(",") if v.strip())


def _iso(value: str | None, option: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise UserError(f"{option} must be a date like 2022-09-27, not {value!r}") from None


def _choices(values: tuple[str, ...], allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    bad = [v for v in values if v not in allowed]
    if bad:
        raise UserError(f"{option}: unknown value {bad[0]!r}; choose from {', '.join(allowed)}")
    return values


UNDATED = {"include": True, "exclude": False}  # --undated: legs without the date a date range asks for


def undated_default() -> str:
    """The ``--undated`` choice that matches :class:`FilterSpec`'s default (the app's), never decided here."""
    return next(word for word, keep in UNDATED.items() if keep == filters.FilterSpec().include_undated)


def spec_from_args(args: argparse.Namespace) -> filters.FilterSpec:
    """The :class:`FilterSpec` the command-line options ask for."""
    countries = tuple(c.upper() for c in _split(args.country))
    bad = [c for c in countries if not re.fullmatch(r"[A-Z]{2}", c)]
    if bad:
        raise UserError(f"--country takes two-letter ISO codes such as KZ, not {bad[0]!r}")
    if args.country_role not in filters.COUNTRY_ROLES:
        raise UserError(f"--country-role must be one of {', '.join(filters.COUNTRY_ROLES)}")
    if not 0.0 <= args.min_confidence <= 1.0:
        raise UserError("--min-confidence must be between 0 and 1")
    if args.min_people < 0:
        raise UserError("--min-people must be 0 or more")
    return filters.FilterSpec(
        countries=countries, country_role=args.country_role,
        published_from=_iso(args.published_from, "--published-from"),
        published_to=_iso(args.published_to, "--published-to"),
        event_from=_iso(args.event_from, "--event-from"), event_to=_iso(args.event_to, "--event-to"),
        include_undated=UNDATED[args.undated],
        articles=_split(args.article), outlets=tuple(o.strip() for o in args.outlet or () if o.strip()),
        modes=_choices(_split(args.mode), MODES, "--mode"),
        statuses=_choices(_split(args.status), STATUSES, "--status"),
        min_people=args.min_people, text=args.text or "", min_confidence=args.min_confidence,
    )


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="export the (filtered) map as png, svg, geojson, csv or html",
        description="Export the legs a filter keeps as a map image (png, svg) or data (geojson, csv, html).",
    )
    p.add_argument("--build", default=str(config.build_dir()), help="build directory (default: data/build)")
    p.add_argument("--format", dest="fmt", default=None,
                   help=f"one of {', '.join(FORMATS)} (default: from the output file's extension)")
    p.add_argument("-o", "--output", required=True, help="file to write")
    p.add_argument("--title", default=None, help="title above the map")
    p.add_argument("--subtitle", default=None, help="subtitle (default: counts and filters in words)")
    p.add_argument("--width", type=int, default=2400, help="PNG width in pixels (default 2400)")
    f = p.add_argument_group("filters (as in the app)")
    f.add_argument("--country", action="append", help="ISO code(s), repeatable or comma-separated")
    f.add_argument("--country-role", default="either", help="either, origin or destination (default either)")
    f.add_argument("--published-from", help="first publication date, YYYY-MM-DD")
    f.add_argument("--published-to", help="last publication date, YYYY-MM-DD")
    f.add_argument("--event-from", help="first event date, YYYY-MM-DD")
    f.add_argument("--event-to", help="last event date, YYYY-MM-DD")
    f.add_argument("--undated", choices=tuple(UNDATED), default=undated_default(),
                   help="with a date range, include or exclude legs without that date "
                        f"(default {undated_default()}, as in the app)")
    f.add_argument("--article", action="append", help="article id(s), repeatable or comma-separated")
    f.add_argument("--outlet", action="append", help="outlet name, repeatable (names may contain commas)")
    f.add_argument("--mode", action="append", help=f"travel mode(s): {', '.join(MODES)}")
    f.add_argument("--status", action="append", help=f"status(es): {', '.join(STATUSES)}")
    f.add_argument("--min-people", type=int, default=0, help="only legs with at least this many people")
    f.add_argument("--text", default="", help="only legs whose quote contains this text")
    f.add_argument("--min-confidence", type=float, default=config.MIN_CONFIDENCE,
                   help=f"only legs at least this confident, or reviewed (default {config.MIN_CONFIDENCE}; "
                        "0 includes every candidate)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    fmt = (args.fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt or '(none)'!r}: use --format with one of {', '.join(FORMATS)}")
    spec = spec_from_args(args)
    try:
        build = read_build(args.build)
        size = export_file(build, spec, fmt, out, title=args.title, subtitle=args.subtitle, width_px=args.width)
    except (FileExistsError, NotADirectoryError):
        raise UserError(f"cannot write {out}: a part of its folder path is a file, not a folder") from None
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote {out} ({size:,} bytes, {fmt})")
    if fmt in ALT_FORMATS:
        print(f"wrote {alt_path(out)} (alt text for screen readers)")
    return 0
