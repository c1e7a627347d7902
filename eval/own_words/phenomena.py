"""Own-words battery 2: aggregates, statuses, itineraries and what is not a journey (the issue's list).

Sentences written by the team in the style of each migration story (not copied from any
article), each with the chain a careful reader would give. Run from the repository root:
``python eval/own_words/phenomena.py``; it prints each case (OK or --) and the share covered.
A case is covered when one extracted route holds the expected stops in order (names compared
on their first five letters, accents ignored).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from pipeline.gazetteer import load_gazetteer
from pipeline.geoparse import geoparse
from pipeline.ingest import parse_article_text
from pipeline.routes import extract_routes
gaz = load_gazetteer()
# (text, expected chains [(stops..., status?)], forbidden stops)
CASES = [
 ("Poland registered 120,000 arrivals from Ukraine in the first week.", [["Ukraine", "Poland"]]),
 ("Ukrainians keep fleeing. The number of Ukrainians in Moldova has doubled since Monday.", [["Ukraine", "Moldova"]]),
 ("Afghans fled the Taliban. Pakistan has taken in 600,000 refugees since 2021.", [["Afghanistan", "Pakistan"]]),
 ("Russian men queued at crossings into Georgia, Kazakhstan and Mongolia.", [["Russia", "Georgia"], ["Russia", "Kazakhstan"], ["Russia", "Mongolia"]]),
 ("Since the call-up, Russians have fled to Armenia, Turkey, Serbia and the United Arab Emirates.", [["Russia", "Armenia"], ["Russia", "Turkey"], ["Russia", "Serbia"], ["Russia", "United Arab Emirates"]]),
 ("He walked from Mandalay to Tamu, then took a bus on to Imphal.", [["Mandalay", "Tamu", "Imphal"]]),
 ("They paid smugglers in Agadez to drive them across the desert to Sabha.", [["Agadez", "Sabha"]]),
 ("Eritreans keep arriving. “We reached Khartoum after three days in a truck,” said Yonas.", [["Eritrea", "Khartoum"]]),
 ("About 300 Syrians were pushed back to Turkey by Greek border guards on Tuesday.", [["Greece", "Turkey", "blocked"]]),
 ("Hundreds of Afghans remain stranded at the Iranian border near Islam Qala.", [["Islam Qala", "blocked"]]),
 ("Germany deported 28 Afghans to Kabul on a charter flight.", [["Germany", "Kabul"]]),
 ("Honduran migrants were sent back from Guatemala after crossing the border.", [["Guatemala", "Honduras"]]),
 ("Thousands of Haitians are waiting at the border in Tijuana to enter the United States.", [["Tijuana", "United States"]]),
 ("Maria, 31, plans to travel from Lima to Santiago next month.", [["Lima", "Santiago", "planned"]]),
 ("On 25 September, 4,000 Russians crossed into Finland at Vaalimaa.", [["Russia", "Vaalimaa", "Finland"]]),
 ("Like Georgia in the Caucasus, Kazakhstan has seen long lines of Russians at its border.", [["Russia", "Kazakhstan"]], ["Georgia"]),
 ("In 1948, hundreds of thousands of Palestinians fled to Lebanon and Jordan.", [], ["Lebanon"]),
 ("If the fighting spreads, many more could flee to Poland.", [], ["Poland"]),
 ("The government wants to send asylum seekers to Rwanda.", [], ["Rwanda"]),
 ("Nigerians who reached Italy by boat describe months in Libyan detention centres.", [["Nigeria", "Italy"]]),
 ("A second boat carrying 59 Rohingya landed in Aceh on Sunday after leaving Cox's Bazar two weeks ago.", [["Cox's Bazar", "Aceh"]]),
 ("Thousands of Venezuelans cross into Colombia every day over the Simon Bolivar bridge at Cucuta.", [["Venezuela", "Cucuta", "Colombia"]]),
 ("Roughly 200 people a day are arriving at the Moldovan border town of Palanca from Odesa.", [["Odesa", "Palanca"]]),
 ("From Lviv, many Ukrainians continue by train to Przemysl and Krakow.", [["Lviv", "Przemysl"], ["Lviv", "Krakow"]]),
 ("Most of the migrants had travelled overland from Sudan through Chad and Niger to Libya.", [["Sudan", "Chad", "Niger", "Libya"]]),
]
def names(r): return [p.name for p in r.stops] + [r.status]
def norm(x): 
    import unicodedata
    return unicodedata.normalize("NFKD", x).encode("ascii", "ignore").decode().lower()
ok = tot = bad = 0
for case in CASES:
    text, want = case[0], case[1]
    forbid = case[2] if len(case) > 2 else []
    art = parse_article_text("---\ntitle: t\npublished: 2022-10-10\n---\n\n" + text, "own")
    routes = extract_routes(art, geoparse(art, gaz), gaz)
    got = [names(r) for r in routes]
    def covered(w): return any(all(any(norm(x).startswith(norm(s)[:5]) for x in g) for s in w) for g in got)
    hits = sum(covered(w) for w in want); ok += hits; tot += len(want)
    fb = [f for f in forbid if any(norm(x).startswith(norm(f)[:5]) for g in got for x in g)]
    bad += bool(fb)
    mark = "OK " if hits == len(want) and not fb else "-- "
    print(mark, text[:90], "| got:", got, ("FORBIDDEN " + str(fb)) if fb else "")
print(f"{ok}/{tot} expected covered, {bad} cases with a forbidden stop")
