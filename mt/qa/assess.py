"""Each translated sentence assessed: its QA flags and its calibrated confidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mt.plugins.flags import Flag
from mt.qa import QAChecker
from mt.qa.confidence import ConfidenceModel, confidence_model
from mt.translate.results import DocumentTranslation, SegmentTranslation
from mt.translate.translator import Translator


@dataclass
class Assessment:
    confidence: float | None  # None: the sentence was passed through (no letters), nothing to judge
    flags: list[Flag]


class Assessor:
    """QA checks and the confidence model, loaded once."""

    def __init__(self, qa: QAChecker | None = None, model: ConfidenceModel | None = None) -> None:
        self.qa = qa or QAChecker()
        self.model = model or confidence_model()

    def assess(self, segment: SegmentTranslation) -> Assessment:
        if segment.origin == "memory":
            return Assessment(1.0, [])  # approved by an editor
        if segment.score is None:
            return Assessment(None, [])
        flags = self.qa.check(segment.source, segment.translation)
        return Assessment(self.model.confidence(segment, flags), flags)

    def warm_up(self) -> None:
        """Load what the checks read on first use (the dictionary, places, word lists, the sentence splitter) by
        assessing a made-up pair, so that the first real sentence does not wait for it."""
        self.assess(SegmentTranslation(*_WARM_UP, score=-0.5))

    def redecode(self, translator: Translator, translations: list[DocumentTranslation], below: float, beam: int) -> int:
        """Translate the sentences whose confidence is below ``below`` again with beam ``beam``, and keep
        the output the model scores higher. Returns how many were replaced. (newstest2019, bundled model,
        below 0.35: chrF of those sentences 31.4 → 32.4, for a third more decoding time; see
        eval/results/confidence-newstest2019.md.)"""
        doubtful = [
            (t, i)
            for t in translations
            for i, segment in enumerate(t.segments)
            if (c := self.assess(segment).confidence) is not None and c < below
        ]
        if not doubtful:
            return 0
        again = translator.with_options(beam_size=beam).translate_sentences([t.segments[i].source for t, i in doubtful])
        replaced = 0
        for (translation, i), new in zip(doubtful, again):
            old = translation.segments[i]
            if new.score is not None and old.score is not None and new.score > old.score:
                translation.segments[i] = new
                replaced += 1
        return replaced

    def sentence_records(self, translation: DocumentTranslation) -> list[dict[str, Any]]:
        """The translation's per-sentence records with ``confidence`` and ``qa`` flags added."""
        records = translation.sentence_records()
        for record, segment in zip(records, translation.segments):
            assessment = self.assess(segment)
            record["confidence"] = assessment.confidence
            record["qa"] = [f.to_dict() for f in assessment.flags]
        return records


# A pair that makes the checks open every resource they use: words of both languages, a town and its English
# name, a date, a name repeated in the source but not in the translation (the sentence splitter).
_WARM_UP = (
    "Der Storch flog am 3. Mai 2021 von Mainz nach Köln, sagte Brandauer, und Brandauer lachte. Dort blieb er.",
    "The stork flew from Mainz to Cologne on 3 May 2021, said Brandauer, laughing. It stayed there.",
)
