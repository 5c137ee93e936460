"""The architecture, checked: no import loop, Flask only at the edges, storage never generates.

In the spirit of the URL-map access test: it reads every module's imports (those inside
functions too), so a module added later is held to the same rules without anyone remembering.
"""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "specifier"
# The web framework and what is built on it: only the edges of the app may import these.
FLASK = ("flask", "flask_login", "flask_wtf", "flask_limiter", "flask_talisman", "wtforms")
FLASK_FREE_EXCEPT = ("views", "pages", "forms", "commands")  # module names, or *_views
# The specification generator: the document model, the clause library and its renderers.
GENERATOR = ("specifier.specification.document", "specifier.specification.clauses")
GENERATOR_PACKAGES = ("specifier.specification.export",)
TEST_FOLDER_NAMES = {"spec", "specs", "test", "tests"}
SQL_CALLS = {"query", "execute", "table"}


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def imports(name):
    """Every specifier module `name` imports, at the top or inside a function."""
    found = set()
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports(name) for name in MODULES}


def third_party(name):
    """The top-level names of everything outside the project that `name` imports."""
    found = set()
    for node in ast.walk(TREES[name]):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def loops():
    """Strongly connected groups of modules that import each other (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def is_edge(name):
    """Views, page handlers, forms, commands, the web glue and the app factory may use Flask."""
    last = name.rpartition(".")[2]
    return (
        name in ("specifier", "specifier.cli")
        or name.startswith("specifier.web")
        or last in FLASK_FREE_EXCEPT
        or last.endswith("_views")
    )


def runs_sql(name):
    """True when a module queries the database itself: it is storage."""
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SQL_CALLS
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in ("db", "conn", "self")
        for node in ast.walk(TREES[name])
    )


def is_generator(name):
    return name in GENERATOR or name.startswith(GENERATOR_PACKAGES)


def test_the_rules_read_the_whole_package():
    assert len(MODULES) > 60 and "specifier.specification.document" in MODULES
    assert GRAPH["specifier.specification.views"] >= {"specifier.specification.pages"}
    assert any(runs_sql(m) for m in MODULES) and not runs_sql("specifier.wording")


def test_no_module_imports_itself_round_a_loop():
    assert loops() == []


def test_flask_is_imported_only_at_the_edges():
    wrong = {m: sorted(third_party(m) & set(FLASK)) for m in MODULES if not is_edge(m)}
    assert {m: found for m, found in wrong.items() if found} == {}


def test_storage_never_imports_the_generator():
    wrong = {
        m: sorted(i for i in GRAPH[m] if is_generator(i))
        for m in MODULES
        if runs_sql(m) and not is_edge(m)
    }
    assert {m: found for m, found in wrong.items() if found} == {}


def test_only_the_app_factory_imports_views():
    views = {m for m in MODULES if m.endswith(".views") or m.endswith("_views")}
    wrong = {m: sorted(GRAPH[m] & views) for m in MODULES if m != "specifier"}
    assert {m: found for m, found in wrong.items() if found} == {}


def test_no_folder_is_named_like_a_test_folder():
    folders = {p.name for p in PACKAGE.rglob("*") if p.is_dir() and p.name != "__pycache__"}
    assert folders & TEST_FOLDER_NAMES == set()


def test_a_loop_through_a_function_level_import_is_found():
    TREES["specifier.fields"] = ast.parse("def f():\n    from specifier.wording import money\n")
    GRAPH["specifier.fields"] = imports("specifier.fields")
    try:
        GRAPH["specifier.wording"] = GRAPH["specifier.wording"] | {"specifier.fields"}
        assert ["specifier.fields", "specifier.wording"] in loops()
    finally:
        TREES["specifier.fields"] = ast.parse(MODULES["specifier.fields"].read_text())
        GRAPH["specifier.fields"] = imports("specifier.fields")
        GRAPH["specifier.wording"] = imports("specifier.wording")


def test_commands_that_never_export_do_not_load_word_or_excel():
    script = (
        "import sys; from specifier import create_app; create_app();"
        "print(sorted({'docx', 'openpyxl'} & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert out.stdout.strip() == "[]"
