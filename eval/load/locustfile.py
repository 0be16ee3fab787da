"""Locust users of ``mt serve``: editors who each send one real news sentence after another.

Driven by ``eval/load_test.py``, which sets: ``MT_LOAD_KEYS`` (a JSON file of API keys, one per user),
``MT_LOAD_SENTENCES`` (German sentences, one per line), ``MT_LOAD_ENDPOINT`` (``check`` or ``translate``),
``MT_LOAD_WAIT`` (seconds between a user's requests) and ``MT_LOAD_RESULTS`` (where each answer's status
and time go, as JSON, when the run ends). Refusals under overload (429, 503) are answers, not errors.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from collections import Counter, defaultdict
from pathlib import Path

from locust import HttpUser, constant, events, task

KEYS = json.loads(Path(os.environ["MT_LOAD_KEYS"]).read_text())
SENTENCES = Path(os.environ["MT_LOAD_SENTENCES"]).read_text(encoding="utf-8").splitlines()
ENDPOINT = os.environ.get("MT_LOAD_ENDPOINT", "check")
_users = itertools.count()
_times: dict[int, list[float]] = defaultdict(list)  # status → response times in ms
_errors: Counter[str] = Counter()  # status and message of each refusal or error


class Editor(HttpUser):
    wait_time = constant(float(os.environ.get("MT_LOAD_WAIT", "0")))

    def on_start(self) -> None:
        number = next(_users)
        self.client.headers["Authorization"] = f"Bearer {KEYS[number % len(KEYS)]}"
        self.sentences = random.Random(number)

    @task
    def send(self) -> None:
        text = self.sentences.choice(SENTENCES)
        with self.client.post(f"/v1/{ENDPOINT}", json={"text": text}, name=ENDPOINT, catch_response=True) as answer:
            if answer.status_code in (429, 503):
                answer.success()


@events.request.add_listener
def _record(response_time: float, response, **kwargs) -> None:
    status = getattr(response, "status_code", 0)
    _times[status].append(response_time)
    if status != 200:
        try:
            message = response.json()["error"]
        except Exception:
            message = str(kwargs.get("exception"))
        _errors[f"{status} {message[:100]}"] += 1


@events.quitting.add_listener
def _write(environment, **kwargs) -> None:
    Path(os.environ["MT_LOAD_RESULTS"]).write_text(json.dumps({"times": _times, "errors": _errors}))
