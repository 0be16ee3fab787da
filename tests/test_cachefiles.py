"""Derived files under the cache folder: written whole, read back, derived again where unreadable."""

import logging

from mt.support.cachefiles import cached_pickle


def test_a_new_cache_file_replaces_the_older_ones_and_is_read_back(tmp_path):
    (tmp_path / "towns-v1.pickle").write_bytes(b"an older format")
    (tmp_path / "other.txt").write_text("not ours")
    built = []

    def build() -> dict:
        built.append(1)
        return {"Breslau": ("Wrocław",)}

    path = tmp_path / "towns-v2.pickle"
    assert cached_pickle(path, dict, build, "towns-v*.pickle") == {"Breslau": ("Wrocław",)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.txt", "towns-v2.pickle"]
    assert cached_pickle(path, dict, build, "towns-v*.pickle") == {"Breslau": ("Wrocław",)} and len(built) == 1


def test_an_unreadable_or_foreign_cache_file_is_derived_again(tmp_path, caplog):
    path = tmp_path / "towns-v2.pickle"
    path.write_bytes(b"\x80\x05 cut short")
    with caplog.at_level(logging.WARNING):
        assert cached_pickle(path, dict, lambda: {"a": 1}, "towns-v*.pickle") == {"a": 1}
    assert "unreadable" in caplog.text
    assert cached_pickle(path, list, lambda: [2], "towns-v*.pickle") == [2]  # a dict where a list belongs


def test_a_cache_folder_that_cannot_be_written_costs_the_cache_only(tmp_path, caplog):
    (tmp_path / "taken").write_text("a file where the folder belongs")
    with caplog.at_level(logging.WARNING):
        assert cached_pickle(tmp_path / "taken" / "x.pickle", dict, lambda: {"a": 1}, "x*.pickle") == {"a": 1}
    assert "could not keep" in caplog.text
