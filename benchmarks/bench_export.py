"""Time the exports of a build: PNG target < 5 s for the seed build.

Usage::

    .venv/bin/python benchmarks/bench_export.py [--build data/build] [--repeat 3] [--legs N]

Without a build at ``--build`` (or with ``--legs N``) it times a synthetic
build instead (60 legs, or N) and says so. The first PNG includes one-time
costs (the Natural Earth outlines read from the disk cache, matplotlib's
font cache): both the first and the best warm time are printed, and the alt
text the images carry (:func:`pipeline.export.alt_text_for`) is timed too.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import export  # noqa: E402
from pipeline.view.buildio import load_build  # noqa: E402
from pipeline.view.filters import FilterSpec  # noqa: E402

TARGET_PNG_SECONDS = 5.0


def _timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="data/build")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--width", type=int, default=2400)
    parser.add_argument("--legs", type=int, default=0, help="time a synthetic build of this many legs instead")
    args = parser.parse_args(argv)

    build_dir = Path(args.build)
    if args.legs or not (build_dir / "flows.geojson").is_file():
        from pipeline.devtools.synthetic import SyntheticSize, write_synthetic_build

        legs = args.legs or 60
        build_dir = Path(tempfile.mkdtemp(prefix="bench-export-"))
        write_synthetic_build(build_dir, SyntheticSize(legs=legs, places=max(40, legs // 25),
                                                       articles=max(5, legs // 20)))
        print(f"timing a synthetic build of {legs} legs in {build_dir}")
    build = load_build(build_dir)
    spec = FilterSpec()
    print(f"build {build_dir}: {len(build.flows)} legs, {len(build.places)} places, {len(build.articles)} articles")

    first, _ = _timed(lambda: export.export_bytes(build, spec, "png", width_px=args.width))
    print(f"png   first (cold caches) {first:6.2f} s")
    rows = []
    for fmt in export.FORMATS:
        times, size = [], 0
        for _ in range(max(1, args.repeat)):
            t, data = _timed(lambda: export.export_bytes(build, spec, fmt, width_px=args.width))
            times.append(t)
            size = len(data)
        rows.append((fmt, min(times), size))
        print(f"{fmt:<7} best of {len(times)} {min(times):6.2f} s  {size / 1e6:7.2f} MB")
    alt_times = [_timed(lambda: export.alt_text_for(build, spec))[0] for _ in range(max(1, args.repeat))]
    print(f"{'alt':<7} best of {len(alt_times)} {min(alt_times):6.2f} s  (alt text of the PNG/SVG)")
    png_best = dict((f, t) for f, t, _ in rows)["png"]
    worst = max(first, png_best)
    verdict = "OK" if worst < TARGET_PNG_SECONDS else "TOO SLOW"
    print(f"png target < {TARGET_PNG_SECONDS:.0f} s: cold {first:.2f} s, warm {png_best:.2f} s -> {verdict}")
    return 0 if worst < TARGET_PNG_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
