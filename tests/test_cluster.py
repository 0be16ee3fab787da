"""mt translate --ray: the same outputs as the local path, on a local Ray and on a two-node cluster that loses a
node in the middle of the run."""

import json
import threading
import time
from pathlib import Path

import pytest
from conftest import BUNDLED, TEST_DATA

from mt.app.translation import TranslateRequest, translate_inputs
from mt.pipeline.manifest import MANIFEST
from mt.translate.spec import TranslatorSpec

ray = pytest.importorskip("ray", reason="Ray is installed by make install (the cluster extra)")
pytestmark = pytest.mark.slow  # each test starts Ray and loads a model per actor


def news(count: int, start: int = 0) -> list[str]:
    return (TEST_DATA / "newstest2019-deen.de").read_text(encoding="utf-8").splitlines()[start : start + count]


def inputs(folder: Path) -> Path:
    """A folder of articles in every input kind: text, Markdown, HTML, JSONL and Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir()
    lines = news(96)
    for i in range(4):
        (folder / f"article-{i}.txt").write_text("\n\n".join(lines[i * 12 : i * 12 + 12]) + "\n", encoding="utf-8")
    (folder / "notes.md").write_text(f"# Meldungen\n\n- {lines[48]}\n- {lines[49]}\n\n{lines[50]}\n", encoding="utf-8")
    (folder / "page.html").write_text(f'<p><a href="/a">{lines[47]}</a></p>', encoding="utf-8")  # pickled as its source
    feed = [{"id": f"dpa-{i}", "text": t, "desk": "Politik"} for i, t in enumerate(lines[51:71])]
    (folder / "feed.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in feed), "utf-8")
    rows = [{"id": i, "text": t, "desk": "Sport"} for i, t in enumerate(lines[71:96])]
    pq.write_table(pa.Table.from_pylist(rows), folder / "wire.parquet")
    return folder


def translate(source: Path, output: Path, ray_options=None, group_chars: int = 1_500):
    request = TranslateRequest([str(source)], output, group_chars=group_chars, ray=ray_options)
    summary, _ = translate_inputs(request, TranslatorSpec(str(BUNDLED)), progress=False)
    assert summary.ok, summary.failed
    return summary


def same_outputs(one: Path, other: Path) -> None:
    names = sorted(p.name for p in one.iterdir() if p.name != MANIFEST)
    assert names == sorted(p.name for p in other.iterdir() if p.name != MANIFEST)
    for name in names:
        assert (one / name).read_bytes() == (other / name).read_bytes(), f"{name} differs"


def recorded(outbox: Path) -> list[str]:
    return [json.loads(line)["output"] for line in (outbox / MANIFEST).read_text().splitlines()]


def test_a_folder_of_every_input_kind_through_ray_is_the_local_output_byte_for_byte(tmp_path):
    source = inputs(tmp_path / "in")
    translate(source, tmp_path / "local")
    from mt.pipeline.cluster import RayOptions

    try:
        summary = translate(source, tmp_path / "ray", RayOptions(actors=2, cpus_per_actor=0.5))  # 2 actors, 1 core
        assert summary.translated == 8 and summary.stats.sentences > 90
        same_outputs(tmp_path / "local", tmp_path / "ray")
        again = translate(source, tmp_path / "ray", RayOptions(actors=2, cpus_per_actor=0.5))
        assert (again.translated, again.skipped) == (0, 8)  # the same manifest: a rerun skips what is done
    finally:
        ray.shutdown()
    import pyarrow.parquet as pq

    wire = pq.read_table(tmp_path / "ray" / "wire.parquet").to_pylist()
    assert [r["desk"] for r in wire] == ["Sport"] * 25 and all(r["translation"] for r in wire)


def test_a_node_lost_in_the_middle_of_a_run_costs_nothing_and_writes_nothing_twice(tmp_path):
    from ray.cluster_utils import Cluster

    from mt.pipeline.cluster import RayOptions

    source = tmp_path / "in"
    source.mkdir()
    lines = news(160, start=200)
    for i in range(16):
        (source / f"a-{i:02}.txt").write_text("\n\n".join(lines[i * 10 : i * 10 + 10]) + "\n", encoding="utf-8")
    translate(source, tmp_path / "local", group_chars=1_000)

    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    worker = cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    outbox = tmp_path / "ray"
    done: list[object] = []
    try:
        options = RayOptions(address=cluster.address, actors=2, cpus_per_actor=0.5)
        run = threading.Thread(target=lambda: done.append(translate(source, outbox, options, group_chars=1_000)))
        run.start()
        deadline = time.monotonic() + 240
        while not (outbox / MANIFEST).exists() or len(recorded(outbox)) < 3:
            assert time.monotonic() < deadline and run.is_alive(), "the run did not start writing"
            time.sleep(0.2)
        cluster.remove_node(worker, allow_graceful=False)  # the worker node dies with its actor
        at_the_loss = len(recorded(outbox))
        run.join(300)
        assert not run.is_alive(), "the run did not finish after losing a node"
    finally:
        ray.shutdown()
        cluster.shutdown()
    assert done, "the run failed"
    assert at_the_loss < 16, "the run was over before the node was lost: the test proves nothing"
    same_outputs(tmp_path / "local", outbox)
    assert sorted(recorded(outbox)) == [f"a-{i:02}.txt" for i in range(16)]  # each written and recorded once
