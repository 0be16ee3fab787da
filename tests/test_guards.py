from mt.translate.guards import collapse_repeats, degeneration, has_token_loop, repeated_word


def test_repeated_words_are_found_with_punctuation_between():
    assert repeated_word("Anatoly Anatoly Anatoly Antonov resigned") == "Anatoly"
    assert repeated_word("in Doha, Katar, Katar, Katar said") == "Katar"
    assert repeated_word("Moscow and Moscow said") is None
    assert repeated_word("that that is what it is") is None


def test_token_loops():
    assert has_token_loop([5, 6, 7, 5, 6, 7, 5, 6, 7])
    assert has_token_loop([1, 9, 9, 9, 2])
    assert not has_token_loop([1, 2, 3, 1, 2, 4, 1, 2])


def test_degeneration_reasons():
    assert degeneration("A fine sentence.", [1, 2, 3], False) is None
    assert degeneration("A fine sentence.", [1, 2, 3], True) == "runaway length"
    assert degeneration("no no no", [4, 4, 4], False) == "repeated word 'no'"


def test_collapse_repeats_keeps_one_copy():
    assert collapse_repeats("Anatoly Anatoly Anatoly Antonov") == "Anatoly Antonov"
