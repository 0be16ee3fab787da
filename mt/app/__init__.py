"""The application layer: what a user asks ``mt`` to do, once, for every front end.

The CLI (:mod:`mt.cli`) parses arguments, calls a function here and prints the result. The HTTP service
(:mod:`mt.service`) checks and fixes German through the same functions (:mod:`mt.app.checking`, with its own
checker: learned rules, a thread pool, a time budget); it translates through its own batcher, which shares one
loaded model among concurrent requests, while files, folders and inboxes are translated here
(:mod:`mt.app.translation`). Inputs are read and validated
before any model loads, and every function that translates takes a loaded :class:`mt.Translator`
or a function that loads one (:class:`TranslatorSpec`), so that tests and services inject theirs.
"""

from mt.translate.spec import TranslatorSource, TranslatorSpec, obtain

__all__ = ["TranslatorSource", "TranslatorSpec", "obtain"]
