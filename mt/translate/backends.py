"""Decoding engines behind :class:`mt.Translator`: plain ``transformers`` or CTranslate2.

Both take batches of source token ids and return target token ids with every decoding option set
explicitly, so that the two agree on what they were asked to do.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from mt.config import cache_dir
from mt.translate.models import ModelError, ModelRef, fingerprint, is_marian

BACKENDS = ("transformers", "ctranslate2")
CPU_SUB_BATCH = 16  # sentences per CTranslate2 worker on the CPU
# What the conversion keeps besides the weights, part of the cached copy's name: the trained start embedding, and
# the attention of all the last decoder layer's heads returned to align words (the stock conversion returns one
# head's: 96.9 % of names and numbers aligned against 99.0 % with all eight, eval/results/markup-alignment.md).
CONVERSION = "start-align8"


@dataclass(frozen=True)
class Request:
    """One batch to decode."""

    sources: list[list[int]]  # token ids, each ending in </s>
    beam_size: int
    max_new_tokens: int
    constrained: bool  # re-decoding a degenerate output: block repeated trigrams, penalise repeats
    min_new_tokens: int = 0  # > 0 only to benchmark fixed-length decoding
    attention: bool = False  # return each output's attention over its source (to align words: inline markup)


class Backend(Protocol):
    """A decoding engine: token ids in, token ids out."""

    name: str
    device: Any
    dtype: Any
    batch_sentences: int  # how many sentences one request may hold to keep the engine busy

    def generate(self, request: Request) -> list[Output]:
        """For each source: its output's ids, whether it ended with </s>, and its score."""
        ...


@dataclass(frozen=True)
class Output:
    """One decoded sentence: target ids (without start and end tokens), whether it ended with </s>, and the
    model's mean log-probability per output token (the end token included): its own confidence."""

    ids: list[int]
    finished: bool
    score: float
    attention: list[list[float]] | None = None  # per output token (and </s>), its weights over the source's tokens


class TransformersBackend:
    """``MarianMTModel.generate`` under ``torch.inference_mode``."""

    name = "transformers"
    batch_sentences = 0  # batches follow the token budget of the decoding options

    def __init__(self, ref: ModelRef, device: str, quantize: bool = False) -> None:
        import torch
        from transformers import MarianMTModel
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        self.device, self.dtype = _pick_device(device)
        try:
            model = MarianMTModel.from_pretrained(ref.path, dtype=self.dtype)
        except Exception as err:  # transformers raises many kinds; all mean "not a usable model"
            raise ModelError(f"{ref.name}: cannot load the model from {ref.path}: {err}") from None
        if quantize:
            if self.device.type != "cpu":
                raise ModelError("int8 quantization of the transformers backend runs on the CPU only")
            with warnings.catch_warnings():  # torch announces a future move of its quantization API
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
            self.dtype = "int8-dynamic"
        self.model = model.to(self.device).eval()
        pad, eos = model.config.pad_token_id, model.config.eos_token_id
        if not isinstance(pad, int) or not isinstance(eos, int):
            raise ModelError(f"{ref.name}: the model's config names no pad or end-of-sentence token")
        self.pad, self.eos = pad, eos
        self.max_positions = model.config.max_position_embeddings

    def generate(self, request: Request) -> list[Output]:
        import torch

        width = max(len(s) for s in request.sources)
        input_ids = torch.full((len(request.sources), width), self.pad, dtype=torch.long)
        attention = torch.zeros((len(request.sources), width), dtype=torch.long)
        for row, ids in enumerate(request.sources):
            input_ids[row, : len(ids)] = torch.tensor(ids)
            attention[row, : len(ids)] = 1
        settings = dict(
            num_beams=request.beam_size,
            max_new_tokens=request.max_new_tokens,
            do_sample=False,
            early_stopping=True,
            suppress_tokens=[self.pad],
            min_new_tokens=request.min_new_tokens,
            forced_eos_token_id=None,  # an output cut at the cap stays visibly unfinished, as in CTranslate2
        )
        if request.constrained:
            settings |= dict(no_repeat_ngram_size=3, repetition_penalty=1.2)
        with torch.inference_mode():
            out = self.model.generate(
                input_ids=input_ids.to(self.device), attention_mask=attention.to(self.device), **settings
            )
        decoded = []
        for row in out.tolist():
            ids = [t for t in row[1:] if t != self.pad]  # drop the decoder start token and padding
            finished = self.eos in ids
            decoded.append((ids[: ids.index(self.eos)] if finished else ids, finished))
        scores, weights = self._scores(input_ids, attention, decoded, request.attention)
        return [
            Output(ids, finished, score, weights[row] if weights else None)
            for row, ((ids, finished), score) in enumerate(zip(decoded, scores))
        ]

    def _scores(
        self, input_ids: Any, attention: Any, decoded: list[tuple[list[int], bool]], with_attention: bool
    ) -> tuple[list[float], list[list[list[float]]] | None]:
        """Mean log-probability of each output token (and </s>) given the source: one teacher-forced pass; with
        ``with_attention``, also each output token's cross-attention over the source (the last layer's heads
        averaged, as the CTranslate2 conversion returns it)."""
        import torch

        targets = [ids + ([self.eos] if finished else []) for ids, finished in decoded]
        length = max(1, max(len(t) for t in targets))
        labels = torch.full((len(targets), length), self.pad, dtype=torch.long)
        for row, target in enumerate(targets):
            labels[row, : len(target)] = torch.tensor(target, dtype=torch.long)
        start = torch.full((len(targets), 1), self.model.config.decoder_start_token_id, dtype=torch.long)
        decoder_input = torch.cat([start, labels[:, :-1]], dim=1)
        with torch.inference_mode():
            forward = self.model(
                input_ids=input_ids.to(self.device),
                attention_mask=attention.to(self.device),
                decoder_input_ids=decoder_input.to(self.device),
                output_attentions=with_attention,
            )
            logits = forward.logits.float()
            token_scores = torch.log_softmax(logits, dim=-1).gather(2, labels.to(self.device).unsqueeze(-1))
        token_scores = token_scores.squeeze(-1).cpu()
        scores = [float(token_scores[row, : len(t)].mean()) if t else 0.0 for row, t in enumerate(targets)]
        if not with_attention:
            return scores, None
        cross = forward.cross_attentions[-1].float().mean(dim=1).cpu()  # (batch, target, source)
        lengths = attention.sum(dim=1).tolist()
        weights = [cross[row, : len(t), : lengths[row]].tolist() for row, t in enumerate(targets)]
        return scores, weights


class CTranslate2Backend:
    """CTranslate2: int8 on CPU, float16 on GPU, from a converted copy cached under ``models/``."""

    name = "ctranslate2"

    def __init__(
        self, ref: ModelRef, device: str, threads: int | None, tokenizer: Any, compute_type: str | None = None
    ) -> None:
        try:
            import ctranslate2
        except ImportError:
            raise ModelError("the ctranslate2 backend needs the ctranslate2 package: pip install ctranslate2") from None
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        kind = device.split(":")[0]
        if kind not in ("cpu", "cuda"):
            raise ModelError(f"unknown device {device!r} for ctranslate2: use cpu or cuda")
        self.compute_type = compute_type or ("int8" if kind == "cpu" else "float16")
        path = converted(ref)
        index = int(device.split(":")[1]) if ":" in device else 0
        # On the CPU, one single-threaded worker per core decoding sub-batches side by side beats
        # all cores on one batch (measured on 2 cores: 309 against 216 target tokens/s, beam 4).
        workers = (threads or os.cpu_count() or 1) if kind == "cpu" else 1
        self.sub_batch = CPU_SUB_BATCH if kind == "cpu" else 0
        # CTranslate2 sorts a request by length and splits it into sub-batches for its workers:
        # requests of many sentences keep every worker busy to the end.
        self.batch_sentences = 256
        torch = sys.modules.get("torch")  # imported already (the transformers engine is in use in this process)
        torch_threads = torch.get_num_threads() if torch is not None else None
        try:
            self.translator = ctranslate2.Translator(
                str(path),
                device=kind,
                device_index=index,
                compute_type=self.compute_type,
                inter_threads=workers,
                intra_threads=1 if kind == "cpu" else 0,
            )
        except (RuntimeError, ValueError) as err:
            raise ModelError(f"ctranslate2 cannot load {path} on {device}: {err}") from None
        finally:
            # Loading sets the process's OpenMP thread count to intra_threads (1), which torch shares:
            # without this, transformers runs single-threaded for the rest of the process. A torch imported
            # later counts its threads afresh (tests/test_backends.py checks both).
            if torch is not None and torch_threads is not None:
                torch.set_num_threads(torch_threads)
        self.device, self.dtype = device, self.compute_type
        self.tokenizer = tokenizer

    def generate(self, request: Request) -> list[Output]:
        tokens = [self.tokenizer.convert_ids_to_tokens(ids) for ids in request.sources]
        results = self.translator.translate_batch(
            tokens,
            beam_size=request.beam_size,
            max_batch_size=self.sub_batch,
            batch_type="examples",
            max_input_length=0,  # inputs are already cut to the model's limit; never truncate silently
            max_decoding_length=request.max_new_tokens,
            min_decoding_length=request.min_new_tokens,
            length_penalty=1.0,
            repetition_penalty=1.2 if request.constrained else 1.0,
            no_repeat_ngram_size=3 if request.constrained else 0,
            suppress_sequences=[[self.tokenizer.pad_token]],
            return_end_token=True,
            return_scores=True,  # cumulated log-probability ÷ output length (length_penalty 1): the mean
            return_attention=request.attention,
        )
        outputs = []
        eos = self.tokenizer.eos_token
        for result in results:
            pieces = result.hypotheses[0]
            finished = bool(pieces) and pieces[-1] == eos
            pieces = pieces[:-1] if finished else pieces
            weights = result.attention[0] if request.attention else None
            outputs.append(
                Output(self.tokenizer.convert_tokens_to_ids(pieces), finished, float(result.scores[0]), weights)
            )
        return outputs


_converting = threading.Lock()


def converted(ref: ModelRef) -> Path:
    """The CTranslate2 conversion of a Marian checkpoint, made once and cached by content hash.

    CTranslate2's stock Marian conversion drops the ``<pad>`` row and starts the decoder from a
    zero vector, while transformers starts it from the ``<pad>`` embedding (the decoder start
    token). In a model trained with transformers that row drifts away from zero (norm 0.28 in the
    compact model), and the two engines then disagree on almost every sentence. The conversion here
    keeps the trained start embedding instead, so both decode the same model.
    """
    target = cache_dir() / "ctranslate2" / f"{ref.path.name}-{fingerprint(ref.path)}-{CONVERSION}"
    with _converting:
        if (target / "model.bin").is_file():
            return target
        if not is_marian(ref.path / "config.json"):
            raise ModelError(f"{ref.name} is not a Marian model; the ctranslate2 conversion here is for Marian")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
                _marian_converter(ref.path).convert(f"{tmp}/model", quantization="int8_float32", force=True)
                os.replace(f"{tmp}/model", target)  # complete or absent, never half-written
        except OSError as err:
            raise ModelError(f"cannot write the ctranslate2 conversion under {target.parent}: {err}") from None
        except (
            ValueError,
            RuntimeError,
            NotImplementedError,
        ) as err:  # what the converter raises for a model it cannot take
            raise ModelError(f"ctranslate2 cannot convert {ref.name}: {err}") from None
    return target


def _marian_converter(path: Path) -> Any:
    """A CTranslate2 converter (a subclass of its public ``Converter``) with the trained-start loader.

    Built on first use so that ``ctranslate2`` and ``torch`` are imported only when a conversion runs.
    """
    from ctranslate2.converters import Converter

    class MarianConverter(Converter):
        def __init__(self, model_path: Path) -> None:
            self.model_path = model_path

        def _load(self) -> Any:
            import torch
            from transformers import AutoTokenizer, MarianMTModel

            with torch.no_grad():
                model = MarianMTModel.from_pretrained(self.model_path, dtype=torch.float32)
                tokenizer = AutoTokenizer.from_pretrained(self.model_path)
                return _trained_start_loader()(model, tokenizer)

    return MarianConverter(path)


def _trained_start_loader() -> Any:
    """A Marian loader that keeps ``<pad>`` and starts decoding from its trained embedding."""
    from ctranslate2.converters.transformers import BartLoader, MarianMTLoader

    class TrainedStartMarianLoader(MarianMTLoader):
        def get_model_spec(self, model):
            import numpy as np

            model.config.normalize_before = False
            model.config.normalize_embedding = False
            spec = BartLoader.get_model_spec(self, model)  # without removing the <pad> row
            spec.decoder.alignment_layer = np.int16(-1)
            spec.decoder.alignment_heads = np.int16(model.config.decoder_attention_heads)
            return spec

        def set_config(self, config, model, tokenizer):
            super().set_config(config, model, tokenizer)
            config.decoder_start_token = tokenizer.pad_token

        def set_decoder(self, spec, decoder):
            BartLoader.set_decoder(self, spec, decoder)  # start_from_zero_embedding stays False

        def get_vocabulary(self, model, tokenizer):
            return BartLoader.get_vocabulary(self, model, tokenizer)

    return TrainedStartMarianLoader()


def _pick_device(device: str):
    """``auto``: CUDA with bf16 (fp16 where bf16 is unsupported) if present, else CPU with fp32."""
    import torch

    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    try:
        dev = torch.device(device)
    except RuntimeError as err:
        raise ModelError(f"unknown device {device!r}: {err}") from None
    if dev.type == "cuda":
        if not torch.cuda.is_available():
            raise ModelError("--device cuda asked for, but torch sees no CUDA device")
        return dev, torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    return dev, torch.float32
