"""The wheel: built from the checkout, installed into a fresh venv outside it, used from another folder."""

import os
import site
import subprocess
import sys
import venv

import pytest
from conftest import ROOT, SEEDS, SHARED


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A venv outside the repository with the ``mt`` wheel installed (its dependencies come from this venv)."""
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(work)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = work.glob("mt-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    # Third-party packages from this venv, but not its editable mt: a plain path line adds a folder
    # to sys.path without running the .pth files (the editable finder) inside it.
    [purelib] = (env_dir / "lib").glob("python3*/site-packages")
    (purelib / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    pip = subprocess.run(
        [env_dir / "bin" / "pip", "install", "-q", "--no-deps", str(wheel)], capture_output=True, text=True
    )
    assert pip.returncode == 0, pip.stderr
    return env_dir


def run(env_dir, *args, cwd, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MT_")} | {"HF_HUB_OFFLINE": "1"} | env
    return subprocess.run([env_dir / "bin" / "mt", *args], cwd=cwd, capture_output=True, text=True, env=environment)


@pytest.mark.slow
def test_the_installed_wheel_translates_checks_and_evaluates(installed, tmp_path):
    where = subprocess.run(
        [installed / "bin" / "python", "-c", "import mt, mt.translate.backends; print(mt.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert str(ROOT) not in where.stdout and str(installed) in where.stdout, where.stdout + where.stderr

    article = tmp_path / "article.txt"
    article.write_text((SEEDS / "lavrov-talks.de.txt").read_text(encoding="utf-8"), encoding="utf-8")
    cache = tmp_path / "cache"
    english = run(installed, "translate", "article.txt", cwd=tmp_path, MT_CACHE_DIR=str(cache))
    assert english.returncode == 0, english.stderr
    assert len(english.stdout.split("\n\n")) == 7 and "Lavrov" in english.stdout
    assert "ctranslate2 (int8)" in english.stderr and (cache / "ctranslate2").is_dir()

    flags = run(installed, "check", "article.txt", "--format", "json", cwd=tmp_path)
    assert flags.returncode == 0, flags.stderr
    assert '"US -Regierung"' in flags.stdout

    (tmp_path / "hyp.en").write_text("The government met on Monday.\n")
    (tmp_path / "ref.en").write_text("The government met on Monday.\n")
    scores = run(installed, "eval", "--hyp", "hyp.en", "--ref", "ref.en", "--bootstrap", "1", cwd=tmp_path)
    assert scores.returncode == 0, scores.stderr
    assert "100.00" in scores.stdout

    listed = run(installed, "eval", "--testset", "nope", "--hyp", "hyp.en", cwd=tmp_path, MT_SHARED=str(SHARED))
    assert listed.returncode == 2 and "newstest2019" in listed.stderr  # the registry ships in the wheel
