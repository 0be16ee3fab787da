"""Every environment variable ``mt`` reads, in one place; each is read when it is needed, not at import.

=====================  ===========================================================  =================================
variable               what it sets                                                 default
=====================  ===========================================================  =================================
``MT_CACHE_DIR``       where mt keeps what it derives once (model conversions,       ``$XDG_CACHE_HOME/mt``, else
                       dictionary and collocation caches)                           ``~/.cache/mt``
``MT_MODELS_DIR``      where bundled models live                                    the package's ``mt/bundled/``
``MT_RULES_DIR``       a folder of editors' own rule files, merged with the         none
                       bundled ones (:mod:`mt.plugins.rulefiles`)
``MT_HUNSPELL_DIRS``   folders searched for the Hunspell dictionaries, ``:``-       ``/usr/share/hunspell:``
                       separated                                                    ``/usr/share/myspell``
``MT_TRANS_DE_EN``     the German-English dictionary of Debian's ``trans-de-en``     ``/usr/share/trans/de-en``
``MT_SHARED``          the shared folder whose ``data/`` holds test sets and         ``shared`` beside the checkout
                       training corpora                                             or the current folder
``HF_HUB_OFFLINE``,    never ask the Hugging Face hub for a model (also             unset: the hub is tried
``TRANSFORMERS_OFF…``  ``TRANSFORMERS_OFFLINE``)
=====================  ===========================================================  =================================
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent  # the source checkout, when mt runs from one


def cache_dir() -> Path:
    """Where ``mt`` keeps what it derives (model conversions, caches): ``$MT_CACHE_DIR``, else ``$XDG_CACHE_HOME/mt``."""
    if "MT_CACHE_DIR" in os.environ:
        return Path(os.environ["MT_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mt"


def models_dir() -> Path:
    """Where bundled models live: ``$MT_MODELS_DIR``, else the package's ``mt/bundled/`` (in a wheel too)."""
    return Path(os.environ.get("MT_MODELS_DIR", PACKAGE / "bundled"))


def rules_dir() -> Path | None:
    """The editors' own rule files, ``$MT_RULES_DIR``, if set."""
    folder = os.environ.get("MT_RULES_DIR")
    return Path(folder) if folder else None


def hunspell_dirs() -> list[Path]:
    """Folders searched for Hunspell's ``de_DE`` and ``en_US`` dictionaries."""
    return [Path(p) for p in os.environ.get("MT_HUNSPELL_DIRS", "/usr/share/hunspell:/usr/share/myspell").split(":")]


def trans_de_en() -> Path:
    """Debian's ``trans-de-en`` German-English dictionary."""
    return Path(os.environ.get("MT_TRANS_DE_EN", "/usr/share/trans/de-en"))


def shared_data_dir() -> Path:
    """The shared data folder: ``$MT_SHARED/data``, else ``shared/data`` beside the source checkout or
    beside the current folder."""
    if "MT_SHARED" in os.environ:
        return Path(os.environ["MT_SHARED"]) / "data"
    candidates = [CHECKOUT.parent / "shared", Path.cwd().parent / "shared", Path.cwd() / "shared"]
    return next((c for c in candidates if (c / "data").is_dir()), candidates[0]) / "data"


def offline() -> bool:
    """Whether the Hugging Face hub must not be asked (``HF_HUB_OFFLINE`` or ``TRANSFORMERS_OFFLINE``)."""
    return any(
        os.environ.get(var, "").strip().lower() in {"1", "true", "yes", "on"}
        for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )
