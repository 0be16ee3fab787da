"""Word frequencies read straight from wordfreq's lists give wordfreq's own figures."""

import itertools
import re

from conftest import SEEDS
from wordfreq import iter_wordlist, zipf_frequency

from mt.lang.lexicon import ONE_TOKEN, lexicon, listed_zipf


def test_a_word_read_from_the_list_has_wordfreqs_own_zipf():
    seed = {w for f in SEEDS.glob("lavrov-talks.*.txt") for w in re.findall(r"\w+", f.read_text(encoding="utf-8"))}
    listed = {w for lang in ("de", "en") for w in itertools.islice(iter_wordlist(lang), 0, 200_000, 97)}
    odd = {"Straße", "STRASSE", "groß", "Brüßel", "Hochgeschwindige", "Zürich", "naïve", "Ærø", "Qxzvt", "ŁÓDŹ"}
    words = sorted(w for w in seed | listed | odd if w.isalpha() and ONE_TOKEN.fullmatch(w))
    assert len(words) > 3000
    for lang in ("de", "en"):
        differ = [w for w in words if listed_zipf(w, lang) != zipf_frequency(w, lang)]
        assert not differ, (lang, differ[:10])


def test_a_word_wordfreq_splits_is_left_to_wordfreq():
    assert not ONE_TOKEN.fullmatch("Villaʼs")  # ʼ is a letter to Python, an apostrophe to wordfreq
    assert lexicon().zipf("Villaʼs", "en") == zipf_frequency("Villaʼs", "en") > 0
    assert lexicon().zipf("E-Mail") == zipf_frequency("E-Mail", "de") > 3
