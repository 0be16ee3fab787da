"""Batch translation on a Ray cluster (``mt translate --ray``): the local path's groups, translated by an actor
pool of Ray Data, written by the driver.

The driver reads and checks the inputs, cuts them into the same groups as the local path
(:mod:`mt.pipeline.runner`) and keeps the manifest. Ray Data streams the groups through ``map_batches`` with
:class:`GroupTranslator`, a callable class of which each actor loads one
:class:`~mt.translate.translator.Translator` (either engine; a GPU each where asked). An actor translates a group
whole, as the local path does, so both paths write the same bytes. When an actor or its node dies, Ray
restarts the actor and runs its group again; the driver writes each finished group's files atomically
and records them in the manifest, so nothing is written half or twice, and a killed driver resumes when
the command is run again. Ray's own progress bars are off; the driver's bar and summary are the local
path's.
"""

from __future__ import annotations

import logging
import math
import pickle
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from mt.document.model import Document
from mt.errors import MtError
from mt.pipeline.runner import translate_group
from mt.translate.glossary import Glossary
from mt.translate.memory import TranslationMemory
from mt.translate.results import DocumentTranslation, TranslationStats
from mt.translate.signature import RunSignature
from mt.translate.spec import TranslatorSpec
from mt.translate.translator import Translator


class ClusterError(MtError, RuntimeError):
    """Ray is missing, or the cluster cannot be reached; the message says what to do."""


@dataclass(frozen=True)
class RayOptions:
    """Where and how wide: ``address`` None starts a local Ray (``"auto"``: the cluster this machine is in)."""

    address: str | None = None
    actors: int = 2
    cpus_per_actor: float = 1.0  # fractional is allowed: two actors of 0.5 share a core
    gpus_per_actor: float | None = None  # None: 1 when the cluster has GPUs, else 0


@dataclass(frozen=True)
class _Work:
    """What an actor needs besides the documents: how to load the translator, and what to apply."""

    spec: TranslatorSpec
    glossary: Glossary | None
    memory: TranslationMemory | None
    redecode_below: float | None
    redecode_beam: int

    def translator(self) -> Translator:
        return self.spec().with_glossary(self.glossary).with_memory(self.memory)


class GroupTranslator:
    """Ray Data's callable class: one loaded translator per actor, one group per batch row."""

    def __init__(self, work: bytes) -> None:
        from mt.qa.assess import Assessor

        self.work: _Work = pickle.loads(work)
        self.translator = self.work.translator()
        self.assessor = Assessor()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        results = []
        for payload in batch["documents"]:
            self.translator.stats = TranslationStats()
            translations, improved = translate_group(
                self.translator, pickle.loads(payload), self.work.redecode_below, self.work.redecode_beam, self.assessor
            )
            results.append(pickle.dumps((translations, self.translator.stats, improved)))
        return {"group": list(batch["group"]), "result": results}


class RayGroups:
    """Translates groups of documents on a Ray cluster; :meth:`signature` says what the actors run."""

    def __init__(self, options: RayOptions, work: _Work) -> None:
        self.options = options
        self.work = work
        self.stats = TranslationStats()
        self.redecoded = 0
        self.gpus = 0.0
        self._connected = False
        self._signature: RunSignature | None = None

    @classmethod
    def for_translation(
        cls,
        options: RayOptions,
        spec: TranslatorSpec,
        glossary: Glossary | None = None,
        memory: TranslationMemory | None = None,
        redecode_below: float | None = None,
        redecode_beam: int = 8,
    ) -> RayGroups:
        return cls(options, _Work(spec, glossary, memory, redecode_below, redecode_beam))

    def _connect(self) -> None:
        """Join (or start) Ray once, when there is work: the actors' device and threads follow the cluster."""
        if self._connected:
            return
        try:
            import ray
        except ImportError:
            raise ClusterError("Ray is not installed: pip install 'mt[cluster]' (or 'ray[data]')") from None
        if not ray.is_initialized():
            self._init(ray)
        self._connected = True
        self.gpus = self._gpus()
        threads = self.work.spec.threads or max(1, math.ceil(self.options.cpus_per_actor))
        spec = replace(self.work.spec, device="cuda" if self.gpus else "cpu", threads=threads)
        self.work = replace(self.work, spec=spec)

    def _init(self, ray: Any) -> None:
        try:
            ray.init(
                address=self.options.address,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.WARNING,
                configure_logging=False,
            )
        except (ConnectionError, RuntimeError, ValueError) as err:
            raise ClusterError(f"cannot join the Ray cluster at {self.options.address}: {err}") from None
        from ray.data import DataContext

        for name in ("ray", "ray.data"):  # Ray's own chatter (its bars are off; the driver reports)
            logging.getLogger(name).setLevel(max(logging.ERROR, logging.getLogger().level))
        context = DataContext.get_current()
        context.enable_progress_bars = False  # the driver's own bar shows progress
        context.print_on_execution_start = False

    def _gpus(self) -> float:
        import ray

        if self.options.gpus_per_actor is not None:
            return self.options.gpus_per_actor
        return 1.0 if ray.cluster_resources().get("GPU", 0) >= 1 else 0.0

    def where(self) -> str:
        return f"on Ray: {self.options.actors} actors"

    def signature(self) -> RunSignature:
        """The run signature of the translator the actors load (asked of the cluster, where it may differ)."""
        if self._signature is None:
            import ray

            self._connect()

            @ray.remote(num_cpus=self.options.cpus_per_actor, num_gpus=self.gpus)
            def sign(work: bytes) -> RunSignature:
                translator: Translator = pickle.loads(work).translator()
                return translator.signature()

            self._signature = ray.get(sign.remote(pickle.dumps(self.work)))
        return self._signature

    def translate(self, groups: list[list[Document]]) -> Iterator[tuple[int, list[DocumentTranslation]]]:
        """(index, translations) of each group, as soon as it is done (not in order)."""
        import ray
        from ray.data import ActorPoolStrategy

        if not groups:
            return
        self._connect()
        rows = [{"group": i, "documents": pickle.dumps(documents)} for i, documents in enumerate(groups)]
        # Ray Data's actors restart without end and retry their tasks (max_restarts and max_task_retries -1
        # by default): an actor whose node died comes back elsewhere, and its group is translated again.
        with warnings.catch_warnings():  # Ray 2.60 deprecates extra remote arguments but names none for this
            warnings.filterwarnings("ignore", message=".*ray_remote_args.*")
            dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
                GroupTranslator,
                fn_constructor_kwargs={"work": pickle.dumps(self.work)},
                batch_size=1,
                compute=ActorPoolStrategy(size=min(self.options.actors, len(rows))),
                num_cpus=self.options.cpus_per_actor,
                num_gpus=self.gpus,
                scheduling_strategy="SPREAD",  # actors on different nodes where there are several
            )
        for row in dataset.iter_rows():
            translations, stats, improved = pickle.loads(row["result"])
            self.stats.add(stats)
            self.redecoded += improved
            yield int(row["group"]), translations
