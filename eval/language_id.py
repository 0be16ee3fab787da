"""Which language is this? ``py3langid`` (what mt uses, :mod:`mt.lang.identify`) beside ``lingua-language-detector``, in
its high- and low-accuracy modes, on German and English sentences and on whole documents.

    .venv/bin/pip install lingua-language-detector   # the alternative, for this comparison only
    .venv/bin/python eval/language_id.py             # writes eval/results/language-id.{md,json}

Every detector chooses among the same 14 languages (:data:`mt.lang.identify.LANGUAGES`), each in a process of its own
(so that its memory is its own). Sentences: both sides of
FLORES-200 devtest and of the Tatoeba test set (short sentences), loaded through mt's test-set registry;
a sentence is right when the detector's likeliest language is its side's. newstest2019's German: how many
of its sentences each detector takes for another language, and how many it takes for another language
*clearly* (confidence of at least :data:`mt.lang.identify.CLEARLY`, the bar a document must pass to be skipped).
Documents: short articles in other languages and in Austrian and Swiss German, written for this script
(:data:`DOCUMENTS`), through :func:`mt.lang.identify.document_language`, the decision ``mt translate`` takes.
Times are per sentence, after each detector's models are loaded (load time reported apart).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load
from mt.lang.identify import CLEARLY, LANGUAGES, document_language, other_document, other_language

RESULTS = Path(__file__).resolve().parent / "results"
CODES = list(LANGUAGES)
# Short articles written for this script (none is from a test set), with the language each is in.
DOCUMENTS = [
    (
        "fr",
        "Le gouvernement a annoncé mardi une nouvelle série de mesures pour soutenir les agriculteurs. "
        "Les syndicats jugent ces annonces insuffisantes et appellent à manifester samedi à Paris.",
    ),
    (
        "nl",
        "De gemeenteraad van Utrecht heeft gisteren besloten om de nieuwe fietsbrug toch te bouwen. "
        "De kosten vallen volgens de wethouder hoger uit dan eerder werd gedacht.",
    ),
    (
        "da",
        "Regeringen vil hæve skatten på benzin fra næste år, siger finansministeren. "
        "Oppositionen kalder forslaget urimeligt for familier på landet.",
    ),
    (
        "pl",
        "Rząd zapowiedział w poniedziałek nowy program wsparcia dla małych firm. "
        "Przedsiębiorcy mogą składać wnioski od przyszłego miesiąca.",
    ),
    (
        "it",
        "Il consiglio comunale di Bologna ha approvato ieri sera il nuovo piano per il traffico. "
        "Le associazioni dei commercianti hanno espresso forti dubbi sulla chiusura del centro.",
    ),
    (
        "es",
        "El ayuntamiento de Valencia presentó ayer el plan para renovar el puerto. "
        "Los vecinos temen que las obras duren más de dos años.",
    ),
    (
        "en",
        "The city council approved the new budget on Tuesday after a long debate. "
        "Critics say the plan does too little for public transport.",
    ),
    (
        "de",
        "Der Gemeinderat hat am Dienstag nach langer Debatte den Voranschlag beschlossen. Die Opposition "
        "kritisiert, dass für die Öffis zu wenig Geld vorgesehen ist, und will im Jänner nachverhandeln.",
    ),  # Austrian
    (
        "de",
        "Der Stadtrat hat das Budget am Dienstag nach einer langen Debatte genehmigt. Die Velofahrer "
        "hoffen nun auf neue Trottoirs und eine bessere Anbindung an den Bahnhof, das Parkieren wird teurer.",
    ),  # Swiss
    (
        "de",
        "Das Start-up aus Berlin hat ein neues Feature gelauncht, das User im Homeoffice beim Meeting-"
        "Management unterstützen soll. Der CEO spricht von einem Gamechanger für remote arbeitende Teams.",
    ),  # loanwords
]


class Py3langid:
    """py3langid with normalised probabilities over the same languages."""

    name = "py3langid"

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self.identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self.identifier.set_languages(CODES)

    def ranked(self, text: str) -> dict[str, float]:
        return {code: float(p) for code, p in self.identifier.rank(text)}


class Lingua:
    """lingua-language-detector over the same languages, in its high- or low-accuracy mode."""

    def __init__(self, low: bool = False) -> None:
        from lingua import Language, LanguageDetectorBuilder

        names = ("GERMAN", "ENGLISH", "FRENCH", "DUTCH", "DANISH", "SWEDISH", "BOKMAL", "POLISH", "CZECH",
                 "ITALIAN", "SPANISH", "PORTUGUESE", "RUSSIAN", "TURKISH")  # fmt: skip
        builder = LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in names))
        self.detector = (builder.with_low_accuracy_mode() if low else builder).build()
        self.name = "lingua-language-detector" + (", low accuracy" if low else "")

    def ranked(self, text: str) -> dict[str, float]:
        found = self.detector.compute_language_confidence_values(text)
        return {v.language.iso_code_639_1.name.lower().replace("nb", "no"): v.value for v in found}


DETECTORS = {"py3langid": Py3langid, "lingua": Lingua, "lingua-low": lambda: Lingua(low=True)}


def top(ranked: dict[str, float]) -> tuple[str, float]:
    code = max(ranked, key=ranked.__getitem__) if ranked else "?"
    return code, ranked.get(code, 0.0)


def sentences(name: str) -> list[tuple[str, str]]:
    """(sentence, its language) of both sides of a registered test set."""
    testset = load(name)
    return [(s, "de") for s in testset.source] + [(s, "en") for s in testset.references[0]]


def score(detector, pairs: list[tuple[str, str]]) -> dict:
    """Top-1 accuracy among all languages, accuracy of German against English alone, and how many English
    sentences are clearly not German (those a German article could keep as they are)."""
    errors, binary_errors, english, english_clear = [], 0, 0, 0
    started = time.perf_counter()
    for text, language in pairs:
        ranked = detector.ranked(text)
        code, confidence = top(ranked)
        if code != language:
            errors.append({"text": text, "is": language, "taken_for": code, "confidence": round(confidence, 3)})
        other = "en" if language == "de" else "de"
        binary_errors += ranked.get(other, 0.0) > ranked.get(language, 0.0)
        if language == "en":
            english += 1
            english_clear += code != "de" and confidence >= CLEARLY
    seconds = time.perf_counter() - started
    return {
        "sentences": len(pairs),
        "accuracy": round(1 - len(errors) / len(pairs), 5),
        "german_vs_english": round(1 - binary_errors / len(pairs), 5),
        "english_clearly_not_german": round(english_clear / english, 5),
        "errors": errors,
        "ms_per_sentence": round(1000 * seconds / len(pairs), 3),
    }


def german_taken_for_other(detector, german: list[str]) -> dict:
    found = []
    for text in german:
        code, confidence = top(detector.ranked(text))
        if code != "de":
            found.append({"text": text, "taken_for": code, "confidence": round(confidence, 3)})
    clearly = [f for f in found if f["confidence"] >= CLEARLY]
    return {
        "sentences": len(german),
        "taken_for_other": len(found),
        "share": round(len(found) / len(german), 5),
        "clearly": len(clearly),
        "clearly_share": round(len(clearly) / len(german), 5),
        "listed": found,
        "kept_by_mt": [t for t in german if other_language(t) is not None],  # what mt translate leaves as it is
    }


def measure(name: str) -> dict:
    """One detector's figures."""
    started = time.perf_counter()
    detector = DETECTORS[name]()
    detector.ranked("Ein erster Satz zum Laden der Modelle.")
    result: dict = {"name": detector.name, "load_s": round(time.perf_counter() - started, 2)}
    for set_name in ("flores200-devtest", "tatoeba"):
        result[set_name] = score(detector, sentences(set_name))
    result["newstest2019-german"] = german_taken_for_other(detector, load("newstest2019").source)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=RESULTS / "language-id")
    parser.add_argument("--detector", choices=DETECTORS, help=argparse.SUPPRESS)  # one detector's figures as JSON
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)
    if args.detector:
        print(json.dumps(measure(args.detector), ensure_ascii=False))
        return
    assert len(CODES) == len(LANGUAGES)
    report: dict = {"command": "python eval/language_id.py", "languages": CODES, "clearly": CLEARLY, "detectors": {}}
    for name in DETECTORS:
        done = subprocess.run([sys.executable, __file__, "--detector", name], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{name}: {done.stderr}")
        result = json.loads(done.stdout)
        report["detectors"][result.pop("name")] = result
        print(f"{name}: done", file=sys.stderr)
    report["documents"] = []
    for language, text in DOCUMENTS:  # what mt translate decides: skipped as another language, or German
        verdict = other_document(text) or document_language(text)
        report["documents"].append(
            {"is": language, "found": verdict.code, "confidence": round(verdict.confidence, 3), "start": text[:60]}
        )
    args.out.with_suffix(".json").write_text(json.dumps(report | {"code": state}, indent=2, ensure_ascii=False) + "\n")
    args.out.with_suffix(".md").write_text(markdown(report) + "\n" + source_line(state) + "\n")
    print(markdown(report))


def markdown(report: dict) -> str:
    lines = [
        "# Which language is this? py3langid, lingua, and lingua's low-accuracy mode",
        "",
        f"Command: `{report['command']}`. Every detector chooses among the same {len(report['languages'])} "
        f"languages ({', '.join(report['languages'])}), in a process of its own. FLORES-200 devtest and Tatoeba: "
        "both sides; *top-1* is right when the likeliest of all languages is the sentence's, *de/en* when the "
        "detector gives the sentence's language more than the other of the two; *English kept* is the share of "
        f"English sentences taken clearly (≥ {report['clearly']}) for a language other than German. newstest2019: "
        "its German sentences taken for another language, and taken for one clearly.",
        "",
        "| detector | FLORES top-1 | FLORES de/en | Tatoeba top-1 | Tatoeba de/en | English kept (FLORES, Tatoeba) "
        "| newstest2019 German taken for another | … clearly | ms/sentence | load s | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in report["detectors"].items():
        flores, tatoeba, news = r["flores200-devtest"], r["tatoeba"], r["newstest2019-german"]
        lines.append(
            f"| {name} | {flores['accuracy']:.2%} | {flores['german_vs_english']:.2%} "
            f"| {tatoeba['accuracy']:.2%} | {tatoeba['german_vs_english']:.2%} "
            f"| {flores['english_clearly_not_german']:.1%}, {tatoeba['english_clearly_not_german']:.1%} "
            f"| {news['share']:.2%} ({news['taken_for_other']}) | {news['clearly_share']:.2%} ({news['clearly']}) "
            f"| {(flores['ms_per_sentence'] + tatoeba['ms_per_sentence']) / 2:.2f} | {r['load_s']} | {r['peak_rss_mb']} |"
        )
    kept = next(iter(report["detectors"].values()))["newstest2019-german"]["kept_by_mt"]
    lines += [
        "",
        f"mt's decision for a sentence of a German article (mt.lang.identify.other_language: three words or more, German "
        f"given less than 0.2) keeps {len(kept)} of newstest2019's German sentences as they are"
        + (": " + "; ".join(kept) if kept else "."),
    ]
    lines += [
        "",
        "## Documents (written for this script), as mt translate decides (mt.lang.identify.other_document)",
        "",
        "| is | found | confidence | begins |",
        "|---|---|---|---|",
    ]
    for d in report["documents"]:
        lines.append(f"| {d['is']} | {d['found']} | {d['confidence']} | {d['start']}… |")
    for name, r in report["detectors"].items():
        lines += ["", f"## {name}: every top-1 error, newstest2019's German included", ""]
        for set_name in ("flores200-devtest", "tatoeba"):
            for e in r[set_name]["errors"]:
                lines.append(f"- {set_name}, {e['is']} taken for {e['taken_for']} ({e['confidence']}): {e['text']}")
        for e in r["newstest2019-german"]["listed"]:
            clearly = "clearly " if e["confidence"] >= report["clearly"] else ""
            lines.append(f"- newstest2019, German {clearly}taken for {e['taken_for']} ({e['confidence']}): {e['text']}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
