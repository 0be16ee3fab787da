"""Calques found by a round trip through the German–English dictionary (:mod:`mt.lang.dictionary`):
German words that are real, but that say an English expression word for word where German has its own.

- :class:`VerbNounCalque`: a noun with the verb English uses with it (``eine Entscheidung nehmen`` for *take
  a decision*) where the dictionary gives the English expression a German one with another verb
  (``eine Entscheidung treffen``), and clean German (:mod:`mt.lang.collocations`) puts the noun near that
  verb far more often than near this one; without those counts, only the light verbs of the rule file.
- :class:`CompoundCalque`: a compound glued from the glosses of an English compound (*timeline*:
  ``Zeitlinie``; *lawmaker*: ``Gesetzesmacher``; *groundbreaking*: ``bodenbrechend``) that the dictionary
  does not know, where it knows the German word for the English one.
- :class:`PrepositionCalque`: an adjective with the German for its English translation's preposition
  (``abhängig auf`` for *dependent on*) where the dictionary gives the German word another (``abhängig von``).
- :class:`FalseFriend`: a word spelled like an English word that it does not mean (``aktuell`` is not
  *actually*), flagged with the German for the English word.

Each flag names the English expression it came from, so an editor sees the evidence.
"""

from mt.check.checks.roundtrips.compounds import CompoundCalque
from mt.check.checks.roundtrips.false_friends import FalseFriend
from mt.check.checks.roundtrips.prepositions import PrepositionCalque
from mt.check.checks.roundtrips.verb_noun import VerbNounCalque

__all__ = ["CompoundCalque", "FalseFriend", "PrepositionCalque", "VerbNounCalque"]
