"""Text utilities shared by every stage: tokens, dates, sentences, front matter, decoding."""
