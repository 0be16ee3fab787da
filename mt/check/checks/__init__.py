"""The checks, in the order they run. A new check is a class here with its own examples."""

from mt.check.checks.boilerplate import Boilerplate
from mt.check.checks.calques import Calque
from mt.check.checks.roundtrips import CompoundCalque, FalseFriend, PrepositionCalque, VerbNounCalque
from mt.check.checks.sentences import DoubledWord, Fragment, RestatedNoun, UnbalancedQuotes
from mt.check.checks.spacing import SpaceBeforePunctuation, SpacedHyphen, SplitParticle
from mt.check.checks.transliteration import Transliteration
from mt.check.checks.typography import StraightQuotes, Typography
from mt.check.checks.words import EnglishTitle, NonWord, RareWord, Untranslated

ALL_CHECKS = (
    SpacedHyphen,
    SplitParticle,
    SpaceBeforePunctuation,
    NonWord,
    Untranslated,
    EnglishTitle,
    RareWord,
    Transliteration,
    Calque,
    VerbNounCalque,
    PrepositionCalque,
    CompoundCalque,
    FalseFriend,
    Boilerplate,
    Fragment,
    DoubledWord,
    UnbalancedQuotes,
    StraightQuotes,
    Typography,
    RestatedNoun,
)
