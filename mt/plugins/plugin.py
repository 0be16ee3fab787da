"""The plug-in base of both checkers: a German check (:class:`mt.check.context.Check`) and an English QA check
(:class:`mt.qa.pair.QACheck`) are each one kind of fault with a name, a category, a severity, its own
examples and one :meth:`Plugin.flag` that makes its flags."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, Generic, NamedTuple, Protocol, TypeVar

from mt.plugins.flags import Category, Flag, Severity

Mark = tuple[int, int, str | None]  # start, end, the first suggestion (None: whatever it is)


class Tried(NamedTuple):
    """An example run: its text without marks, the flags raised, and the span it marks, if it marks one."""

    text: str
    flags: list[Flag]
    mark: Mark | None = None


class Subject(Protocol):
    """What a plug-in looks at; its flags are spans of ``text`` (a German document, or a pair's English)."""

    @property
    def text(self) -> str: ...


S = TypeVar("S", bound=Subject, contravariant=True)
E = TypeVar("E")  # an example: a marked German text, or a (German, English[, pseudo-reference]) pair


class Plugin(Generic[S, E]):
    """One kind of fault.

    ``name`` is its id (in every flag's ``check``, in ``--checks``); ``description`` the first line of its
    docstring. ``must_flag`` and ``must_pass`` are its own examples, which :mod:`mt.plugins.examples` runs: texts
    it must flag and texts it must pass; an example may mark the exact span and the first suggestion expected,
    ``[[span=>suggestion]]``.
    """

    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity] = "minor"
    confidence: ClassVar[float] = 0.6  # of a flag that does not say its own
    must_flag: ClassVar[tuple[E, ...]] = ()
    must_pass: ClassVar[tuple[E, ...]] = ()

    @classmethod
    def description(cls) -> str:
        return (cls.__doc__ or cls.name).strip().splitlines()[0]

    def run(self, subject: S) -> Iterable[Flag]:
        raise NotImplementedError

    @classmethod
    def try_example(cls, example: E) -> Tried:
        """What this plug-in flags in one of its examples (:mod:`mt.plugins.examples` judges it)."""
        raise NotImplementedError

    def flag(
        self,
        subject: S,
        start: int,
        end: int,
        message: str,
        *,
        severity: Severity | None = None,
        category: Category | None = None,
        suggestions: Iterable[str] = (),
        confidence: float | None = None,
        safe: bool = False,
        rule: str = "",
    ) -> Flag:
        """A flag of ``subject.text[start:end]``; a fault with no place of its own (``end <= start``) flags the
        whole text."""
        if end <= start:
            start, end = 0, max(1, len(subject.text))
        return Flag(
            start=start,
            end=end,
            text=subject.text[start:end],
            category=category or self.category,
            severity=severity or self.severity,
            message=message,
            check=self.name,
            suggestions=list(suggestions),
            confidence=self.confidence if confidence is None else confidence,
            safe=safe,
            rule=rule,
        )
