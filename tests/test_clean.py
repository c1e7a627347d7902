"""Boilerplate stripping: one example per rule, body text that must survive,
dates, and the seed articles (slow)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.ingest.clean import RULE_NAMES, clean_text, dateline_date, explain, parse_date

DATA = Path(__file__).parent / "data" / "ingest"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

BODY = "Thousands of families crossed the river into the neighbouring country on Monday, officials said."
BODY2 = "Most of them plan to stay with relatives until the fighting ends, according to aid workers."

# (rule, text, the line that rule must drop)
RULE_CASES = [
    ("separator", f"{BODY}\n\n* * *\n\n{BODY2}", "* * *"),
    ("dateline", f"Published: 3 March 2023\n\n{BODY}", "Published: 3 March 2023"),
    ("newsletter", f"{BODY}\n\nWhatever your interests, there's a free newsletter for you.",
     "Whatever your interests, there's a free newsletter for you."),
    ("sign_up", f"{BODY}\n\nSign up here for updates", "Sign up here for updates"),
    ("promo_blurb", f"{BODY}\n\nA daily digest of the stories that matter.", "A daily digest of the stories that matter."),
    ("social_follow", f"{BODY}\n\nFollow our reporter on Telegram.", "Follow our reporter on Telegram."),
    ("related_link", f"{BODY}\n\nRead more: Border queues grow longer\n\n{BODY2}", "Read more: Border queues grow longer"),
    ("more_stories", f"{BODY}\n\nMost Popular Stories This Week", "Most Popular Stories This Week"),
    ("app_promo", f"{BODY}\n\nGet Our News App", "Get Our News App"),
    ("navigation", f"{BODY}\n\nBack to top", "Back to top"),
    ("comments", f"{BODY}\n\nComments (12)", "Comments (12)"),
    ("comment_policy", f"{BODY}\n\nComments are moderated and may take a day to appear.",
     "Comments are moderated and may take a day to appear."),
    ("support_ask", f"{BODY}\n\nIndependent journalism needs readers like you. Please donate today.",
     "Independent journalism needs readers like you. Please donate today."),
    ("link_line", f"{BODY}\n\nhttps://example.org/world/border-queues\n\n{BODY2}",
     "https://example.org/world/border-queues"),
    ("menu_line", f"Home | World | Europe | Asia\n\n{BODY}", "Home | World | Europe | Asia"),
    ("ui_label", f"{BODY}\n\nAdvertisement\n\n{BODY2}", "Advertisement"),
    ("ui_word_line", f"{BODY}\n\nShare Facebook Twitter WhatsApp Email", "Share Facebook Twitter WhatsApp Email"),
    ("copyright", f"{BODY}\n\n© 2024 Example Media. All rights reserved.", "© 2024 Example Media. All rights reserved."),
    ("image_credit", f"{BODY}\n\nPhoto: Jane Doe / Example Agency\n\n{BODY2}", "Photo: Jane Doe / Example Agency"),
    ("inline_credit", f"{BODY}\n\nMigrants wait at the station in Tapachula. Photo: J. Doe\n\n{BODY2}",
     "Migrants wait at the station in Tapachula. Photo: J. Doe"),
    ("file_name", f"{BODY}\n\nIMG_2041 final.jpeg\n\n{BODY2}", "IMG_2041 final.jpeg"),
    ("byline", f"The Long Road to the Border Town\nBy Maria Lopez and Omar Haddad\n\n{BODY}",
     "By Maria Lopez and Omar Haddad"),
    ("tag_line", f"{BODY}\n\nTags: migration, border, asylum", "Tags: migration, border, asylum"),
    ("keyword_line", f"Border Town Fills Up\nrefugees border crossing asylum\n\n{BODY}",
     "refugees border crossing asylum"),
    ("time_ago", f"• 5 hours Heatwave grips the south\n\n{BODY}", "• 5 hours Heatwave grips the south"),
    ("ticker", f"{BODY}\n\nBrent Crude +1.24%", "Brent Crude +1.24%"),
    ("truncated_teaser", f"{BODY}\n\nInside the camp where nobody wants to stay…\n\n{BODY2}",
     "Inside the camp where nobody wants to stay…"),
    ("credit_caption", f"{BODY}\n\nA boy waits at the gate of the camp\nCredit: Example Agency\n\n{BODY2}",
     "A boy waits at the gate of the camp"),
    ("repeated_line", f"Border Queues Grow Longer\n\n{BODY}\n\nBorder Queues Grow Longer\n\n{BODY2}",
     "Border Queues Grow Longer"),
    ("pull_quote", f"{BODY}\n\n“We had nowhere else left to go”\n\n"
                   "“We had nowhere else left to go,” said Ali, a farmer from the north.",
     "“We had nowhere else left to go”"),
    ("short_run", f"{BODY}\n\nWorld\nPolitics\nBusiness\n\n{BODY2}", "Politics"),
    ("bullet_run", f"{BODY}\n\n- Floods hit the coast again this week\n- Markets steady after the vote",
     "- Floods hit the coast again this week"),
    ("lead_chrome", f"Opinion: Features\nThe Long Road to the Border Town\n\n{BODY}", "Opinion: Features"),
    ("tail_card", f"{BODY}\n\nWhy Rents Are Rising Everywhere\n\n"
                  "Join our panel next week. Our guests will help you make sense of the housing crisis.\n\n"
                  "Leave a comment",
     "Join our panel next week. Our guests will help you make sense of the housing crisis."),
    ("tail_chrome", f"{BODY}\n\nExample News - Your Trusted Source Since 1901",
     "Example News - Your Trusted Source Since 1901"),
]


@pytest.mark.parametrize("rule, text, line", [pytest.param(*c, id=c[0]) for c in RULE_CASES])
def test_rule_drops_its_example(rule, text, line):
    assert (line, rule) in explain(text)
    assert line not in clean_text(text)
    assert BODY in clean_text(text)


def test_every_rule_has_an_example():
    assert sorted({c[0] for c in RULE_CASES}) == sorted(RULE_NAMES)


# Lines that read as article text and must survive next to the chrome.
KEEP_CASES = [
    pytest.param("On September 26, one man biked from Karaganda to Astana.", id="event_date_in_sentence"),
    pytest.param("3 days later, the family crossed into Georgia on foot.", id="sentence_starting_with_duration"),
    pytest.param("The Meduza newsletter reported that 200,000 people had left.", id="newsletter_in_news"),
    pytest.param("Many Russians subscribe to Telegram channels for updates on the queues.", id="subscribe_in_news"),
    pytest.param("Like many others on Telegram, he asked strangers for a lift.", id="like_on_telegram"),
    pytest.param("By September, half of the village had left for Almaty.", id="by_month_not_byline"),
    pytest.param("Copyright law changed in 2020, lawyers said.", id="copyright_in_news"),
    pytest.param("“Twenty kilometres!”", id="short_quote"),
    pytest.param("Read the comments under the video and you see the anger of the locals.", id="read_comments"),
    pytest.param("He knew he would be among the first to be called up into the army", id="body_without_period"),
    pytest.param("families waited at the border\nfor three days and three nights\nbefore the guards let them through.",
                 id="hard_wrapped_paragraph"),
    pytest.param("On To Tajikistan", id="subheading"),
]


@pytest.mark.parametrize("line", KEEP_CASES)
def test_body_lines_survive(line):
    text = f"Border Town Fills Up\n\n{BODY}\n\n{line}\n\nIMG_1234.jpg\n\n{BODY2}"
    assert line in clean_text(text)


def test_bullet_sentences_at_top_survive():
    text = f"• Lines at the border are growing by the day.\n• Rents are rising in the capital.\n\n{BODY}"
    assert clean_text(text) == text


def test_last_section_of_the_article_is_not_a_tail_card():
    text = (f"{BODY}\n\nLooking Ahead\n\nOfficials said the camp would close in spring, "
            f"and that {BODY2[0].lower()}{BODY2[1:]}\n\nLeave a comment")
    assert "Looking Ahead" in clean_text(text)


@pytest.mark.parametrize("line", [
    pytest.param("اللاجئون يعبرون الحدود إلى تشاد", id="arabic_headline_not_keywords"),
    pytest.param("难民越过边境进入乍得。", id="cjk_sentence"),
])
def test_uncased_scripts_survive(line):
    text = f"{line}\n\n{BODY}"
    assert line in clean_text(text)


def test_caption_after_labelled_caption_line():
    text = f"Headline Of The Story\nImage source, Example Agency\nImage caption,\nQueues at the crossing\n\n{BODY}"
    assert clean_text(text) == f"Headline Of The Story\n\n{BODY}"


@pytest.mark.parametrize("line", [
    pytest.param("Migrants rest at a shelter in Tapachula (AP Photo/Jane Doe)", id="ap_style"),
    pytest.param("Migrants rest at a shelter in Tapachula. Photograph: Jane Doe/Reuters", id="guardian_style"),
])
def test_inline_credit_styles(line):
    assert (line, "inline_credit") in explain(f"{BODY}\n\n{line}\n\n{BODY2}")


@pytest.mark.parametrize("line, caption", [
    pytest.param("Families wait for the ferry to the mainland at the port of Lesbos. [Jane Doe/AFP]",
                 "Families wait for the ferry to the mainland at the port of Lesbos.", id="bracketed_credit"),
    pytest.param("Migrants rest at a shelter in Tapachula. Photograph: Jane Doe/Reuters",
                 "Migrants rest at a shelter in Tapachula.", id="labelled_credit"),
    pytest.param("Migrants rest at a shelter in Tapachula (AP Photo/Jane Doe)", "Migrants rest at a shelter in Tapachula",
                 id="bracketed_credit_without_a_full_stop"),
    pytest.param("Photo: Jane Doe/Reuters", None, id="a_credit_alone"),
])
def test_a_caption_stays_and_its_credit_goes(line, caption):
    cleaned = clean_text(f"{BODY}\n\n{line}\n\n{BODY2}")
    assert "Jane Doe" not in cleaned
    if caption is not None:
        assert f"\n\n{caption}\n\n" in cleaned


def test_a_paragraph_ending_in_an_ellipsis_is_prose():
    paragraph = "They could not fly straight to the border. Instead they went the long way round, via Istanbul first..."
    assert paragraph in clean_text(f"{BODY}\n\n{paragraph}\n\n{BODY2}")
    teaser = "Instead they went the long way round, via Istanbul first..."
    assert teaser not in clean_text(f"{BODY}\n\n{teaser}\n\n{BODY2}")


def test_caption_needs_a_credit_line():
    text = f"{BODY}\n\nA boy waits at the gate of the camp\n\n{BODY2}"
    assert "A boy waits" in clean_text(text)


def test_leading_date_marker_removed_sentence_kept():
    text = " date 2022-09-27 “A week ago it was calm,” Oleg wrote.\n\n" + BODY
    assert clean_text(text) == "“A week ago it was calm,” Oleg wrote.\n\n" + BODY


def test_date_marker_only_counts_near_the_top():
    late = "Updated: 3 March 2023 the rules changed again for everyone."
    text = "\n\n".join([BODY] * 6 + [late])
    assert late in clean_text(text)


@pytest.mark.parametrize("raw, cleaned", [
    pytest.param(f"{BODY}\r\n\r\n\r\n\r\n{BODY2}", f"{BODY}\n\n{BODY2}", id="crlf_and_blank_runs"),
    pytest.param(f"{BODY}\n{BODY2}", f"{BODY}\n{BODY2}", id="single_newline_kept"),
    pytest.param("Some\u00a0150 people\u2009crossed at dawn.", "Some 150 people crossed at dawn.", id="exotic_spaces"),
    pytest.param("  \t  \n\n", "", id="blank"),
    pytest.param("", "", id="empty"),
])
def test_whitespace(raw, cleaned):
    assert clean_text(raw) == cleaned


def test_cleaning_is_idempotent_on_a_page():
    once = clean_text((DATA / "page.txt").read_text(encoding="utf-8"))
    assert clean_text(once) == once
    assert once.splitlines()[0] == "Sahel Exodus: Thousands Cross Into Chad"
    assert "“We walked for three nights,” said Amina" in once
    for chrome in ("Home |", "3 hours", "By Jane Doe", "PHOTO", "Refugees unload", "Sign up", "Related:", "Share"):
        assert chrome not in once


@pytest.mark.parametrize("text, iso", [
    pytest.param("2022-09-27", "2022-09-27", id="iso"),
    pytest.param("27 September 2022, 10.09am", "2022-09-27", id="day_month_year_time"),
    pytest.param("September 27, 2022", "2022-09-27", id="month_day_year"),
    pytest.param("27th of Sept. 2022", "2022-09-27", id="ordinal_abbrev"),
    pytest.param("27.09.2022", "2022-09-27", id="dotted"),
    pytest.param("2022-02-30", None, id="impossible"),
    pytest.param("September 27", None, id="no_year"),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("line, iso", [
    pytest.param("27 September 2022, 10.09am", "2022-09-27", id="dateline_with_time"),
    pytest.param("Published: Tuesday 27 September 2022 14:05 BST", "2022-09-27", id="labelled_weekday_tz"),
    pytest.param(" date 2022-09-27 “A week ago you could have called it relocating”", "2022-09-27",
                 id="labelled_prefix"),
    pytest.param("Updated September 27, 2022 at 9:30 a.m.", "2022-09-27", id="updated_us_style"),
    pytest.param("On September 26, 2022, one man biked to Astana.", None, id="event_in_sentence"),
    pytest.param("Russian Defense Minister said on September 21 that only some would go.", None, id="no_year_event"),
])
def test_dateline_date(line, iso):
    assert dateline_date(line) == iso


# ---------------------------------------------------------------- seed articles

needs_shared = pytest.mark.skipif(not (SHARED / "articles").is_dir(), reason="../shared is not checked out")

BOILERPLATE = ("Oilprice App", "EXXON", "minutes e-car", "Leave a comment", "Sign Up To Our Free Newsletter",
               "GettyImages", "Screen Shot", "Back to homepage", "BUY 57.15", "More Info", "Premium Content",
               "RFE/RL staff", "More Top Reads", "Related:", "PHOTO:", "Credit: Mgorod.kz",
               "Get the free oDR newsletter", "A weekly summary of our latest stories", "All rights reserved",
               "Image: BBC Russian Service", "Cover image:", "Follow Maddie", "russians flee mobilisation uzbekistan",
               "Russian citizens sleep inside the Cinemapark", "PHOTO: Daro Sulakauri", "date 2022-09-27",
               "commenting guidelines", "Open57.81")


def _seed_texts() -> dict[str, str]:
    return {p.stem: clean_text(p.read_text(encoding="utf-8")) for p in sorted((SHARED / "articles").glob("*.txt"))}


@pytest.mark.slow
@needs_shared
def test_gold_quotes_survive_cleaning():
    texts = _seed_texts()
    checked = 0
    for gold_path in sorted((SHARED / "eval" / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for route in gold["routes"]:
            assert route["quote"] in texts[gold["article_id"]], route["quote"]
            checked += 1
    assert checked > 20


@pytest.mark.slow
@needs_shared
def test_seed_boilerplate_is_gone():
    texts = _seed_texts()
    left = [(aid, s) for aid, text in texts.items() for s in BOILERPLATE if s in text]
    assert left == []
    for text in texts.values():
        assert clean_text(text) == text
