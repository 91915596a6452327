"""A student's pseudonym: "ST-" and six characters nobody misreads, each equally likely."""

import collections
import re

from cases.models import PSEUDONYM_ALPHABET, new_pseudonym


def test_a_pseudonym_is_st_and_six_characters_of_the_alphabet():
    assert set(PSEUDONYM_ALPHABET).isdisjoint("01IO") and len(set(PSEUDONYM_ALPHABET)) == 32
    pattern = re.compile(f"ST-[{PSEUDONYM_ALPHABET}]{{6}}")
    assert all(pattern.fullmatch(new_pseudonym()) for _ in range(1000))


def test_every_character_turns_up_about_equally_often():
    counts = collections.Counter("".join(new_pseudonym()[3:] for _ in range(20_000)))
    # 120,000 characters over 32: 3,750 each; a character never or twice as often is a bug.
    assert set(counts) == set(PSEUDONYM_ALPHABET)
    assert min(counts.values()) > 3_000 and max(counts.values()) < 4_500
