"""The shape of the code: dependencies point one way (core ← needs ← projects ← evaluation), with no
cycle between modules, and the core knows no step — not by import, not by a URL name or model label in a
string, not in its templates."""

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import import_graph  # noqa: E402  (scripts/ is not a package)

STEPS = ("needs", "projects", "evaluation", "assessment")
# The project's composition root lists the steps (INSTALLED_APPS, URL includes): that is its job.
COMPOSITION_ROOT = {"wuse/settings", "wuse/urls.py"}
STEP_REFERENCE = re.compile(rf"^({'|'.join(STEPS)})[.:][A-Za-z_]")
STEP_IN_TEMPLATE = re.compile(rf"""\{{%\s*url\s+['"]({'|'.join(STEPS)}):""")
# Sub-apps with templates of their own (a step's templates may link its own and earlier steps' pages).
STEP_TEMPLATE_DIRS = {f"templates/{step}" for step in STEPS} | {"templates/rectification"}
# Layers, earliest first; a sub-app named here is a later layer than its parent (``evaluation`` never imports
# ``evaluation.rectification``). A module belongs to the longest name it starts with.
ORDER = ("wuse", "needs", "projects", "evaluation", "projects.venture", "evaluation.rectification", "assessment",
         "assessment.plans", "assessment.dashboards", "assessment.reports")


def layer(module: str) -> str:
    return max((name for name in ORDER if module == name or module.startswith(name + ".")), key=len)


@pytest.fixture(scope="module")
def edges():
    return import_graph.graph()


def test_no_module_imports_itself_back_through_others(edges):
    assert import_graph.cycles(edges) == []


def test_the_core_imports_no_step(edges):
    assert import_graph.core_to_step(edges) == []


def test_steps_depend_only_on_earlier_steps(edges):
    rank = {name: i for i, name in enumerate(ORDER)}
    backwards = sorted((a, b) for a, targets in edges.items() for b in targets if rank[layer(b)] > rank[layer(a)])
    assert backwards == []


def _docstrings(tree) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_the_core_names_no_step_in_a_string():
    """``apps.get_model("needs", …)``, ``reverse("needs:list")``, ``"needs.Need"``: the core asks the
    registration points instead (register_nav, register_region_link, register_target(…, demo=…))."""
    found = []
    for path in sorted((ROOT / "wuse").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "migrations" in path.parts or any(relative.startswith(root) for root in COMPOSITION_ROOT):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and STEP_REFERENCE.match(node.value)):
                found.append(f"{relative}:{node.lineno} {node.value!r}")
    assert found == []


def test_the_core_templates_link_no_step():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if any(relative.startswith(d + "/") for d in STEP_TEMPLATE_DIRS):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if STEP_IN_TEMPLATE.search(line):
                found.append(f"{relative}:{number}")
    assert found == []


def test_the_import_graph_script_finds_a_planted_cycle():
    """The checks above could pass by finding nothing at all: show they find a cycle and a core → step import."""
    edges = {"wuse.a": {"wuse.b"}, "wuse.b": {"needs.c"}, "needs.c": {"wuse.a"}, "needs.d": set()}
    assert import_graph.cycles(edges) == [["needs.c", "wuse.a", "wuse.b"]]
    assert import_graph.core_to_step(edges) == [("wuse.b", "needs.c")]
    real = import_graph.graph()
    assert len(real) > 100 and "needs.workflow" in real["needs.models"]
    assert "wuse.workflow.services" in real["needs.workflow"]  # an import inside a function counts too
