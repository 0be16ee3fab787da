"""Finding a model: a local folder, a bundled model, or a Hugging Face id (cached or downloaded).

Nothing here waits on a network that is not there: before a hub download, one short
connection attempt tells whether the hub can be reached at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import socket
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from mt.config import cache_dir, models_dir, offline
from mt.errors import MtError
from mt.support.atomic import write_whole

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
BUNDLED_MODEL = "marian-de-en-compact"
MODEL_FILES = ["config.json", "generation_config.json", "*.safetensors", "*.spm", "vocab.json", "tokenizer_config.json"]


class ModelError(MtError, RuntimeError):
    """A model cannot be found or loaded; the message says why and what to do."""


@dataclass(frozen=True)
class ModelRef:
    """A model resolved to a folder on disk."""

    name: str  # as the user named it (or the fallback's name)
    path: Path
    source: str  # "local", "bundled", "cache" or "hub"


def bundled_models() -> list[ModelRef]:
    root = models_dir()
    if not root.is_dir():
        return []
    return [
        ModelRef(p.name, p, "bundled")
        for p in sorted(root.iterdir())
        if (p / "config.json").is_file() and is_marian(p / "config.json")
    ]


def cached_models() -> list[ModelRef]:
    """Marian models in the local Hugging Face cache."""
    try:
        from huggingface_hub import scan_cache_dir

        cache = scan_cache_dir()
    except Exception:  # no cache folder yet, or an unreadable one: nothing cached
        return []
    found = []
    for repo in sorted(cache.repos, key=lambda r: r.repo_id):
        if repo.repo_type != "model":
            continue
        for revision in repo.revisions:
            config = revision.snapshot_path / "config.json"
            if config.is_file() and is_marian(config):
                found.append(ModelRef(repo.repo_id, revision.snapshot_path, "cache"))
                break
    return found


def resolve(name: str | None) -> ModelRef:
    """Find the model ``name`` (default: :data:`DEFAULT_MODEL`, falling back to the bundled one).

    A model the user names explicitly is never silently replaced: if it cannot be found,
    :class:`ModelError` says why. Only the default falls back, with one warning.
    """
    if name is not None:
        return _resolve_named(name)
    try:
        return _resolve_named(DEFAULT_MODEL)
    except ModelError as err:
        fallback = models_dir() / BUNDLED_MODEL
        if not (fallback / "config.json").is_file():
            raise ModelError(f"{err}; and the bundled model is missing at {fallback}") from None
        warnings.warn(
            f"default model {DEFAULT_MODEL} is not available ({err}); using the bundled {BUNDLED_MODEL}",
            FallbackWarning,
            stacklevel=2,
        )
        return ModelRef(BUNDLED_MODEL, fallback, "bundled")


class FallbackWarning(UserWarning):
    """The default model could not be loaded and the bundled one is used instead."""


def _resolve_named(name: str) -> ModelRef:
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelError(f"{name}: folder has no config.json; is it a Hugging Face model folder?")
        return ModelRef(name, path, "local")
    if name.startswith((".", "/", "~")) or name.count("/") > 1:  # a path, not a hub id
        raise ModelError(f"{name}: no such model folder")
    bundled = models_dir() / name
    if (bundled / "config.json").is_file():
        return ModelRef(name, bundled, "bundled")
    return _from_hub(name)


def _from_hub(repo_id: str) -> ModelRef:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError

    try:
        path = snapshot_download(repo_id, allow_patterns=MODEL_FILES, local_files_only=True)
        return ModelRef(repo_id, Path(path), "cache")
    except OSError:  # LocalEntryNotFoundError: not cached
        pass
    if offline():
        raise ModelError(f"{repo_id} is not in the local cache and HF_HUB_OFFLINE is set")
    endpoint = _hub_endpoint()
    if not _reachable(endpoint):
        raise ModelError(f"{repo_id} is not in the local cache and the model hub ({endpoint}) cannot be reached")
    try:
        path = snapshot_download(repo_id, allow_patterns=MODEL_FILES)
    except RepositoryNotFoundError:
        raise ModelError(f"{repo_id}: no such model on the hub (or it is private)") from None
    except (HfHubHTTPError, OSError, ValueError) as err:
        raise ModelError(f"{repo_id}: download failed: {err}") from None
    return ModelRef(repo_id, Path(path), "hub")


log = logging.getLogger(__name__)
_fingerprints: dict[Path, str] = {}


def fingerprint(path: Path) -> str:
    """A short content hash of a model folder (config, vocabularies and weights). Hashing hundreds of megabytes of
    weights takes a good part of a second, paid by every run: the hash is kept under the cache folder with each
    file's name, size and modification time, and used again while they are all the same (as ``make`` and ``rsync``
    tell a changed file)."""
    path = path.resolve()
    if path not in _fingerprints:
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix != ".md")
        stamp = [[f.name, info.st_size, info.st_mtime_ns] for f in files for info in (f.stat(),)]
        kept = cache_dir() / "fingerprints" / f"{hashlib.sha256(str(path).encode()).hexdigest()[:24]}.json"
        try:
            record = json.loads(kept.read_text(encoding="utf-8"))
            known = record["digest"] if record.get("files") == stamp and isinstance(record.get("digest"), str) else None
        except (OSError, ValueError, AttributeError, KeyError, TypeError):
            known = None
        if known is None:
            known = _content_hash(files)
            try:
                _keep(kept, {"path": str(path), "files": stamp, "digest": known})
            except OSError as err:
                log.debug("could not keep the fingerprint of %s: %s", path, err)
        _fingerprints[path] = known
    return _fingerprints[path]


def _keep(path: Path, record: dict) -> None:
    def write(tmp: str) -> None:
        Path(tmp).write_text(json.dumps(record) + "\n", encoding="utf-8")

    write_whole(path, write)


def _content_hash(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def _hub_endpoint() -> str:
    from huggingface_hub import constants

    return constants.ENDPOINT


def _reachable(endpoint: str, timeout: float = 3.0) -> bool:
    """One TCP connection attempt to the hub, bounded by ``timeout`` seconds."""
    url = urlparse(endpoint)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((url.hostname or "", port), timeout=timeout):
            return True
    except OSError:
        return False


def is_marian(config_path: Path) -> bool:
    """The ``config.json`` at ``config_path`` describes a Marian model."""
    try:
        return json.loads(config_path.read_text()).get("model_type") == "marian"
    except (OSError, ValueError):
        return False
