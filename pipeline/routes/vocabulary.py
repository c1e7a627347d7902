"""The route grammar's vocabulary: word lists and phrase patterns the rules are written in.

Data, not algorithms: the rule tables (:mod:`pipeline.routes.rules`) and the
readers of sentences and stories use these names.
"""
from __future__ import annotations

import re


TOKEN = r"⟨\d+⟩"
# Verbs and nouns of movement; a role rule marked ``gated`` needs one nearby.
MOVE = (
    r"\b(?:fled|flee(?:s|ing)?|left|leav(?:e|es|ing)|escap(?:e|ed|es|ing)|travell?(?:ed|ing|s)?|went|"
    r"go(?:es|ing)?|gone|mov(?:e|ed|es|ing)|relocat\w*|emigrat\w*|head(?:ed|ing|s)?|fl[ye]w|fly(?:ing)?|"
    r"flown|flights?|drove|driv(?:e|en|ing)|sail(?:ed|ing|s)?|cycl(?:ed|ing)|bik(?:ed|ing)|walk(?:s|ed|ing)?|"
    r"rode|cross(?:ed|es|ing)?|arriv\w*|reach(?:ed|es|ing)?|pour(?:ed|ing)?|stream(?:ed|ing)?|came|"
    r"com(?:e|es|ing)|return(?:ed|ing|s)?|bound|journeys?|trips?|tickets?|exodus|influx(?:es)?|queu\w*|"
    # A vehicle going somewhere: "a place on a boat to Lampedusa", "the night bus for Warsaw" (in a rule's
    # gate window, ⟦⟧ stands where the rule matched: "to <place>").
    r"(?:boat|bus|coach|train|ferry|ship|plane|dinghy)(?:s|es)?(?=\s+(?:⟦⟧|to|for|bound)(?!\w))|"
    r"ferr(?:y|ies|ying|ied)|smuggled|entered|enter(?:s|ing)?|made (?:it|(?:their|his|her|my|our) way)|"
    r"reject\w*|refus\w*|restrict\w*|bann\w*|barr\w*|clos(?:e|ed|es|ing)|onwards?|took|tak(?:e|es|en|ing)|"
    r"carr(?:y|ied|ies|ying)|transport(?:ed|ing|s)?|deport\w*|expell?\w*|"
    # Movers moved by others, landings and departures, hosts taking people in.
    r"br(?:ing|ings|inging|ought)|disembark\w*|depart(?:s|ed|ing|ure)?|land(?:s|ed|ing|ings)?|"
    r"shift(?:s|ed|ing)?|transferr?(?:ed|ing|s)?|evacuat\w*|repatriat\w*|pass(?:es|ed|ing)?(?:\s+through)?|"
    r"push(?:ed|es|ing)?\s+back|sen[dt](?:s|ing)?\s+(?:back|home|away)|turn(?:ed|ing|s)?\s+(?:back|away)|welcom\w*|accept(?:s|ed|ing)?|host(?:s|ed|ing)?|receiv(?:e|es|ed|ing)|"
    r"taken\s+in|took\s+in|shelter(?:s|ed|ing)?|refuge|opened\s+(?:its\s+|their\s+)?doors|"
    r"continu(?:e|es|ed|ing)|ashore|en\s+route|on\s+(?:their|his|her|its|our|my)\s+way|(?:catch(?:es|ing)?|caught)\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:bus|train|flight|plane|boat|ferry|lorry|truck|ride|taxi|coach)|"
    r"board(?:s|ed|ing)?|hitch(?:ed|es|ing)?|ride|riding|"
    r"(?:get|gets|got|getting)\s+(?:to|into|across|out)|bus(?:s)?ed|truck(?:ed|ing)|ship(?:ped|ping)|airlift\w*|trekk?(?:ed|ing|s)?|hik(?:ed|ing)|sw[ai]m(?:ming)?)\b"
)
MOVE_RE = re.compile(MOVE, re.IGNORECASE)
# Words that may stand between a preposition and the place it governs.
FILLER_WORD = (
    r"(?:the|a|an|their|his|her|its|our|my|this|that|some|other|(?-i:[A-Z][\w’'-]*)|" + TOKEN + r"|"
    r"neighbou?ring|nearby|remote|small|tiny|far|far-\w+|distant|isolated|coastal|mountain|steppe|"
    r"northern|southern|eastern|western|central|north\w*|south\w*|east\w*|west\w*|arctic|border|"
    r"capital|port|resort|suburb|suburban|home|native|industrial|provincial|regional|main|major|"
    r"largest|biggest|second|old|ancient|historic|city|cities|relative|temporary|makeshift|new|reception|"
    r"refugee|transit|migrant|processing|detention|holding|asylum|registration|accommodation|emergency)"
)
DESC_NOUN = (
    r"(?:city|cities|town|towns|capital|capitals|nations?|countries|country|states?|republics?|"
    r"regions?|provinces?|villages?|port|ports|hometown|home town|islands?|destinations?|places|"
    r"neighbou?rs|enclaves?|districts?|oblasts?|safety|camps?|shelters?|cent(?:re|er)s?|settlements?|"
    r"hubs?|stations?|areas?|beach(?:es)?|coast|shores?|homes?|houses?|flats?|apartments?|neighbou?rhoods?|"
    # the land passed through: "walked through the forests of Bulgaria", "the mountains of Iran"
    r"forests?|jungles?|mountains?|hills|deserts?|woods|plains|steppes?|valleys?|swamps?)"
)
# "Bajo Chiquito in Panama": a name the gazetteer lacks falls back to the place it is in.
ITEM = (
    rf"(?:{FILLER_WORD}\s+|{DESC_NOUN},?\s+(?:of|in|on|at|near|around|outside|like|such as|including)\s+|(?-i:[A-Z][\w’'-]*)\s+in\s+){{0,6}}?"
    rf"(?:(?:capital|city|town|port),\s+)?{TOKEN}"
)
SEP = r"(?:\s*,\s*(?:and\s+(?:then\s+)?|or\s+|then\s+)?|\s+(?:and\s+then|then|and|or|as well as|followed by)\s+)"
# Items joined by "then" are stops one after another, not alternatives ("toward Indonesia and then Malaysia").
SEQUENCE = re.compile(r"\bthen\b|\bfollowed by\b", re.I)
SKIP_ITEM = r"(?-i:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)"
# A list of places, possibly with non-place names among them ("to Europe, Turkey and Georgia").
LIST = rf"(?:{SKIP_ITEM}{SEP})?{ITEM}(?:{SEP}(?:{ITEM}|{SKIP_ITEM}))*"
SPLIT_ITEMS = re.compile(r",|\band\b|\bor\b|\bas well as\b|\bthen\b|\bfollowed by\b")
TOKEN_RE = re.compile(r"⟨(\d+)⟩")

# A place that takes people in: "Poland has welcomed 450,000 people", "Chad has opened its doors to".
HOST_VERB = (r"(?:seen|witnessed|received|welcomed|accepted|admitted|taken\s+in|hosted|absorbed|registered|"
             r"recorded|sheltered|opened\s+(?:its\s+|their\s+)?doors\s+(?:to|for)|"
             r"(?:reported|noted|recorded|seen)\s+(?:an?\s+|a\s+sharp\s+|a\s+steep\s+)?"
             r"(?:increase|rise|surge|jump|spike|influx)\s+(?:in|of))\b")
# An aside between a host's auxiliary and its verb: "Finland and Norway have, like Mongolia, reported …".
HOST_ASIDE = r"(?:,[^,⟨⟩]{0,40}(?:⟨\d+⟩[^,⟨⟩]{0,20})?,\s*)?"
# A part of a host that does the hosting: "Kenya's Dadaab camp now hosts …", "Chad's border towns received …".
HOST_PART = (r"(?:[’']s\s+(?:[\w-]+\s+){0,2}?(?:camps?|settlements?|towns?|cities|city|regions?|provinces?|areas?|"
             r"districts?|islands?|capital|shelters?|centres?|centers?|municipalities)\b)?")
# A relative clause between a host and its verb: "Brazil, which shares a border with Venezuela, has received …".
SUBJECT_ASIDE = r"(?:,\s+(?:which|that)\s+[^,⟨⟩]{0,60}(?:⟨\d+⟩[^,⟨⟩]{0,20})?,)?"

# Places where movers are present make a locative ("In X, ...") an arrival.
MOVER_NOUNS = re.compile(
    r"\b(?:refugees|migrants|arrivals|newcomers|incomers|escapees|evacuees|asylum[- ]seekers|relocants|"
    r"relocators|exiles|draft[- ]dodgers|new\s+(?:[“\"‘']?[\w-]+[”\"’']?\s+){0,2}?"
    r"(?:clients|guests|customers|tenants|residents|arrivals))\b",
    re.IGNORECASE,
)
PERSON_AFTER_DEMONYM = re.compile(
    r"^\s+(?:citizens|nationals|men|women|people|families|refugees|migrants|escapees|travell?ers|"
    r"passengers|tourists|guests|reservists|conscripts|draft[- ]dodgers|arrivals|exiles|students|"
    r"workers|citizen|national|man|woman)\b",
    re.IGNORECASE,
)
CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
# "Iraqi Kurds", "Afghan Hazaras": a people named after the demonym is people too.
GROUP_AFTER_DEMONYM = re.compile(r"^\s+[A-Z][a-z]+(?:s|is)\b(?!\s+(?:[A-Z]|of\b))")
# Demonyms whose plural has no -s ("Sudanese", "Rohingya") are nouns before a verb or a break.
INVARIANT_DEMONYM = re.compile(r"(?:ese|ss|ya)$")
NOUN_CONTEXT = re.compile(
    r"^(?:\s*[,.;:)]|\s+(?:have|has|had|are|were|is|was|who|and|in|from|to|into|at|now|also|still|"
    r"fled|flee|crossed|cross|crossing|left|arriv\w+|streamed|poured|continue\w*|walk\w*|head\w*|"
    r"land(?:ed|ing)|reach\w*|enter\w*|return\w*|board\w*|sail\w*|took|sought|made|"
    r"keep|kept|began|begin|started|start|tried|try|trying|wait\w*|queu\w*|live[sd]?|living|say|said|told|face[sd]?|"
    r"make|moved?|travell?ed|escaped|crowd\w*|gather\w*)\b)"
)


COUNT_BEFORE = re.compile(r"\b\d[\d,.]*\s+(?:more\s+|other\s+)?$")


def names_people(word: str, after: str, before: str = "") -> bool:
    """True when a capitalised ``word`` (a possible demonym) names people: "Russians", "Russian citizens",
    "Sudanese have crossed", "70 Senegalese" (``before``: the text before the word)."""
    if word.endswith("s") and not INVARIANT_DEMONYM.search(word):
        return True
    if PERSON_AFTER_DEMONYM.match(after) or GROUP_AFTER_DEMONYM.match(after):
        return True
    invariant = bool(INVARIANT_DEMONYM.search(word))
    return invariant and (bool(NOUN_CONTEXT.match(after)) or bool(COUNT_BEFORE.search(before[-20:])))

# Superseded plans: "had been planning to go to X ... but/ended up in Y".
PLAN_CUE = re.compile(r"\bhad\s+(?:been\s+)?(?:plann\w+|hop\w+|intend\w+|want\w+|rushed|tried|meant|expect\w+)\b", re.I)
CONTRAST = re.compile(r"\b(?:but|instead|ended up|in the end|eventually|finally)\b", re.I)
# "the Adre crossing": the place is used as a crossing point, whatever its gazetteer kind.
NAMED_CROSSING = re.compile(r"\s+(?:border\s+)?(?:crossing|checkpoint|border post|crossing point|bridge)s?\b", re.I)
ARRIVAL_FROM = re.compile(rf"\b(?:arriv(?:e|es|ed|ing)|came|com(?:e|es|ing))\s+(?:here\s+)?from\s+{TOKEN}", re.I)
# A bracketed aside without places ("(as of March 8)"): no clause boundary.
ASIDE = re.compile(r"\([^()⟨⟩]*\)")
HARD_BOUNDARY = re.compile(r"[;“”\"()]|\b(?:but|although|though|while|whereas|however|because)\b", re.I)
NEGATION_WINDOW = re.compile(r"\b(?:not|never|no longer|won[’']t|didn[’']t|don[’']t|can[’']t|cannot|wouldn[’']t|refuse[sd]? to)\b", re.I)


# Arrival verbs with no place after them: "had entered (the country)", "arrived", "crossed over".
ENTERED = re.compile(r"\b(?:entered|arriv(?:ed|ing|als)|came\s+in|crossed(?:\s+over)?|landed|been\s+registered|were\s+registered)\b"
                     r"(?!\s+(?:in|into|at|on|to)\s+⟨)", re.I)

# Between two destinations: the sentence turns to another journey ("… or south to", "while others …").
ALTERNATIVE_GAP = re.compile(r"\bor\b(?!\s+then\b)|\bwhile\b|\bwhereas\b|\bothers\b|\bthe rest\b|;", re.I)

# The gap between a via list and a destination it leads to ("through A and B to C").
VIA_LEADS_ON = re.compile(
    rf"^(?:{TOKEN}|(?-i:[A-Z][\w’'-]*)|[\s,]|\band\b|\bor\b)*?(?:and\s+)?(?:then\s+)?(?:on(?:wards?)?\s+)?"
    rf"(?:to|into|towards?|onto|for)\s+(?:\S+\s+){{0,4}}$",
    re.I,
)



ROLE_NOUN = (
    r"(?:man|woman|men|women|person|people|entrepreneur|businessman|businesswoman|photographer|programmer|"
    r"developer|engineer|student|students|technician|teacher|doctor|designer|artist|musician|activist|"
    r"father|mother|son|daughter|couple|family|friends?|escapees?|yachtsm[ae]n|cyclist|reservists?|"
    r"conscripts?|citizen|national|refugees?|migrants?|worker|manager|lawyer|journalist|blogger|"
    r"brothers?|sisters?|husband|wife|traveller|traveler|pair|trio|group)"
)
NUMBER_WORD = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
INSTITUTION_NOUN = (r"(?:agenc(?:y|ies)|council|commission|office|organi[sz]ation|ministry|department|service|crisis|camps?|"
                    r"centres?|centers?|cent(?:re|er)s?|shelters?|route|flows?|numbers?|influx|policy|programme|program)\b")
STORY_INTRO = re.compile(
    rf"(?<!\bas )\b(?:(?P<one>one|a|an|another)|(?P<n>{NUMBER_WORD}))\s+(?P<mods>(?:[\w-]+\s+){{0,3}}?)(?P<role>{ROLE_NOUN})\b(?!\s+of\b)",
    re.IGNORECASE,
)
STORY_DEFINITE = re.compile(
    rf"\b[Tt]he\s+(?P<mods>(?:(?!(?:of|and|in|with|to|for|from|at|by)\b)[\w-]+\s+){{0,3}}?)(?:(?P<role>{ROLE_NOUN})|(?P<demonym>[A-Z][a-z]+)(?=\s+[A-Z]|,|\s+who\b|\s+whose\b))\b(?!\s+of\b)"
    # "the UN refugee agency", "the migrant crisis": a role noun modifying an institution or an event names nobody.
    rf"(?!\s+{INSTITUTION_NOUN})"
)
# A family named by its surname is one traveller: "the Torres family left Lima" opens a story.
NAMED_FAMILY = re.compile(r"\b[Tt]he\s+(?P<name>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,})\s+(?P<role>family|couple|brothers|sisters|household)\b")
# First-person testimony: "“We left Caracas two months ago,” she says." / "I walked for five days."
NARRATOR = re.compile(r"^(?:[“\"‘']\s*)?(?P<who>We|I)\b(?!\s+(?:think|believe|hope|know|don|do|am|was|said|told))"
                      r"|[“\"‘']\s*(?P<who2>We|I)\s+(?!think|believe|hope|know)\w+")
# A pronoun that continues the story: the subject, also after an opening adverbial ("Then they
# reached Quito", "In Cali, they slept …", "Finally, after ten days, she crossed …"), or the object
# of a vehicle's verb ("a ferry took them to Tumaco").
PRONOUN_REF = re.compile(
    r"^(?:[“\"‘']?\s*)?(?:(?:(?-i:[A-Z])[^,;:.“”\"]{0,80},\s+(?:[^,;:.“”\"]{1,60},\s+)?|(?:then|finally|eventually|later|afterwards|soon|next|there)\s+"
    r"|(?:[\w-]+\s+){1,3}(?:ago|later|earlier|before|after)\s+"
    r"|(?:in|on|last|this|that|early|late|by|at|the\s+next|the\s+following)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:spring|summer|autumn|fall|winter|week|month|year|morning|night|evening|day|weekend|January|February|March|April|May|"
    r"June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d{4})\s+"
    r"|(?:today|yesterday|tonight|now)\s+)"
    r"(?:(?:then|finally|eventually|later|also|soon)\s+)?)?(?:He|She|They|His|Her|Their|he|she|they)\b"
    r"|[”\"’'],?\s+(?:he|she|they)\s+\w+"
    r"|\b(?:took|taken|brought|drove|carried|ferried|flew|led|sent|transported|smuggled|dropped)\s+(?:them|him|her)\b",
    re.IGNORECASE)
NAME_AFTER_ROLE = re.compile(r"^[^.]{0,60}?(?:,|:)\s+(?P<name>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,})\*?(?:\s+and\s+(?P<name2>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,})\*?)?(?=[,*\s])")
MEETING = re.compile(r"\b(?:met|meet|meeting|spoke (?:to|with)|interviewed|found)\b", re.I)
AGGREGATE = re.compile(
    r"\b(?:among|hundreds|thousands|millions|many|most|other)\b|\b\d{1,3}(?:,\d{3})+\b|\b[A-Z][a-z]+s\s+who\b"
)
# A sentence opening with a person's name and an age or role: "Maria Gonzalez, 34," / "Olena, a teacher".
NAMED_INTRO = re.compile(
    r"^(?P<name>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,})(?:\s+(?P<name2>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,}))?,\s+(?:\d{1,2},|(?:a|an)\s+"
    r"(?P<mods>(?:[\w-]+\s+){0,3}?)(?P<role>[a-z0-9][\w-]*)(?=,|\s+(?:from|of|who|in|at|with|and)\b))"
)
# A sentence opening with a person's name as the subject of a movement: "Maria left Maracaibo in March."
NAMED_SUBJECT = re.compile(
    r"^(?P<name>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,})(?:\s+(?P<name2>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,}))?\s+(?:and\s+(?:his|her|their)\s+(?:[\w-]+\s+){1,2})?"
    r"(?:had\s+|has\s+|have\s+|then\s+|finally\s+|first\s+|eventually\s+)?(?=\w+)"
)
# A person introduced by their home: "Sergei, 32 years old, is from Mykolayiv.", "Amina comes from Darfur."
HOME_INTRO = re.compile(
    r"^(?P<name>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,})(?:\s+(?P<name2>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,}))?(?:,\s+[^,.;]{1,40},)?\s+"
    r"(?:is|was|comes|came|hails|hailed)\s+(?:originally\s+)?from\s+(?:the\s+(?:[\w-]+\s+){0,2}?(?:city|town|village|region)\s+of\s+)?"
)
# Capitalised sentence openers that name a group, never one person.
GROUP_NOUNS = frozenset("""people police children women men everyone nobody none many most some all both few
    others staff military army navy coastguard government""".split())
# Sentence openers that are not names.
NOT_NAMES = frozenset(
    """meanwhile today yesterday later however now then still also last next here there instead finally
    eventually recently earlier tonight overall separately elsewhere currently previously since
    they he she we it i you their his her its our this that these those
    after before while when whenever since upon on in at from during despite as once having following with
    without by for of to into across through until unless if although though because where""".split()
)
STOPWORDS = frozenset("the a an one another who whose young old first".split())


# "On Saturday, 701 people made the crossing": the journey just told, made again by others.
SAME_JOURNEY = re.compile(r"\b(?:made|make|makes|making|completed|complete|undertook|undertake|attempted|attempt|tried|"
                          r"risked|risk)\s+(?:the|that|this|this\s+same|the\s+same)\s+(?:[\w-]+\s+)?"
                          r"(?:journey|crossing|trip|passage|voyage|trek)\b", re.I)
# A counted arrival that names no place: "The day before, with 5 boats, 225 had arrived." (the route just told).
ARRIVED_AGAIN = re.compile(r"\b(?:arrived|landed|disembarked|came\s+ashore|made\s+it)\b(?!\s+(?:in|at|on|to|from|into)\b)", re.I)
# "Migrants from Senegal", "refugees from Sudan": the movers' country, named after them.
MOVERS_FROM = re.compile(rf"\b(?:migrants|refugees|asylum[- ]seekers|evacuees|exiles|families)\s+(?:who\s+fled\s+)?from\s+"
                         rf"(?P<p>{TOKEN})", re.I)
LEAVE_COUNTRY = re.compile(
    rf"\b(?:leav(?:e|es|ing)|left|fle(?:e|es|eing|d)|escap\w+|exodus|emigrat\w+)\s+(?:from\s+)?(?P<p>{TOKEN})"
    # Boats and convoys: "had departed on Friday from Libya", "set sail from Nouadhibou".
    rf"|\b(?:depart(?:s|ed|ing)?|set(?:s|ting)?\s+(?:off|out|sail)|sail(?:s|ed|ing)?|embark(?:s|ed|ing)?|"
    rf"launch(?:es|ed|ing)?|cross(?:es|ed|ing)?)\b"
    rf"(?:\s+[\w’'-]+){{0,6}}?\s+from\s+(?P<p2>{TOKEN})", re.I)

# "fleeing the violence in Libya", "escaping persecution in Myanmar": where journeys start.
CONFLICT_WORDS = (r"(?:war|fighting|violence|conflict|bombing|bombardment|shelling|persecution|crackdown|famine|"
                  r"drought|mobili[sz]ation|clashes|unrest)")
FLED_CONFLICT_IN = re.compile(
    rf"\b(?:flee\w*|fled|escap\w+)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?{CONFLICT_WORDS}\s+in\s+(?P<p>{TOKEN})", re.I)

# A sentence that carries the last journey on: "they then took trains to Serbia", "many continued to Austria".
ONWARD = re.compile(r"\b(?:then|afterwards|onwards?|on\s+to|continu(?:e|es|ed|ing)|moved\s+on|went\s+on|headed\s+on|"
                    r"travell?ed\s+on|from\s+(?:there|here|the\s+border|the\s+camp|the\s+port)|after\s+that|next\s+stop)\b", re.I)

# A photo credit closing a caption's own line: "… near Gevgelija in 2015. (AFP photo)", "(Photo: Reuters)".
PHOTO_CREDIT_END = re.compile(r"\((?:[^()\n]{0,40}\s)?(?:photo(?:graph)?|picture|image)s?\b[^()\n]{0,40}\)\s*$", re.I)

# The movers of the sentence before as this one's subject: "They were later moved to Agrigento",
# "Two days later she reached Quito" (not "they said": a report, not a move).
SAME_MOVERS = re.compile(r"^[“\"‘']?\s*(?:(?:[\w-]+\s+){1,4}(?:later|after|afterwards)\s*,?\s+)?"
                         r"(?:they|she|he|we)\b(?!\s+(?:said|say|says|told|added)\b)", re.I)

# A plan after a journey made: "…, hoping to reach Germany", "and now plan to go on to Spain".
PLAN_AFTER = re.compile(r",\s*(?:and\s+)?(?:hoping|planning|intending|aiming|wanting)\s+to\b|"
                        r"\band\s+(?:now\s+)?(?:hope|hopes|plan|plans|want|wants|intend|intends)\s+to\b", re.I)
# A part of a counted group: "with many of them ending up in Poland".
PARTITIVE = re.compile(r"\b(?:many|most|some|half|part|several|a\s+(?:third|quarter|fraction|majority|minority))\s+of\s+"
                       r"(?:them|those|whom)\b", re.I)
# Right before a place the sentence compares with: "Like Georgia, the country …".
COMPARED = re.compile(r"\b(?:[Ll]ike|[Uu]nlike|as\s+in|as\s+with|such\s+as)\s+(?:the\s+)?$")
# A quotation within a text (one witness's words).
QUOTATION = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
# After "the island"/"the town": a name, so a description ("the island of Lesbos"), not a pointer back.
NAMED_AFTER = re.compile(r"\s+(?:of\s+)?(?-i:[A-Z])")

# Journeys back into the movers' own country.
# "38,100 migrants passed through Chaman": a town passed through on the way, with no destination named.
PASSED_THROUGH = re.compile(r"\b(?:pass(?:ed|es|ing)?|went|go(?:es|ing)?|came|com(?:es|ing)|poured|streamed|moved)\s+"
                            r"(?:back\s+)?through\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)
RETURN_CUE = re.compile(r"\b(?:return\w*|deport\w*|repatriat\w*|expel\w*|expuls\w*|sent\s+(?:back|home)|"
                        r"forced\s+(?:back|out)|back\s+(?:home|to|into|across)|re-?enter\w*|went\s+home)\b", re.I)

# The sea a boat set out on: "rescued in the waters off Libya", "off the coast of Senegal".
OFF_COUNTRY = re.compile(rf"\boff\s+(?:the\s+(?:coast|coastline|shores?)\s+of\s+)?(?P<p>{TOKEN})", re.I)
# ... unless the boat was lost there: "capsized off Tenerife" is where the journey ended.
WRECKED_BEFORE = re.compile(r"\b(?:capsiz\w+|sank|sunk|sinking|overturned|aground|shipwreck\w*|went\s+down|foundered)\b"
                            r"[^.;⟨]{0,30}$", re.I)

# "the Norwegian border" names a place; "Pakistani border officials" name people.
DEMONYM_BORDER = re.compile(
    r"\b(?P<w>[A-Z][a-z]+)\s+(?:border|frontier|enclave|mainland)\b(?!\s+(?:officials?|guards?|police|authorit\w+|agenc\w+|"
    r"forces?|services?|troops|officers?|staff|personnel|patrols?|agents?)\b)")



# "Slovenian police said …": the authorities of a country report what reached it.
DEMONYM_REPORTER = re.compile(
    r"\b(?P<w>[A-Z][a-z]+)\s+(?:police|officials|authorities|government|interior\s+ministry|border\s+(?:police|guards?)|"
    r"coast\s*guards?|navy)\s+(?:said|says|reported|announced|recorded|registered)\b")

# Those who guard a border, after a demonym: "Greek border guards", "Bulgarian police".
_ENFORCERS = r"(?:border\s+)?(?:guards?|police|authorities|forces|coast\s*guards?|officers|troops|soldiers|patrols?|army|navy)"
# "pushed back by Greek border guards": the country whose guards push people back.
DEMONYM_ENFORCER = re.compile(rf"\bby\s+(?:the\s+)?(?P<w>[A-Z][a-z]+)\s+{_ENFORCERS}\b")
# "Bulgarian border police stopped 1,500 people from crossing": the country whose guards stop people.
DEMONYM_STOPPER = re.compile(
    rf"\b(?P<w>[A-Z][a-z]+)\s+{_ENFORCERS}\s+(?:have\s+|has\s+|had\s+)?(?:stopped|prevented|blocked|intercepted|caught|"
    r"detained|apprehended|thwarted|foiled|(?:turned|pushed|forced)\s+(?:[\w’'-]+\s+){0,4}?back)\b")

# "intercepted by the Italian coastguard and escorted to Lampedusa": stopped by the destination's own guards, and landed.
OWN_COASTGUARD = re.compile(r"\b(?:intercepted|stopped|picked\s+up|rescued)\s+by\s+(?:the\s+)?(?P<w>[A-Z][a-z]+)\s+"
                            r"(?:coast\s*guards?|navy|border\s+force|border\s+police)\b")

SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")




# Named corridors whose crossing says where a journey starts and ends, whatever the movers'
# nationality: (name pattern, the side journeys leave from, the side they reach). The sides are
# the usual direction of migration news; a sentence that names its own ends keeps them.
# Names are case-sensitive ("the Channel", not "a TV channel").
CORRIDORS: tuple[tuple[str, str, str], ...] = (
    (r"(?:English\s+)?Channel", "FR", "GB"),
    (r"Strait\s+of\s+Gibraltar", "MA", "ES"),
    (r"Aegean(?:\s+Sea)?", "TR", "GR"),
    (r"Dari[eé]n(?:\s+Gap)?", "CO", "PA"),
    (r"Rio\s+Grande", "MX", "US"),
    (r"(?:Evros|Maritsa)(?:\s+[Rr]iver)?", "TR", "GR"),
    (r"Naa?f(?:\s+[Rr]iver)?", "MM", "BD"),
)
# The corridor as a place (``data/border_crossings.csv``), a stop between its sides; None: no point to draw.
CORRIDOR_PLACES: tuple[str | None, ...] = ("English Channel", "Strait of Gibraltar", "Aegean Sea", "Darién Gap", None,
                                           "Evros River", "Naf River")


def _corridor_names(tag: str) -> str:
    return "|".join(f"(?P<{tag}{i}>{name})" for i, (name, _, _) in enumerate(CORRIDORS))


# "crossed the Channel", "across the Aegean", "Channel crossings".
CORRIDOR_CROSSING = re.compile(
    r"\b(?i:cross(?:ed|es|ing)?|across|travers\w+|trek(?:ked|king|s)?\s+through|made\s+it\s+(?:across|through))\s+"
    r"(?i:the\s+)?(?i:(?:dangerous|perilous|deadly|treacherous|busy|notorious|notoriously\s+\w+)\s+)?"
    rf"(?:{_corridor_names('c')})\b"
    rf"|\b(?:{_corridor_names('d')})\s+(?i:crossings?)\b")


# A corridor named anywhere: its departure side is where the story's journeys start ("the Darién": Colombia).
CORRIDOR_NAME = re.compile(rf"\b(?:{_corridor_names('n')})\b")

# Literal parts of the corridor names: a sentence without any of them is not read further.
CORRIDOR_WORDS = ("Channel", "Gibraltar", "Aegean", "Dari", "Grande", "Evros", "Maritsa", "Naf")


def corridor_sides(sentence: str) -> tuple[str, str, str | None] | None:
    """(from, to, place name) of the corridor a sentence says people crossed, or None."""
    if not any(w in sentence for w in CORRIDOR_WORDS):
        return None
    m = CORRIDOR_CROSSING.search(sentence)
    if m is None:
        return None
    i = next(int(k[1:]) for k, v in m.groupdict().items() if v)
    return CORRIDORS[i][1], CORRIDORS[i][2], CORRIDOR_PLACES[i]


# A move of people already held somewhere (a camp, a hotspot, an island): "80 migrants left for Porto Empedocle",
# "were transferred to Taranto", "will be shifted to the mainland". It starts where the story is set.
TRANSFER = re.compile(r"\b(?:transferr?(?:ed|ing|s)?|relocat(?:ed|ing|es?)|shift(?:ed|ing|s)?|moved|bus(?:s)?ed|ferried|"
                      r"(?:left|leave|leaves|leaving|departed|sailed)\s+for|(?:taken|brought|flown)\s+to)\b", re.I)

# A destination named as a bloc or a macro-region, which is no place of the map: "to Europe", "into the EU".
MACRO_DESTINATION = re.compile(r"\b(?:to|into|for|towards?|reach(?:ed|ing)?|enter(?:ed|ing)?)\s+(?:the\s+)?(?:western\s+|northern\s+)?"
                               r"(?:Europe|EU|European\s+Union|Schengen(?:\s+(?:area|zone))?|West|Gulf|Americas|Asia|Africa)\b")

# A wire dateline opening a story: "ADRE, Chad (AP) — ", "KYIV, Feb 25 (Reuters) - ", "LONDON: ".
DATELINE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’. -]{2,40}(?:,\s+[A-Z][\w.'’ -]{1,30})?\s*(?:\([\w .,/-]{1,30}\)\s*)?"
                      r"(?:--|—|–|-|:)\s+")

# Candidate legs (:mod:`pipeline.routes.candidates`): the nearest of these words before a name marks it
# as where a journey starts ("from") or where it goes ("to").
CAND_CUE = re.compile(
    r"\b(?:(?P<from>from|fled|fle(?:e|es|eing)|left|leav(?:e|es|ing)|escap(?:e|ed|es|ing)|out\s+of|"
    r"depart(?:s|ed|ing)?)|"
    r"(?P<to>to|into|towards?|reach(?:ed|es|ing)?|enter(?:s|ed|ing)?|in|at|for|bound|via|through|across))\b",
    re.IGNORECASE)
