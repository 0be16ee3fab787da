"""The shape of the package: stages in layers, no import cycles, SQL only in the store, one version."""

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "mt"


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """The mt modules that ``name`` imports, at module level or inside functions."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            found.add(base)  # "from mt.check import data" runs mt/check/__init__.py, then imports mt.check.data
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in found if m in known and m != name}


# The stages, lowest first. A module imports its own package and the packages of lower layers, never a
# package of its own layer or a higher one. ``mt`` itself (the library's front door) and ``mt.__main__`` sit on top.
LAYERS = [
    {"mt.errors", "mt.version"},
    {"mt.config", "mt.support"},
    {"mt.document"},
    {"mt.lang", "mt.plugins"},
    {"mt.formats"},
    {"mt.translate"},
    {"mt.check", "mt.qa"},
    {"mt.pipeline", "mt.evaluation"},
    {"mt.training"},
    {"mt.app"},
    {"mt.service"},
    {"mt.cli"},
]
TOP = {"mt", "mt.__main__"}


def stage(module: str) -> str:
    """The package of the layering a module belongs to: ``mt.lang.lexicon`` → ``mt.lang``."""
    return ".".join(module.split(".")[:2])


def layer(module: str) -> int:
    return next(i for i, packages in enumerate(LAYERS) if stage(module) in packages)


def test_every_module_belongs_to_a_stage():
    assert sorted(m for m in modules() if m not in TOP and not any(stage(m) in ps for ps in LAYERS)) == []


def test_a_stage_imports_only_the_stages_below_it():
    known = modules()
    upward = sorted(
        f"{name} → {used}"
        for name, path in known.items()
        if name not in TOP
        for used in imports(path, name, known)
        if used not in TOP and stage(used) != stage(name) and layer(used) >= layer(name)
    ) + sorted(
        f"{name} → mt"
        for name, path in known.items()
        if name not in TOP and "mt" in imports(path, name, known | {"mt": path})
    )
    assert upward == [], "imports of the same or a higher layer: " + "; ".join(upward)


def test_no_import_cycles():
    known = modules()
    graph = {name: imports(path, name, known) for name, path in known.items()}
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_sql_lives_in_the_store_only():
    users = sorted(
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "sqlalchemy" in path.read_text(encoding="utf-8")
    )
    assert users and all(u.startswith("mt/service/store/") for u in users), users


def test_one_version_source():
    import tomllib

    from mt import __version__
    from mt.version import __version__ as written

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"] and __version__ == written


def test_eval_scripts_import_the_package_and_load_test_sets_by_name():
    """The eval scripts run against the installed package (no sys.path edits), read registered test sets through
    the registry (never by a path of their own), and refuse an uncommitted checkout unless told (--allow-dirty)."""
    import tomllib

    registry = tomllib.loads((ROOT / "mt" / "evaluation" / "data" / "testsets.toml").read_text())
    files = {
        Path(t).name
        for entry in registry.values()
        for t in [entry.get("source", ""), entry.get("segments", ""), *entry.get("references", [])]
        if t.startswith("{data}")
    }
    stems = {name.split(".")[0] for name in files} - set(registry)  # newstest2019-deen, not newstest2019
    problems = []
    for script in sorted((ROOT / "eval").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        if "sys.path" in text:
            problems.append(f"{script.name} edits sys.path")
        problems += [f"{script.name} names the file {name}" for name in files | stems if name in text]
        if "write_text(" in text or "atomic_write(" in text:
            if "committed_source(" not in text:
                problems.append(f"{script.name} writes results without checking the tree")
    assert problems == []
