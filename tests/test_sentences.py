import pytest

from pipeline.text.sentences import split_sentences


def _split(text):
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    pytest.param("She left. He stayed.", ["She left.", "He stayed."], id="full_stop"),
    pytest.param("They met Mr. Ivanov in St. Petersburg. It rained.",
                 ["They met Mr. Ivanov in St. Petersburg.", "It rained."], id="abbreviations"),
    pytest.param("He moved to the U.S. Then he wrote.", ["He moved to the U.S. Then he wrote."], id="dotted_acronym"),
    pytest.param("“We fled at night.” She said so.", ["“We fled at night.”", "She said so."], id="smart_quotes"),
    pytest.param('"Go now," he said. "Really?" Yes.', ['"Go now," he said.', '"Really?"', "Yes."], id="straight_quotes"),
    pytest.param("A heading\n\nA paragraph here.", ["A heading", "A paragraph here."], id="paragraph_break"),
    pytest.param("Prices rose 2.5 per cent. Rents too.", ["Prices rose 2.5 per cent.", "Rents too."], id="decimal"),
    pytest.param("Wait… 3 buses came.", ["Wait…", "3 buses came."], id="ellipsis_then_digit"),
    pytest.param("no capital. after this", ["no capital. after this"], id="lowercase_continues"),
])
def test_split_sentences(text, expected):
    assert _split(text) == expected


def test_offsets_index_the_text_without_outer_whitespace():
    text = "  First one.   Second one.  \n  Third  "
    for s, e in split_sentences(text):
        assert text[s:e] == text[s:e].strip() and text[s:e]
