"""Own-words battery 2: aggregates, statuses, itineraries and what is not a journey (the issue's list).

Run from the repository root: ``python eval/own_words/phenomena.py`` (the runner: :mod:`battery`).
"""
from battery import run

# (text, expected chains[, stops that must not appear])
CASES = [
 ("Poland registered 120,000 arrivals from Ukraine in the first week.", [["Ukraine", "Poland"]]),
 ("Ukrainians keep fleeing. The number of Ukrainians in Moldova has doubled since Monday.", [["Ukraine", "Moldova"]]),
 ("Afghans fled the Taliban. Pakistan has taken in 600,000 refugees since 2021.", [["Afghanistan", "Pakistan"]]),
 ("Russian men queued at crossings into Georgia, Kazakhstan and Mongolia.", [["Russia", "Georgia"], ["Russia", "Kazakhstan"], ["Russia", "Mongolia"]]),
 ("Since the call-up, Russians have fled to Armenia, Turkey, Serbia and the United Arab Emirates.", [["Russia", "Armenia"], ["Russia", "Turkey"], ["Russia", "Serbia"], ["Russia", "United Arab Emirates"]]),
 ("He walked from Mandalay to Tamu, then took a bus on to Imphal.", [["Mandalay", "Tamu", "Imphal"]]),
 ("They paid smugglers in Agadez to drive them across the desert to Sabha.", [["Agadez", "Sabha"]]),
 ("Eritreans keep arriving. “We reached Khartoum after three days in a truck,” said Yonas.", [["Eritrea", "Khartoum"]]),
 ("About 300 Syrians were pushed back to Turkey by Greek border guards on Tuesday.", [["Turkey", "Greece", "blocked"]]),
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
 ("Hundreds of Ukrainians arrived in the Polish capital on Sunday.", [["Ukraine", "Warsaw"]]),
 ("Migrants from Senegal keep coming. The Canary Islands received 32,000 of them last year.", [["Senegal", "Canar"]]),
 ("The family drove for two days from Syria's capital to the Lebanese border.", [["Damascus", "Lebanon"]]),
 ("Roughly 200 people a day are arriving at the Moldovan border town of Palanca from Odesa.", [["Odesa", "Palanca"]]),
 ("From Lviv, many Ukrainians continue by train to Przemysl and Krakow.", [["Lviv", "Przemysl"], ["Lviv", "Krakow"]]),
 ("Most of the migrants had travelled overland from Sudan through Chad and Niger to Libya.", [["Sudan", "Chad", "Niger", "Libya"]]),
]

if __name__ == "__main__":
    run(CASES, published="2022-10-10")
