"""The version of ``mt``: the one place it is written (``pyproject.toml`` and ``mt.__version__`` read it)."""

__version__ = "0.2.0"
