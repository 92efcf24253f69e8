"""The layout holds: tasks/ never imports flows/, no import circles, Prefect only in the stages module."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGES = {"tasks": "newsflow.tasks", "flows": "newsflow.flows"}


def _modules() -> dict[str, Path]:
    found = {}
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            name = ".".join((package, *parts)).removesuffix(".__init__")
            found[name] = path
    return found


def _imports(name: str, path: Path) -> set[str]:
    """newsflow modules (and top-level third-party packages) this module imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            out.add(base)
            out |= {f"{base}.{alias.name}" for alias in node.names}
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for m in _imports(name, path) if m in modules and m != name} for name, path in modules.items()}


def test_the_library_never_imports_the_edge():
    upward = {name: sorted(m for m in deps if m.startswith("newsflow.flows"))
              for name, deps in _graph().items() if name.startswith("newsflow.tasks")}
    assert {name: deps for name, deps in upward.items() if deps} == {}


def test_no_import_circles():
    graph, state, cycles = _graph(), {}, []

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for dep in sorted(graph[node]):
            if dep.startswith(node + "."):   # a package importing its own modules is not a circle
                continue
            if state.get(dep) == "open":
                cycles.append(path[path.index(dep):] + [dep] if dep in path else [node, dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_prefect_only_in_the_stages_module():
    modules = _modules()
    users = sorted(name for name, path in modules.items() if name.startswith("newsflow.tasks")
                   and any(m.split(".")[0] == "prefect" for m in _imports(name, path)))
    assert users == ["newsflow.tasks.run.stages"]
