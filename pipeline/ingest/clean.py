"""Strip text that is not the article: site chrome, link lists, captions, credits.

Cleaning only ever drops whole lines (or a leading "date 2022-09-27" marker),
turns exotic spaces into plain ones and collapses blank-line runs. It never
rewrites a kept sentence, because every offset downstream points into the
cleaned text and every citation must be a verbatim quote of the source.

The rules are general signals kept in two tables, each rule named so a test
can exercise it alone:

* :data:`LINE_RULES` judge one line at a time (boilerplate phrases, credits,
  file names, tickers, keyword lines, ...);
* :data:`CONTEXT_RULES` judge a line by its neighbours (captions beside a
  credit line, repeated lines, pull quotes, menu runs, leading and trailing
  site chrome).

Lines that read as sentences (ending in . ! ? or a closing quote, or holding
a quotation) are protected from every structural heuristic; only a few
anchored phrase rules ("Follow X on Twitter.") may drop them.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from pipeline.text.dates import MONTH_WORD, month_number
from pipeline.text.tokens import words

# Spaces that NFKC folds into " " (so scoring sees no difference) but that
# break naive matching downstream; replaced one-for-one, offsets unchanged.
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_DOUBLE_QUOTES = set("“”\"«»„")
_CLOSERS = "”\"’'»)"
_BULLET = re.compile(r"^[•·▪◦‣●○■□➤►▶*+\-–—]\s+")
_ELLIPSIS = ("…", "...")
_ENDERS = frozenset(".!?。！？؟।")

# ---------------------------------------------------------------- dates

_MONTH = MONTH_WORD + r"\.?"
_DATE_FORMS = (
    r"(?P<y1>\d{4})[-/](?P<m1>\d{1,2})[-/](?P<d1>\d{1,2})",
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MONTH}),?\s+(?P<y2>\d{{4}})",
    rf"(?P<mon3>{_MONTH})\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})",
    r"(?P<d4>\d{1,2})\.(?P<m4>\d{1,2})\.(?P<y4>\d{4})",
)
_DATE = "(?:" + "|".join(_DATE_FORMS) + ")"
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?(?:[A-Z]{2,5}|UTC[+-]?\d*|GMT[+-]?\d*)\)?)?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?"
_LABEL = (r"(?:date|dated|published(?:\s+on)?|posted(?:\s+on)?|updated(?:\s+on)?"
          r"|last\s+(?:updated|modified)(?:\s+on)?|modified(?:\s+on)?|first\s+published|publication\s+date)")
_SEP = r"\s*(?:,|at|\||-|–|—|·)?\s*"
_DATE_RE = re.compile(_DATE, re.I)
_DATELINE_RE = re.compile(
    rf"^(?:{_LABEL}\s*:?\s*)?(?:{_WEEKDAY}\s+)?{_DATE}(?:{_SEP}{_TIME})?\s*$", re.I)
# A labelled date (or an ISO date) opening a line that then goes on with text.
_DATE_PREFIX_RE = re.compile(
    rf"^(?:{_LABEL}\s*:?\s*(?:{_WEEKDAY}\s+)?{_DATE}(?:{_SEP}{_TIME}(?=\s))?"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[ T]\d{{2}}:\d{{2}}(?::\d{{2}})?)?)\s*[|·–—:-]?\s+(?=\S)",
    re.I)
_PREFIX_LINES = 5  # a date marker only counts in the first few lines
_PULL_QUOTE_WORDS = 6  # shorter repeats ("Twenty!") are left alone


def _iso(match: re.Match) -> str | None:
    g = {k: v for k, v in match.groupdict().items() if v}
    year = int(next(v for k, v in g.items() if k.startswith("y")))
    day = int(next(v for k, v in g.items() if k.startswith("d")))
    month_txt = next((v for k, v in g.items() if k.startswith("mon")), None)
    if month_txt:
        month = month_number(month_txt)
    else:
        month = int(next(v for k, v in g.items() if k.startswith("m")))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """ISO date of the first date written in ``text``, or None.

    Understands 2022-09-27, 27 September 2022, 27th of Sept 2022,
    September 27, 2022 and 27.09.2022; impossible dates give None.
    """
    for match in _DATE_RE.finditer(text):
        iso = _iso(match)
        if iso:
            return iso
    return None


def dateline_date(line: str) -> str | None:
    """ISO date when ``line`` is a dateline, or starts with a labelled date.

    A dateline is only a date, perhaps with a label ("Published:"), a weekday
    and a time ("27 September 2022, 10.09am"). Dates inside sentences do not
    count: "On September 26, one man biked ..." is an event, not a dateline.
    """
    line = _SPACES.sub(" ", line).strip()
    match = _DATELINE_RE.match(line) or _DATE_PREFIX_RE.match(line)
    return parse_date(match.group(0)) if match else None


# ---------------------------------------------------------------- line helpers

def has_quotes(text: str) -> bool:
    """True when the text holds a double-quoted quotation."""
    return any(c in _DOUBLE_QUOTES for c in text)


def ends_sentence(text: str) -> bool:
    """True when the text ends like a sentence: . ! ? or a closing double quote.

    An ellipsis is a truncated teaser, not an ending; a closing single quote
    only counts after . ! ? because it is also the headline quote style.
    """
    text = text.rstrip()
    if not text or text.endswith(_ELLIPSIS):
        return False
    if text[-1] in "”\"»":
        return True
    return text.rstrip(_CLOSERS)[-1:] in _ENDERS


def is_body_like(text: str) -> bool:
    """True when a line reads as article prose and heuristics must keep it."""
    return ends_sentence(text) or has_quotes(text)


def _norm_key(text: str) -> str:
    return " ".join(w.lower() for w in words(text))


# ---------------------------------------------------------------- line rules

@dataclass(frozen=True)
class LineRule:
    """A named test on one line.

    ``max_words`` bounds the lines it may touch; unless ``sentences`` is set
    the rule never drops a line that reads as prose (:func:`is_body_like`).
    """

    name: str
    test: Callable[[str], bool]
    max_words: int = 40
    sentences: bool = False
    doc: str = ""

    def drops(self, line: str, n_words: int | None = None, body_like: bool | None = None) -> bool:
        if (len(words(line)) if n_words is None else n_words) > self.max_words:
            return False
        if not self.sentences and (is_body_like(line) if body_like is None else body_like):
            return False
        return self.test(line)


def _rx(pattern: str, flags: int = re.I) -> Callable[[str], bool]:
    compiled = re.compile(pattern, flags)
    return lambda line: compiled.search(line) is not None


# Interface labels that stand alone on a line (compared lower-cased).
UI_LABELS = frozenset(
    "advertisement|advert|sponsored|sponsored content|paid content|partner content|"
    "premium|premium content|more info|more information|menu|main menu|main navigation|"
    "toggle navigation|search|close|log in|login|log out|sign in|sign out|register|"
    "subscribe|subscribers only|home|homepage|print|share|share this|email|copy link|"
    "bookmark|save|listen|play|watch|video|audio|photos|gallery|comments|show more|"
    "load more|see more|view more|read more|continue reading|most read|most popular|"
    "trending|top stories|latest news|breaking news|next|previous|next article|"
    "previous article|cookies|accept cookies|manage cookies|skip to content|"
    "story continues below|article continues below|advertisement continues below|"
    "scroll to continue|scroll to continue with content".split("|")
)

UI_WORDS = frozenset("""
audio available bookmark check language close comment comments copy download email
facebook flipboard instagram link linkedin mail messenger newsletter newsletters
pinterest play print reddit rss save search share telegram tiktok tumblr twitter
viber vk whatsapp x youtube yourdata menu login logout subscribe print listen
""".split())

PHOTO_AGENCIES = (
    r"getty\s*images|afp|reuters|ap(?:\s+photo)?|epa(?:-efe)?|alamy(?:\s+stock\s+photo)?"
    r"|shutterstock|anadolu(?:\s+agency)?|tass|sputnik|ria\s+novosti|xinhua|efe|dpa"
    r"|picture\s+alliance|sipa(?:\s+usa?)?|zuma(?:\s+press)?|rfe/rl|wikimedia\s+commons"
)
_CREDIT_WORDS = (r"photo(?:graph)?s?|images?|pictures?|pic|credits?|cover\s+(?:image|photo)"
                 r"|(?:top|main|header|featured|lead)\s+(?:image|photo)|illustration|graphic"
                 r"|video|source|(?:photo|image)\s+(?:credit|source|caption)|caption")
_FILE_EXT = r"jpe?g|png|gif|webp|svg|tiff?|bmp|heic|avif|mp4|mov|webm|pdf"
_SOCIAL = (r"twitter|x|facebook|instagram|telegram|linkedin|tiktok|youtube|mastodon"
           r"|bluesky|threads|whatsapp|substack")
_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"  # one to four capitalised words
_TIME_UNITS = (r"s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?"
               r"|mos?|months?|y|yrs?|years?")


_INLINE_CREDIT = re.compile(
    r"\b(?:photo(?:graph)?s?|images?|pictures?|credits?)\s*:\s*[^!?]{2,80}(?<![.!?”\"])$"
    rf"|(?:/\s*|\bvia\s+)(?:{PHOTO_AGENCIES})\b[^.!?]*$"
    rf"|\((?:{PHOTO_AGENCIES})(?:\s+photo)?\s*/[^)]*\)$", re.I)
_SENTENCE_GAP = re.compile(r"[.!?][\"'”’)\]]*\s")


def caption_text(line: str) -> str | None:
    """The caption of a line that ends with its photo credit, without the credit, or None.

    Captions are article text (they often say who went where); the credit after
    them is not: "Migrants queue at the port of X. [Jane Doe/AFP]" keeps its first sentence.
    """
    credit = _INLINE_CREDIT.search(line)
    if credit is None:
        return None
    ends = [m.start() + 1 for m in _SENTENCE_GAP.finditer(line, 0, credit.start() + 1)]
    if ends:
        caption = line[:ends[-1]].rstrip()
    else:
        # "Migrants rest at a shelter in Tapachula (AP Photo/Jane Doe)": the caption before the bracket.
        opener = max(line.rfind("(", 0, credit.start() + 1), line.rfind("[", 0, credit.start() + 1))
        caption = line[:opener].rstrip(" ,;:–—-") if opener > 0 else ""
    return caption if len(words(caption)) >= 5 and (ends_sentence(caption) or not ends) else None


def _ui_label(line: str) -> bool:
    return _norm_key(line) in UI_LABELS


_LINK = re.compile(r"\[[^\]\n]*\]\([^)\s]*\)|<?(?:https?://|www\.)\S+")
_MENU_SEP = re.compile(r"\s+[|›»•·/>]\s+|\s*\|\s*")


def _link_line(line: str) -> bool:
    linked = sum(len(m.group(0)) for m in _LINK.finditer(line))
    return linked >= 0.5 * len(line.strip())


def _menu_line(line: str) -> bool:
    items = [x for x in _MENU_SEP.split(line.strip()) if x]
    return len(items) >= 3 and all(len(words(x)) <= 4 for x in items)


def _ui_word_line(line: str) -> bool:
    ws = [w.lower() for w in words(line)]
    return len(ws) >= 4 and sum(w in UI_WORDS for w in ws) >= 0.6 * len(ws)


def _keyword_line(line: str) -> bool:
    text = _BULLET.sub("", line.strip())
    # Needs lower-case letters: scripts without case are never "all lowercase".
    return (len(words(text)) >= 3 and text == text.lower() and any(c.islower() for c in text)
            and re.fullmatch(r"[^\W\d_]+(?:[ ,;|/#-]+[^\W\d_]+)+", text) is not None)


def _ticker(line: str) -> bool:
    tokens = line.split()
    if not tokens or len(tokens) > 8:
        return False
    with_digits = sum(any(c.isdigit() for c in t) for t in tokens)
    return (re.search(r"(?:^|\s)[+\-−]\d+(?:[.,]\d+)?%?$", line) is not None
            or re.match(r"^(?:buy|sell|bid|ask|open|close|high|low|vol(?:ume)?)\b\.?\s*[\d.,]+",
                        line, re.I) is not None
            or (with_digits >= 2 and with_digits >= 0.4 * len(tokens)))


def _time_ago(line: str) -> bool:
    match = re.match(rf"^(?P<bullet>{_BULLET.pattern[1:]})?\d{{1,3}}\s*(?:{_TIME_UNITS})\b(?:\s+ago)?\s+\S",
                     line, re.I)
    return match is not None


def _dateline(line: str) -> bool:
    return _DATELINE_RE.match(line) is not None


# Order matters only for which name a test sees; every rule drops the line.
LINE_RULES: tuple[LineRule, ...] = (
    LineRule("separator", lambda line: not any(c.isalnum() for c in line), sentences=True,
             doc="a line with no letters or digits: '---', '* * *'"),
    LineRule("dateline", _dateline, max_words=12, sentences=True,
             doc="a line that is only a (labelled) date and time"),
    LineRule("newsletter", _rx(
        r"\b(?:sign[ -]?up|subscribe)\b.{0,40}\bnewsletters?\b|\bnewsletters?\b.{0,40}\bsign[ -]?up\b"
        r"|^(?:get|join|receive|sign up for)\b.{0,40}\b(?:newsletters?|e-?mails)\b"
        r"|\bfree\b.{0,40}\bnewsletters?\b|\bnewsletters? for (?:you|everyone)\b|\bour newsletters?\b"),
        max_words=30, sentences=True, doc="newsletter prompts, even when written as a sentence"),
    LineRule("sign_up", _rx(r"\b(?:sign[ -]?up|subscribe)\b"), max_words=20,
             doc="a sign-up or subscribe prompt that is not a sentence"),
    LineRule("promo_blurb", _rx(
        r"\b(?:weekly|daily|monthly) (?:summary|digest|briefing|round-?up|newsletter)\b"
        r"|\bour (?:latest|best|top|most popular) (?:stories|news|articles|reporting|journalism|headlines)\b"
        r"|\b(?:to|in) your inbox\b"),
        max_words=30, sentences=True, doc="blurbs that sell the site's own output"),
    LineRule("social_follow", _rx(
        rf"^(?:follow|join us)\b.{{0,60}}\bon (?:{_SOCIAL})\b"
        r"|^(?:share|tweet|e-?mail|print)\s+(?:this|on)\b|^share (?:this )?(?:article|story|page|post)\b"),
        max_words=15, sentences=True, doc="follow/share prompts"),
    LineRule("related_link", _rx(
        r"^(?:related(?: articles?| stories| content| coverage)?|read more|read also|also read|see also"
        r"|more on this(?: story)?|recommended|watch|listen|further reading|more from [^:]{1,40}"
        r"|you (?:may|might) also (?:like|be interested in)|editor'?s picks?)\s*:"
        r"|^you (?:may|might) also (?:like|be interested in)\b"),
        max_words=25, sentences=True, doc="'Related: ...' and similar link lines"),
    LineRule("more_stories", _rx(
        r"^(?:more|most|top)\b.{0,30}\b(?:reads?|stories|popular|viewed|headlines|news)\b"),
        max_words=10, doc="'More Top Reads From X' section headers"),
    LineRule("app_promo", _rx(
        r"\b(?:download|get|install)\b.{0,40}\bapps?\b|\bapps? (?:today|now)\b|\bapp store\b|\bgoogle play\b"),
        max_words=12, doc="'Download our app' prompts"),
    LineRule("navigation", _rx(
        r"^(?:back to (?:top|homepage|home|index|news|search results|the article)|skip to (?:main )?content"
        r"|go to (?:homepage|top)|return to (?:top|homepage|home))\b"),
        max_words=6, sentences=True, doc="site navigation links"),
    LineRule("comments", _rx(
        r"^(?:leave|post|add|write|view|show|hide|load)(?: a| your| all| the)? comments?\b"
        r"|^\d+\s+comments?$|^comments?\s*(?:\(\d+\))?$"),
        max_words=6, sentences=True, doc="comment prompts: 'Leave a comment', 'Comments (12)'"),
    LineRule("comment_policy", _rx(
        r"\bcomment(?:ing)? (?:guidelines|policy|policies)\b|\bcomments? (?:are|is) (?:closed|moderated)\b"),
        max_words=40, sentences=True, doc="the site's comment policy"),
    LineRule("support_ask", _rx(
        r"\b(?:donate|make a donation|support (?:our|independent|quality) (?:journalism|reporting|work)"
        r"|become a (?:member|patron|supporter|subscriber)|readers like you)\b"),
        max_words=60, sentences=True, doc="donation and membership asks"),
    LineRule("link_line", _link_line, max_words=80, sentences=True,
             doc="a line that is mostly URLs or markdown links"),
    LineRule("menu_line", _menu_line, doc="menu items in one line: 'Home | News | World'"),
    LineRule("ui_label", _ui_label, max_words=5, sentences=True,
             doc="a lone interface label: 'More Info', 'Premium Content', 'Share'"),
    LineRule("ui_word_line", _ui_word_line, doc="a row of icon labels: 'Share Twitter Email Print'"),
    LineRule("copyright", _rx(r"^(?:\(c\)|©|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b"),
             max_words=30, sentences=True, doc="copyright and image-rights lines"),
    LineRule("image_credit", _rx(rf"^(?:{_CREDIT_WORDS})\s*(?:by\b|:|,)"),
             max_words=30, sentences=True, doc="'PHOTO: ...', 'Credit: ...', 'Cover image: ...'"),
    LineRule("inline_credit", _INLINE_CREDIT.search, max_words=45, sentences=True,
             doc="a caption ending with its credit (the caption itself is kept, see caption_text)"),
    LineRule("file_name", _rx(rf"^\S.{{0,150}}\.(?:{_FILE_EXT})$"), max_words=15, sentences=True,
             doc="an image or document file name"),
    LineRule("byline", _rx(
        rf"^(?i:by|words by|reporting by|written by|text by)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*(?:\s*[|,–—-].*)?$"
        r"|^[\w/.&' -]{2,40}\s+(?i:staff(?: writers?)?|reporters?|correspondents?|newsroom|news desk"
        r"|desk|editorial team|editors)$", 0),
        max_words=12, doc="bylines: 'By Jane Doe', 'RFE/RL staff'"),
    LineRule("tag_line", _rx(r"^(?:tags|topics|keywords|filed under|categories|category|subjects?)\s*:"),
             max_words=40, sentences=True, doc="'Tags: ...' lines"),
    LineRule("keyword_line", _keyword_line, doc="an all-lowercase run of keywords"),
    LineRule("time_ago", _time_ago, max_words=30,
             doc="headline lists stamped '3 minutes', '11 days ago'"),
    LineRule("ticker", _ticker, max_words=16, doc="stock tickers and quotes: 'EXXON Mobil -0.35'"),
    LineRule("truncated_teaser", lambda line: line.rstrip().endswith(_ELLIPSIS), max_words=40,
             doc="a teaser cut off with an ellipsis"),
)

# ---------------------------------------------------------------- units


@dataclass(frozen=True)
class Unit:
    """A line of the text, or a hard-wrapped paragraph judged as one line."""

    block: int
    lines: tuple[str, ...]

    @cached_property
    def text(self) -> str:
        return " ".join(self.lines)

    @cached_property
    def n_words(self) -> int:
        return len(words(self.text))

    @cached_property
    def body_like(self) -> bool:
        return is_body_like(self.text)

    @cached_property
    def key(self) -> str:
        """Lower-cased words only: equal for copies that differ in punctuation."""
        return _norm_key(self.text)


def _continues(prev: str, nxt: str) -> bool:
    if ends_sentence(prev) or not nxt:
        return False
    return nxt[0].islower() or prev.endswith((",", ";", "-", "–", "—"))


def _is_wrapped(lines: Sequence[str]) -> bool:
    """True for a paragraph hard-wrapped over several lines (plain-text email style)."""
    if len(lines) < 2 or sum(map(len, lines)) / len(lines) < 30:
        return False
    breaks = [_continues(a, b) for a, b in zip(lines, lines[1:])]
    return sum(breaks) >= max(1, len(breaks) / 2)


def normalise_spaces(text: str) -> list[str]:
    """Lines of ``text`` with exotic spaces made plain and ends trimmed."""
    return [_SPACES.sub(" ", line).strip() for line in text.splitlines()]


def _strip_date_prefix(lines: list[str]) -> list[str]:
    out, seen = [], 0
    for line in lines:
        if line and seen < _PREFIX_LINES:
            seen += 1
            match = _DATE_PREFIX_RE.match(line)
            if match and parse_date(match.group(0)):
                line = line[match.end():]
        out.append(line)
    return out


def _units(lines: Sequence[str]) -> list[Unit]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    units = []
    for b, block in enumerate(x for x in blocks if x):
        if _is_wrapped(block):
            units.append(Unit(b, tuple(block)))
        else:
            units.extend(Unit(b, (line,)) for line in block)
    return units


# ---------------------------------------------------------------- context rules

Verdicts = list  # list[str | None]: the rule that dropped each unit, or None


def _kept(verdicts: Verdicts) -> list[int]:
    return [i for i, v in enumerate(verdicts) if v is None]


_CREDIT_LABEL = re.compile(rf"^(?:{_CREDIT_WORDS})\s*(?:by\b|:|,)?\s*$", re.I)


def _credit_captions(units: Sequence[Unit], verdicts: Verdicts) -> dict[int, str]:
    """A short non-sentence beside a credit line is that picture's caption.

    A credit with a name ("Credit: Mgorod.kz") closes its caption, so the
    caption is the line before; a bare label ("Image caption,") opens it, so
    the caption is the line after. The first line is left alone: it is far
    more often the headline than a caption.
    """
    out = {}
    for i, v in enumerate(verdicts):
        if v not in ("image_credit", "copyright"):
            continue
        j = i + 1 if _CREDIT_LABEL.match(units[i].text) else i - 1
        if 0 < j < len(units) and verdicts[j] is None and not units[j].body_like and units[j].n_words <= 30:
            out[j] = "credit_caption"
    return out


def _repeated_lines(units: Sequence[Unit], verdicts: Verdicts) -> dict[int, str]:
    """Repeated chrome goes entirely; a repeated sentence keeps its first copy."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, unit in enumerate(units):
        if unit.key:
            groups[unit.key].append(i)
    out = {}
    for idxs in groups.values():
        if len(idxs) < 2:
            continue
        kept = [i for i in idxs if verdicts[i] is None]
        if units[idxs[0]].body_like:
            kept = kept[1:]
        out.update((i, "repeated_line") for i in kept)
    return out


def _pull_quotes(units: Sequence[Unit], verdicts: Verdicts) -> dict[int, str]:
    """A line repeated inside a longer line (a pull quote) is a copy; drop it."""
    n = _PULL_QUOTE_WORDS
    padded = {i: f" {units[i].key} " for i in _kept(verdicts)}
    # Index every n-word window so each candidate is checked against the few
    # lines that share its opening words, not against every line.
    windows: dict[str, set[int]] = defaultdict(set)
    for i in padded:
        toks = units[i].key.split()
        for k in range(len(toks) - n + 1):
            windows[" ".join(toks[k:k + n])].add(i)
    out = {}
    for i, key in padded.items():
        toks = units[i].key.split()
        if len(toks) < n:
            continue
        hosts = windows[" ".join(toks[:n])] - {i}
        if any(len(padded[j]) > len(key) and key in padded[j] for j in hosts):
            out[i] = "pull_quote"
    return out


def _anchors(units: Sequence[Unit], verdicts: Verdicts) -> tuple[int, int]:
    """Index of the first and last kept line of real prose (or -1, -1)."""
    body = [i for i in _kept(verdicts)
            if units[i].n_words >= 8 and ends_sentence(units[i].text)]
    return (body[0], body[-1]) if body else (-1, -1)


def _runs(indices: Sequence[int], member: Callable[[int], bool], min_len: int, verdict: str) -> dict[int, str]:
    """``verdict`` for every run of at least ``min_len`` consecutive ``indices`` that are members."""
    out, run = {}, []
    for i in [*indices, None]:
        if i is not None and member(i):
            run.append(i)
            continue
        if len(run) >= min_len:
            out.update((j, verdict) for j in run)
        run = []
    return out


def _short_runs(units: Sequence[Unit], verdicts: Verdicts) -> dict[int, str]:
    """Three or more short non-sentences in a row are a menu or link list."""
    return _runs(_kept(verdicts), lambda i: not units[i].body_like and units[i].n_words <= 6, 3, "short_run")


def _bullet_runs(units: Sequence[Unit], verdicts: Verdicts) -> dict[int, str]:
    """Bulleted lists of headline-like items before or after the article."""
    first, last = _anchors(units, verdicts)

    def bullet(i: int) -> bool:
        u = units[i]
        return not (first <= i <= last) and not u.body_like and u.n_words <= 15 and bool(_BULLET.match(u.text))

    return _runs(_kept(verdicts), bullet, 2, "bullet_run")


def _lead_chrome(units: Sequence[Unit], verdicts: Verdicts) -> dict[int, str]:
    """Before the first paragraph of prose, lines of three words or fewer
    ("oDR: Feature", a bare author name) are chrome, provided a longer line
    is there to be the headline; a short headline alone is kept."""
    first, _ = _anchors(units, verdicts)
    lead = [i for i in _kept(verdicts)
            if (first < 0 or i < first) and not units[i].body_like]
    short = [i for i in lead if units[i].n_words <= 3]
    if len(short) == len(lead):
        return {}
    return {i: "lead_chrome" for i in short}


def _tail_chrome(units: Sequence[Unit], verdicts: Verdicts) -> dict[int, str]:
    """After the last paragraph of prose, short non-sentences are chrome."""
    _, last = _anchors(units, verdicts)
    if last < 0:
        return {}
    return {i: "tail_chrome" for i in _kept(verdicts)
            if i > last and not units[i].body_like and units[i].n_words <= 12}


_SITE_VOICE = re.compile(r"\b(?:you|your|our)\b", re.I)


def _tail_card(units: Sequence[Unit], verdicts: Verdicts) -> dict[int, str]:
    """A headline and one or two unquoted paragraphs addressing the reader
    ("our speakers will help you ..."), right before the trailing chrome,
    are a promo card for another page, not the article's last section."""
    if not units or verdicts[-1] is None:
        return {}
    end = len(units)
    while end > 0 and verdicts[end - 1] is not None:
        end -= 1
    before = [i for i in _kept(verdicts) if i < end][-3:]
    for k, h in enumerate(before):
        rest = before[k + 1:]
        if (not units[h].body_like and units[h].n_words <= 12 and 1 <= len(rest) <= 2
                and not any(has_quotes(units[i].text) for i in rest)
                and any(_SITE_VOICE.search(units[i].text) for i in rest)):
            return {i: "tail_card" for i in [h, *rest]}
    return {}


CONTEXT_RULES: tuple[tuple[str, Callable[[Sequence[Unit], Verdicts], dict[int, str]]], ...] = (
    ("credit_caption", _credit_captions),
    ("repeated_line", _repeated_lines),
    ("pull_quote", _pull_quotes),
    ("short_run", _short_runs),
    ("bullet_run", _bullet_runs),
    ("lead_chrome", _lead_chrome),
    ("tail_chrome", _tail_chrome),
    ("tail_card", _tail_card),
)

RULE_NAMES = tuple(r.name for r in LINE_RULES) + tuple(name for name, _ in CONTEXT_RULES)

# ---------------------------------------------------------------- entry points


def _prose_with_ellipsis(units: Sequence[Unit], verdicts: Verdicts) -> list[int]:
    """Lines ending in an ellipsis that sit inside the body, between two kept prose paragraphs.

    A teaser is one headline-like fragment cut off with "..."; a writer's own
    trailing "..." ends a paragraph of several sentences ("They could not fly
    direct. They had to make a detour to Phuket first...") with prose on both sides.
    """
    def prose(j: int) -> bool:
        return 0 <= j < len(units) and verdicts[j] is None and units[j].body_like
    return [i for i, v in enumerate(verdicts)
            if v == "truncated_teaser" and _SENTENCE_GAP.search(units[i].text) and prose(i - 1) and prose(i + 1)]


def _judge(text: str) -> tuple[list[Unit], Verdicts]:
    lines = _strip_date_prefix(normalise_spaces(text))
    units = _units(lines)
    verdicts: Verdicts = [
        next((r.name for r in LINE_RULES if r.drops(u.text, u.n_words, u.body_like)), None) for u in units]
    for i in _prose_with_ellipsis(units, verdicts):
        verdicts[i] = None
    for _, rule in CONTEXT_RULES:
        for i, name in rule(units, verdicts).items():
            if verdicts[i] is None:
                verdicts[i] = name
    return units, verdicts


def explain(text: str) -> list[tuple[str, str | None]]:
    """Every line (or wrapped paragraph) with the rule that drops it, or None if kept."""
    units, verdicts = _judge(text)
    return [(u.text, v) for u, v in zip(units, verdicts)]


def clean_text(text: str) -> str:
    """The article body of ``text`` with non-article lines removed.

    Paragraphs stay separated by a blank line; lines kept from one paragraph
    stay joined by a single newline.
    """
    units, verdicts = _judge(text)
    blocks: dict[int, list[str]] = {}
    for unit, verdict in zip(units, verdicts):
        if verdict is None:
            blocks.setdefault(unit.block, []).extend(unit.lines)
        elif verdict == "inline_credit" and len(unit.lines) == 1 and (caption := caption_text(unit.text)):
            blocks.setdefault(unit.block, []).append(caption)
    return "\n\n".join("\n".join(lines) for lines in blocks.values())
