"""mt: German→English machine translation and MT-artifact checking for newsrooms.

>>> from mt import Translator                                   # doctest: +SKIP
>>> Translator().translate("Guten Morgen, Berlin.")             # doctest: +SKIP
'Good morning, Berlin.'
"""

from mt.document.model import Document, Paragraph, Sentence
from mt.translate.models import ModelError
from mt.translate.options import DecodingOptions
from mt.translate.results import DocumentTranslation, SegmentTranslation
from mt.translate.translator import Translator
from mt.version import __version__

__all__ = [
    "DecodingOptions",
    "Document",
    "DocumentTranslation",
    "ModelError",
    "Paragraph",
    "SegmentTranslation",
    "Sentence",
    "Translator",
    "__version__",
]
