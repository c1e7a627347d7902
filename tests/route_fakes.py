"""A dict-backed PlaceLookup and helpers to build mentions for route tests."""
from __future__ import annotations

import re

from pipeline.records import Article, Mention, Place


def _place(name, kind, cc, lat, lon):
    pid = f"country:{cc}" if kind == "country" else f"test:{name.lower().replace(' ', '-')}"
    return Place(pid, name, kind, cc, lat, lon)


PLACES = {p.name: p for p in (
    _place("Russia", "country", "RU", 60.0, 90.0),
    _place("Kazakhstan", "country", "KZ", 48.0, 68.0),
    _place("Georgia", "country", "GE", 42.0, 43.5),
    _place("Norway", "country", "NO", 62.0, 10.0),
    _place("Ukraine", "country", "UA", 49.0, 32.0),
    _place("Poland", "country", "PL", 52.0, 20.0),
    _place("Panama", "country", "PA", 9.0, -80.0),
    _place("Colombia", "country", "CO", 4.0, -72.0),
    _place("Venezuela", "country", "VE", 7.0, -66.0),
    _place("Armenia", "country", "AM", 40.0, 45.0),
    _place("Turkey", "country", "TR", 39.0, 35.0),
    _place("Serbia", "country", "RS", 44.0, 21.0),
    _place("Moscow", "city", "RU", 55.75, 37.62),
    _place("Kazan", "city", "RU", 55.79, 49.12),
    _place("Samara", "city", "RU", 53.2, 50.15),
    _place("Almaty", "city", "KZ", 43.25, 76.9),
    _place("Astana", "city", "KZ", 51.17, 71.43),
    _place("Tbilisi", "city", "GE", 41.7, 44.8),
    _place("Batumi", "city", "GE", 41.64, 41.63),
    _place("Yerevan", "city", "AM", 40.18, 44.51),
    _place("Istanbul", "city", "TR", 41.01, 28.98),
    _place("Belgrade", "city", "RS", 44.8, 20.46),
    _place("Lviv", "city", "UA", 49.84, 24.03),
    _place("Kharkiv", "city", "UA", 49.99, 36.23),
    _place("Warsaw", "city", "PL", 52.23, 21.01),
    _place("Przemysl", "city", "PL", 49.78, 22.77),
    _place("Kirkenes", "city", "NO", 69.73, 30.05),
    _place("Upper Lars", "border_crossing", "RU", 42.74, 44.63),
    _place("Medyka", "border_crossing", "PL", 49.8, 22.93),
    # other migration stories (unseen-style tests)
    _place("Syria", "country", "SY", 35.0, 38.0),
    _place("Bulgaria", "country", "BG", 42.7, 25.5),
    _place("Austria", "country", "AT", 47.5, 14.5),
    _place("Hungary", "country", "HU", 47.0, 19.5),
    _place("Greece", "country", "GR", 39.0, 22.0),
    _place("Moldova", "country", "MD", 47.0, 28.5),
    _place("Costa Rica", "country", "CR", 10.0, -84.0),
    _place("Nicaragua", "country", "NI", 13.0, -85.0),
    _place("Honduras", "country", "HN", 15.0, -86.5),
    _place("Mexico", "country", "MX", 23.0, -102.0),
    _place("United States", "country", "US", 39.8, -98.6),
    _place("Bangladesh", "country", "BD", 24.0, 90.0),
    _place("Myanmar", "country", "MM", 21.0, 96.0),
    _place("Afghanistan", "country", "AF", 33.0, 65.0),
    _place("Iran", "country", "IR", 32.0, 53.0),
    _place("Pakistan", "country", "PK", 30.0, 70.0),
    _place("Sudan", "country", "SD", 15.0, 30.0),
    _place("Chad", "country", "TD", 15.0, 19.0),
    _place("Egypt", "country", "EG", 27.0, 30.0),
    _place("Peru", "country", "PE", -10.0, -76.0),
    _place("France", "country", "FR", 46.0, 2.0),
    _place("Haiti", "country", "HT", 19.0, -72.4),
    _place("Port-au-Prince", "city", "HT", 18.54, -72.34),
    _place("Calais", "city", "FR", 50.95, 1.86),
    _place("United Kingdom", "country", "GB", 54.0, -2.0),
    _place("Aleppo", "city", "SY", 36.2, 37.16),
    _place("Edirne", "city", "TR", 41.68, 26.56),
    _place("Chisinau", "city", "MD", 47.01, 28.86),
    _place("Odesa", "city", "UA", 46.48, 30.73),
    _place("Kyiv", "city", "UA", 50.45, 30.52),
    _place("Necocli", "city", "CO", 8.43, -76.78),
    _place("Acandi", "city", "CO", 8.51, -77.28),
    _place("Caracas", "city", "VE", 10.48, -66.9),
    _place("Cucuta", "city", "CO", 7.89, -72.5),
    _place("Lima", "city", "PE", -12.05, -77.04),
    _place("Herat", "city", "AF", 34.35, 62.2),
    _place("Mashhad", "city", "IR", 36.3, 59.6),
    _place("Khartoum", "city", "SD", 15.6, 32.53),
    _place("Aswan", "city", "EG", 24.09, 32.9),
    _place("Cox's Bazar", "city", "BD", 21.45, 91.97),
    _place("Torkham", "border_crossing", "PK", 34.1, 71.09),
    _place("Adre", "city", "TD", 13.47, 22.2),
    _place("Naf River", "border_crossing", "MM", 20.85, 92.33),
    _place("English Channel", "border_crossing", "FR", 50.95, 1.45),
    _place("Cairo", "city", "EG", 30.04, 31.24),
    _place("Slovenia", "country", "SI", 46.1, 14.8),
    _place("Croatia", "country", "HR", 45.1, 15.2),
    _place("Spain", "country", "ES", 40.0, -4.0),
    _place("Senegal", "country", "SN", 14.5, -14.5),
    _place("Iraq", "country", "IQ", 33.0, 44.0),
    _place("Belarus", "country", "BY", 53.7, 27.9),
    _place("Germany", "country", "DE", 51.0, 10.0),
    _place("Minsk", "city", "BY", 53.9, 27.57),
    _place("Dakar", "city", "SN", 14.69, -17.45),
    _place("Guinea", "country", "GN", 10.4, -10.9),
    _place("El Hierro", "other", "ES", 27.74, -18.02),
)}
DEMONYMS = {"russian": "RU", "russians": "RU", "ukrainian": "UA", "ukrainians": "UA", "kazakh": "KZ",
            "kazakhs": "KZ", "norwegian": "NO", "georgian": "GE", "polish": "PL", "venezuelans": "VE",
            "venezuelan": "VE", "slovenian": "SI", "serbian": "RS", "iraqi": "IQ", "polish": "PL", "syrians": "SY", "syrian": "SY", "afghans": "AF", "afghan": "AF",
            "sudanese": "SD", "rohingya": "MM", "haitians": "HT", "haitian": "HT", "greek": "GR",
            "spanish": "ES", "french": "FR"}


class FakeLookup:
    """Implements routes.PlaceLookup over the small table above."""

    def country(self, iso2):
        return next((p for p in PLACES.values() if p.kind == "country" and p.country_code == iso2), None)

    def demonym_country(self, word):
        return DEMONYMS.get(word.lower())

    def candidates(self, name):
        return [PLACES[name]] if name in PLACES else []


def article_with_mentions(text: str, article_id: str = "t", published: str | None = "2022-09-27"):
    """An Article and the mentions of every PLACES name in ``text`` (longest first)."""
    names = sorted(PLACES, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
    mentions = [Mention(article_id, m.start(), m.end(), m.group(0), PLACES[m.group(0)])
                for m in pattern.finditer(text)]
    return Article(article_id, f"{article_id}.txt", text, published=published), mentions
