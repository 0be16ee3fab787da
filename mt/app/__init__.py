"""The application layer: what a user asks ``mt`` to do, once, for every front end.

The CLI (:mod:`mt.cli`) parses arguments, calls a function here and prints the result; the HTTP
service (:mod:`mt.service`) maps requests to the same functions. Inputs are read and validated
before any model loads, and every function that translates takes a loaded :class:`mt.Translator`
or a function that loads one (:class:`TranslatorSpec`), so that tests and services inject theirs.
"""

from mt.translate.spec import TranslatorSource, TranslatorSpec, obtain

__all__ = ["TranslatorSource", "TranslatorSpec", "obtain"]
