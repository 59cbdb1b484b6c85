"""No module of safespace imports, however indirectly, a module that imports it back.

The layers contract (`lint-imports`, pyproject.toml) keeps parts from importing upwards, but
it does not look for cycles inside a part or between siblings. Every import counts, those made
inside a function too: they run just the same, only later.
"""

from __future__ import annotations

import grimp


def cycles(package: str) -> list[list[str]]:
    """Each group of modules that reach one another through imports (its strongly connected
    components with more than one module), found with Tarjan's algorithm."""
    graph = grimp.build_graph(package, cache_dir=None)
    modules = sorted(graph.modules)
    imports = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        # Iterative, so a long chain of imports cannot exhaust Python's recursion limit.
        work = [(root, 0)]
        while work:
            module, next_child = work.pop()
            if next_child == 0:
                index[module] = low[module] = len(index)
                stack.append(module)
                on_stack.add(module)
            children = imports[module]
            if next_child < len(children):
                work.append((module, next_child + 1))
                child = children[next_child]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
    return found


def test_no_module_imports_itself_round_a_cycle() -> None:
    assert cycles("safespace") == []
