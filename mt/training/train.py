"""``mt train CONFIG``: train a Marian model from a TOML recipe and save it where ``mt translate`` loads it.

The loop keeps the device busy: data encoded once, length-bucketed batches padded by a background
thread, bf16 autocast and fused AdamW on CUDA, an inverse square-root schedule, label smoothing,
periodic validation (loss and BLEU), checkpoint averaging of the last N, and resuming from the
latest checkpoint. The ``<pad>`` row, the decoder start, is held at zero so that CTranslate2's
zero-start decoding and transformers agree.
"""

from __future__ import annotations

import json
import math
import shutil
import time
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

from mt.training.data import DataConfig, batches, encode, prefetch, read_pairs, validation_pairs

ROOT = Path(__file__).resolve().parent.parent.parent
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json")


@dataclass(frozen=True)
class ModelConfig:
    d_model: int = 512
    encoder_layers: int = 6
    decoder_layers: int = 2
    heads: int = 8
    ffn: int = 1024
    activation: str = "swish"
    dropout: float = 0.2
    max_positions: int = 512


@dataclass(frozen=True)
class TrainConfig:
    max_steps: int = 10_000
    max_minutes: float = 0.0  # 0: no time limit
    batch_tokens: int = 16_000
    lr: float = 7e-4
    warmup: int = 800
    label_smoothing: float = 0.1
    weight_decay: float = 0.0
    validate_every: int = 500
    checkpoint_every: int = 500
    average_last: int = 4
    seed: int = 1


@dataclass(frozen=True)
class Recipe:
    name: str
    output: Path
    vocabulary: Path  # a folder with source.spm, target.spm, vocab.json, tokenizer_config.json
    data: DataConfig
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    validation: str = "newstest2021"
    validation_segments: int = 500


def read_recipe(path: Path) -> Recipe:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    data = raw["data"]
    return Recipe(
        name=raw["name"],
        output=ROOT / raw["output"],
        vocabulary=ROOT / raw["vocabulary"],
        data=DataConfig(
            corpora=data["corpora"],
            tokenized=tuple(data.get("tokenized", DataConfig.tokenized)),
            max_words=data.get("max_words", 120),
            max_ratio=data.get("max_ratio", 3.0),
            max_pairs=data.get("max_pairs", 0),
            seed=data.get("seed", 1),
        ),
        model=ModelConfig(**raw.get("model", {})),
        train=TrainConfig(**raw.get("train", {})),
        validation=raw.get("validation", {}).get("testset", "newstest2021"),
        validation_segments=raw.get("validation", {}).get("segments", 500),
    )


def train(recipe: Recipe, resume: bool = False, device: str = "auto", log=print) -> dict:
    """Train, average, save in the Hugging Face Marian layout with a model card; returns the summary."""
    import torch
    from transformers import AutoTokenizer, MarianConfig, MarianMTModel

    device = ("cuda" if torch.cuda.is_available() else "cpu") if device == "auto" else device
    torch.manual_seed(recipe.train.seed)
    tokenizer = AutoTokenizer.from_pretrained(recipe.vocabulary)
    pad, eos = tokenizer.pad_token_id, tokenizer.eos_token_id

    started = time.perf_counter()
    rows, kept, excluded = read_pairs(recipe.data)
    source, target = encode(rows, tokenizer)
    log(
        f"data: {len(rows)} pairs ({', '.join(f'{k} {v}' for k, v in kept.items())}); "
        f"{excluded} dropped as evaluation sentences; prepared in {time.perf_counter() - started:.0f} s"
    )
    val_source, val_refs = validation_pairs(recipe.validation, recipe.validation_segments)

    m = recipe.model
    config = MarianConfig(
        vocab_size=len(tokenizer),
        decoder_vocab_size=len(tokenizer),
        d_model=m.d_model,
        encoder_layers=m.encoder_layers,
        decoder_layers=m.decoder_layers,
        encoder_attention_heads=m.heads,
        decoder_attention_heads=m.heads,
        encoder_ffn_dim=m.ffn,
        decoder_ffn_dim=m.ffn,
        activation_function=m.activation,
        dropout=m.dropout,
        attention_dropout=0.1,
        max_position_embeddings=m.max_positions,
        pad_token_id=pad,
        eos_token_id=eos,
        forced_eos_token_id=eos,
        decoder_start_token_id=pad,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
    )
    model = MarianMTModel(config)
    model.to(device)  # type: ignore[arg-type]  # transformers' stub of Module.to takes no device string
    embeddings = cast(torch.nn.Embedding, model.get_input_embeddings())
    with torch.no_grad():
        embeddings.weight[pad].zero_()
    cuda = device.startswith("cuda")
    optimizer = torch.optim.AdamW(
        model.parameters(),
        lr=recipe.train.lr,
        betas=(0.9, 0.98),
        eps=1e-9,
        weight_decay=recipe.train.weight_decay,
        fused=cuda,
        foreach=not cuda,
    )
    warmup = max(1, recipe.train.warmup)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, math.sqrt(warmup / (step + 1)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100, label_smoothing=recipe.train.label_smoothing)

    checkpoints = recipe.output.parent / f".{recipe.output.name}.checkpoints"
    step, epoch, history = 0, 0, []
    if resume and (latest := _latest(checkpoints)):
        state = torch.load(latest, map_location=device, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        step, epoch, history = state["step"], state["epoch"], state["history"]
        log(f"resumed from {latest.name} at step {step}")
    elif checkpoints.exists():
        shutil.rmtree(checkpoints)
    checkpoints.mkdir(parents=True, exist_ok=True)

    deadline = started + recipe.train.max_minutes * 60 if recipe.train.max_minutes else math.inf
    target_tokens, train_started = 0, time.perf_counter()
    model.train()
    while step < recipe.train.max_steps and time.perf_counter() < deadline:
        for src, tgt in prefetch(
            source, target, batches(source, target, recipe.train.batch_tokens, recipe.train.seed + epoch), pad
        ):
            src_t = torch.from_numpy(src).to(device, non_blocking=True)
            tgt_t = torch.from_numpy(tgt).to(device, non_blocking=True)
            decoder_input = torch.cat([torch.full_like(tgt_t[:, :1], pad), tgt_t[:, :-1]], dim=1)
            labels = tgt_t.masked_fill(tgt_t == pad, -100)
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=cuda):
                logits = model(input_ids=src_t, attention_mask=src_t != pad, decoder_input_ids=decoder_input).logits
                loss = loss_fn(logits.float().view(-1, logits.size(-1)), labels.view(-1))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            with torch.no_grad():
                embeddings.weight[pad].zero_()  # the decoder start stays a zero vector
            step += 1
            target_tokens += int((labels != -100).sum())
            if step % 50 == 0 or step == 1:
                rate = target_tokens / (time.perf_counter() - train_started)
                value = loss.item()
                history.append({"step": step, "loss": round(value, 4), "target_tokens_per_s": round(rate)})
                log(f"step {step} loss {value:.3f} lr {schedule.get_last_lr()[0]:.2e} {rate:,.0f} target tok/s")
            if step % recipe.train.validate_every == 0:
                history.append({"step": step} | _validate(model, tokenizer, val_source, val_refs, device))
                log(f"validation at step {step}: {history[-1]}")
                model.train()
            if step % recipe.train.checkpoint_every == 0:
                _save_checkpoint(
                    checkpoints, step, epoch, model, optimizer, schedule, history, recipe.train.average_last
                )
            if step >= recipe.train.max_steps or time.perf_counter() >= deadline:
                break
        else:
            epoch += 1
            continue
        break
    _save_checkpoint(checkpoints, step, epoch, model, optimizer, schedule, history, recipe.train.average_last)
    train_seconds = time.perf_counter() - train_started

    averaged = _average(
        [p for p in sorted(checkpoints.glob("step-*.pt"), key=_step_of)][-recipe.train.average_last :], device
    )
    model.load_state_dict(averaged)
    final = _validate(model, tokenizer, val_source, val_refs, device)
    summary = {
        "name": recipe.name,
        "steps": step,
        "epochs": epoch,
        "pairs": len(rows),
        "kept": kept,
        "excluded_evaluation_pairs": excluded,
        "train_seconds": round(train_seconds, 1),
        "target_tokens_per_s": round(target_tokens / train_seconds) if train_seconds else 0,
        "device": device,
        "gpu": torch.cuda.get_device_name(0) if cuda else None,
        "averaged_checkpoints": min(recipe.train.average_last, len(list(checkpoints.glob("step-*.pt")))),
        "validation": {"testset": recipe.validation, "segments": len(val_source)} | final,
        "history": history,
        "recipe": _jsonable(asdict(recipe)),
    }
    _export(model, recipe, summary)
    log(f"saved {recipe.output} (validation {final})")
    return summary


def _validate(model, tokenizer, sources: list[str], references: list[str], device: str) -> dict:
    """Loss-free quick check: greedy BLEU and chrF on the held-out news set."""
    import sacrebleu
    import torch

    model.eval()
    hypotheses = []
    with torch.inference_mode():
        for i in range(0, len(sources), 64):
            batch = tokenizer(
                sources[i : i + 64],
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=model.config.max_position_embeddings,
            ).to(device)
            out = model.generate(
                **batch, num_beams=1, max_new_tokens=min(256, model.config.max_position_embeddings - 1)
            )
            hypotheses += tokenizer.batch_decode(out, skip_special_tokens=True)
    return {
        "bleu": round(sacrebleu.corpus_bleu(hypotheses, [references]).score, 2),
        "chrf": round(sacrebleu.corpus_chrf(hypotheses, [references]).score, 2),
    }


def _save_checkpoint(folder: Path, step, epoch, model, optimizer, schedule, history, keep: int) -> None:
    import torch

    path = folder / f"step-{step}.pt"
    tmp = path.with_suffix(".tmp")
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "schedule": schedule.state_dict(),
            "step": step,
            "epoch": epoch,
            "history": history,
        },
        tmp,
    )
    tmp.replace(path)
    for old in sorted(folder.glob("step-*.pt"), key=_step_of)[:-keep]:
        old.unlink()


def _latest(folder: Path) -> Path | None:
    found = sorted(folder.glob("step-*.pt"), key=_step_of) if folder.is_dir() else []
    return found[-1] if found else None


def _step_of(path: Path) -> int:
    return int(path.stem.split("-")[1])


def _average(paths: list[Path], device: str) -> dict:
    """The mean of the models' weights in these checkpoints."""
    import torch

    total: dict[str, Any] | None = None
    for path in paths:
        weights = torch.load(path, map_location=device, weights_only=False)["model"]
        if total is None:
            total = {k: v.detach().clone().float() for k, v in weights.items()}
        else:
            for k, v in weights.items():
                total[k] += v.float()
    assert total is not None, "no checkpoints to average"
    return {k: v / len(paths) for k, v in total.items()}


def _export(model, recipe: Recipe, summary: dict) -> None:
    """float16 weights, tokenizer files, generation settings and a model card; written whole or not at all."""
    import torch

    out = recipe.output
    tmp = out.parent / f".{out.name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    model.to(torch.float16).save_pretrained(tmp, max_shard_size="15MB")
    for name in TOKENIZER_FILES:
        shutil.copy(recipe.vocabulary / name, tmp / name)
    (tmp / "MODEL_CARD.md").write_text(model_card(summary))
    (tmp / "training.json").write_text(json.dumps(summary, indent=2) + "\n")
    if out.exists():
        shutil.rmtree(out)
    tmp.replace(out)


def model_card(summary: dict) -> str:
    recipe, v = summary["recipe"], summary["validation"]
    m = recipe["model"]
    return "\n".join(
        [
            f"# {summary['name']}",
            "",
            "A German→English MarianMT model trained by `mt train` (Hugging Face `MarianMTModel` layout, float16 weights).",
            "",
            "| | |",
            "|---|---|",
            f"| architecture | d_model {m['d_model']}, {m['heads']} heads, {m['encoder_layers']} encoder / {m['decoder_layers']} decoder layers, FFN {m['ffn']}, {m['activation']}, tied embeddings, `<pad>` (decoder start) row held at zero |",
            f"| data | {summary['pairs']:,} pairs after filters and weights: "
            + ", ".join(f"{k} {n:,}" for k, n in summary["kept"].items())
            + f"; {summary['excluded_evaluation_pairs']} pairs dropped because their German side is in an evaluation set |",
            f"| training | {summary['steps']} steps, {summary['epochs']} epochs, {summary['train_seconds']} s on {summary['gpu'] or summary['device']}, {summary['target_tokens_per_s']:,} target tokens/s; average of the last {summary['averaged_checkpoints']} checkpoints |",
            f"| settings | batch {recipe['train']['batch_tokens']} tokens, lr {recipe['train']['lr']} inverse-sqrt after {recipe['train']['warmup']} warm-up steps, label smoothing {recipe['train']['label_smoothing']}, dropout {m['dropout']} |",
            f"| validation | {v['testset']} first {v['segments']} segments, greedy: BLEU {v['bleu']}, chrF {v['chrf']} |",
            "",
            "Score it properly with `mt bench --model THIS_FOLDER --testset newstest2019 --beam 4`.",
            "",
        ]
    )


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value) if isinstance(value, Path) else value
