"""The import graph of wuse's own modules, read from the source with ``ast`` (imports inside functions too).

``python scripts/import_graph.py`` prints every cycle (strongly connected component) and every import from
the core (``wuse``) into a step; ``tests/test_architecture.py`` asserts there are none.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("wuse", "needs", "projects", "evaluation", "assessment")
CORE = "wuse"
STEPS = tuple(p for p in PACKAGES if p != CORE)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        base = ROOT / package
        if not base.is_dir():
            continue
        for path in base.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found[module_name(path)] = path
    return found


def _resolve(current: str, is_package: bool, level: int, target: str | None) -> str:
    parts = current.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, *([target] if target else [])])


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The known modules ``name`` imports (``from x import y`` counts ``x.y`` when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, is_package, node.level, node.module) if node.level else node.module or ""
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    edges = {name: imports_of(name, path, known) for name, path in found.items()}
    # A package's __init__ importing its own submodules is how a package exposes them, not a cycle.
    for name, targets in edges.items():
        edges[name] = {t for t in targets if not (found[name].name == "__init__.py" and t.startswith(name + "."))}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, result, counter = {}, {}, set(), [], [], [0]

    def visit(root: str) -> None:
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        result.append(sorted(component))

    for name in sorted(edges):
        if name not in index:
            visit(name)
    return sorted(result)


def core_to_step(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted((a, b) for a, targets in edges.items() if a.split(".")[0] == CORE
                  for b in targets if b.split(".")[0] in STEPS)


def main() -> int:
    edges = graph()
    found_cycles, leaks = cycles(edges), core_to_step(edges)
    for component in found_cycles:
        print("cycle:", " ↔ ".join(component))
    for source, target in leaks:
        print(f"core imports a step: {source} → {target}")
    print(f"{len(edges)} modules, {sum(map(len, edges.values()))} imports, {len(found_cycles)} cycles, "
          f"{len(leaks)} core → step imports")
    return 1 if found_cycles or leaks else 0


if __name__ == "__main__":
    sys.exit(main())
