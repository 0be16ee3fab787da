"""What a translation run returns: each sentence's translation with its alignment and origin, each document's,
and the run's counts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from mt.document.alignment import Alignment
from mt.document.inline import Inline, place
from mt.document.model import Document
from mt.translate.memory import FuzzyMatch


@dataclass
class SegmentTranslation:
    """The translation of one sentence."""

    source: str
    translation: str
    source_tokens: int = 0
    target_tokens: int = 0
    pieces: int = 1  # > 1 when the sentence was too long and cut at clause boundaries
    retry: str | None = None  # why the first output was re-decoded, if it was
    score: float | None = None  # the model's mean log-probability per output token; None: passed through
    origin: str = "model"  # "memory": an approved translation from the translation memory, not decoded;
    # "kept": a sentence in another language, kept as it is
    language: str | None = None  # the language of a kept sentence
    kept: list[str] = field(default_factory=list)  # quotations in another language kept as they are inside it
    similar: list[FuzzyMatch] = field(default_factory=list)  # the memory's near matches, shown to editors
    alignment: Alignment | None = None  # source and target words linked (asked for by documents with markup)


@dataclass
class TranslationStats:
    """Counts for a run, summed over calls."""

    documents: int = 0
    sentences: int = 0
    passed_through: int = 0
    source_tokens: int = 0
    target_tokens: int = 0
    split_sentences: int = 0
    retries: int = 0
    repaired: int = 0  # outputs still degenerate after the retry, whose repeats were collapsed
    seconds: float = 0.0

    def add(self, other: TranslationStats) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    @property
    def tokens_per_second(self) -> float:
        return self.target_tokens / self.seconds if self.seconds else 0.0


@dataclass
class DocumentTranslation:
    """A document and the translation of each of its sentences."""

    document: Document
    segments: list[SegmentTranslation]

    @property
    def text(self) -> str:
        """The translated document, with the original's paragraphs and markup."""
        return self.document.render([s.translation for s in self.segments])

    def blocks(self) -> list[Inline]:
        """Each block of a document read with markup, translated, its tags in place (:func:`mt.document.inline.place`)."""
        markup = self.document.markup
        assert markup is not None, "a document without markup has no blocks"
        placed = []
        sentences = iter(zip(self.document.sentences, self.segments))
        for paragraph, block in zip(self.document.paragraphs, markup.blocks):
            mine = [next(sentences) for _ in paragraph.sentences]
            placed.append(
                place(
                    block,
                    [(s.start - paragraph.start, s.end - paragraph.start) for s, _ in mine],
                    [t.translation for _, t in mine],
                    [t.alignment for _, t in mine],
                )
            )
        return placed

    def written(self) -> bytes:
        """The translated document in the format it came in."""
        assert self.document.markup is not None
        return self.document.markup.write(self.blocks())

    def sentence_records(self) -> list[dict]:
        """Per-sentence alignment: source span, source, translation."""
        return [
            {
                "paragraph": sentence.paragraph,
                "start": sentence.start,
                "end": sentence.end,
                "source": segment.source,
                "translation": segment.translation,
                **({"score": round(segment.score, 4)} if segment.score is not None else {}),
                **({"origin": segment.origin} if segment.origin != "model" else {}),
                **({"language": segment.language} if segment.language else {}),
                **({"kept_quotes": segment.kept} if segment.kept else {}),
                **({"memory_matches": [m.to_dict() for m in segment.similar]} if segment.similar else {}),
                **({"pieces": segment.pieces} if segment.pieces > 1 else {}),
                **({"retry": segment.retry} if segment.retry else {}),
            }
            for sentence, segment in zip(self.document.sentences, self.segments)
        ]
