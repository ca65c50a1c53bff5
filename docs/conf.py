"""Sphinx configuration of the govgame docs: the Markdown pages, the notebooks and the API reference.

Build with ``python -m sphinx -b html docs docs/_build/html``; ``tests/test_docs.py`` builds it
with warnings as errors.  Two things are generated on every build, both into ``docs/_generated/``
(not committed):

- ``notebooks/``: copies of ``../notebooks/*.ipynb`` (Sphinx reads nothing outside its source
  folder; a copy works on every platform, where a symlink would not);
- ``api.rst``, the reference's index (see :func:`write_api_index`), and ``api/``: one page per public
  module, written by autosummary from ``_templates/autosummary/module.rst`` with the member lists
  computed here from each module's ``__all__`` (see :func:`api_members`).
"""

from __future__ import annotations

import importlib
import inspect
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
GENERATED = DOCS / "_generated"
sys.path.insert(0, str(ROOT))      # the checkout, also when govgame is not installed

from govgame.version import __version__  # noqa: E402

# -- project -------------------------------------------------------------------------------------

project = "govgame"
author = "The govgame developers"
copyright = "The govgame developers"
version = release = __version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
]

exclude_patterns = ["_build", "**.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]

html_theme = "pydata_sphinx_theme"
html_title = f"govgame {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "header_links_before_dropdown": 8,      # every section in the top bar, the API reference included
    "navbar_align": "left",
}
html_static_path: list[str] = []
html_show_sourcelink = False

# -- Markdown and notebooks ------------------------------------------------------------------------

# The notebooks' committed outputs are rendered, never re-executed: their own test
# (tests/test_notebooks.py) executes them, and a docs build must stay fast and offline.
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# -- API reference -------------------------------------------------------------------------------

#: The modules that get a reference page, in the order of the layers, bottom up: a name exported by
#: several modules is documented once, in the module that defines it (else the first one here), and
#: linked from the others.  The deprecated aliases govgame.numeric and govgame.sweep are left out.
#: Other modules that ``govgame.__all__`` exports join them (see :func:`api_modules`);
#: tests/test_docstrings.py audits the docstrings of exactly these modules' public names.
API_MODULES = [
    "govgame.errors",
    "govgame.table",
    "govgame.validate",
    "govgame.scheduler",
    "govgame.symbolic",
    "govgame.payoffs",
    "govgame.analysis",
    "govgame.dynamics",
    "govgame.noise",
    "govgame.finite",
    "govgame.sweeps",
    "govgame.model",
    "govgame.model.presets",
    "govgame.model.mechanisms",
    "govgame.plot",
    "govgame.report",
    "govgame",
]

#: Deprecated shims, kept working but out of the reference.
DEPRECATED_MODULES = ("govgame.sweep", "govgame.numeric")

#: Modules exported under a second name: ``govgame.presets`` re-exports ``govgame.model.presets``.
MODULE_ALIASES = {"govgame.presets": "govgame.model.presets"}


def api_modules() -> list[str]:
    """:data:`API_MODULES`, then every other module ``govgame.__all__`` exports.

    A new public subpackage thus gets its reference page (and its docstrings audited) without a
    change here; it is placed just below ``govgame`` itself.

    Returns
    -------
    list of str
        Module names, bottom layer first.
    """
    import govgame

    extra = []
    for name in govgame.__all__:
        value = getattr(govgame, name)
        if inspect.ismodule(value):
            module = MODULE_ALIASES.get(value.__name__, value.__name__)
            # the deprecated shims stay out of the reference (govgame.sweep is a callable module that
            # takes the place of gg.sweep once something imports it by its old path)
            if module in DEPRECATED_MODULES:
                continue
            if module not in API_MODULES and module not in extra:
                extra.append(module)
    return API_MODULES[:-1] + extra + API_MODULES[-1:]


API_INDEX = """API reference
=============

Every public name, one page per module. ``import govgame as gg`` reaches the most used ones directly
(``gg.Game``, ``gg.simulate``, ``gg.sweep``, ...); the :mod:`govgame` page lists them. The other
pages follow the layers from the top down (see :doc:`/architecture`); a name that several modules
export is documented once, in the module that defines it.

.. This page is written by docs/conf.py (write_api_index) on every build.

.. autosummary::
   :toctree: api
   :template: autosummary/module.rst

"""


def write_api_index(modules: list[str]) -> None:
    """Write ``_generated/api.rst``: the reference's index, one autosummary entry per module page.

    Generated rather than written by hand so that it lists exactly :func:`api_modules`: the
    package first, then the layers from the top down.

    Parameters
    ----------
    modules : list of str
        Module names, bottom layer first.
    """
    order = [modules[-1]]
    for m in reversed(modules[:-1]):                 # top down, each subpackage right after its package
        if not any(m.startswith(parent + ".") for parent in modules[:-1]):
            order += [m, *(sub for sub in modules if sub.startswith(m + "."))]
    text = API_INDEX + "".join(f"   {m}\n" for m in order)
    path = GENERATED / "api.rst"
    if not path.exists() or path.read_text(encoding="utf-8") != text:   # unchanged: no rebuild
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

autosummary_generate = True
autosummary_generate_overwrite = True
autosummary_imported_members = False
autodoc_default_options = {"member-order": "bysource"}
autodoc_typehints = "none"              # numpydoc's Parameters and Returns say the types, in words
autodoc_preserve_defaults = True
autoclass_content = "class"

numpydoc_show_class_members = False     # the class's :members: follow on the same page
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_validation_checks: set[str] = set()   # the audit is tests/test_docstrings.py

# Every cross-reference must resolve, so that a renamed function breaks the build rather than a
# link.  Other packages' names cannot be checked: the build is offline (no intersphinx inventories).
nitpicky = True
nitpick_ignore_regex = [(r"py:.*", r"(numpy|scipy|sympy|pandas|xarray|matplotlib|dask|distributed|nashpy"
                                   r"|numba|collections|typing|pathlib|os|builtins)(\..*)?")]

#: Filled in by setup(): what each module page of the template _templates/autosummary/module.rst holds.
autosummary_context: dict[str, Any] = {"api": {}}


#: Docs of public data that cannot carry a ``#:`` comment in a module of our own layers.
DATA_DOCS = {"__version__": "The version of govgame, a string like ``0.1.0``."}

#: Values longer than this (as ``repr``) are left out of the page: the description says what they hold.
MAX_VALUE_REPR = 100


def public_names(module: ModuleType) -> list[str]:
    """The public names of ``module``: its ``__all__``, or else what it defines without a leading ``_``.

    Parameters
    ----------
    module : module
        An imported module.

    Returns
    -------
    list of str
        The names, in the module's order.
    """
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [n for n, v in vars(module).items()
            if not n.startswith("_") and getattr(v, "__module__", None) == module.__name__]


def kind_of(obj: Any) -> str:
    """Where ``obj`` goes on a page: "modules", "classes", "exceptions", "functions" or "data".

    Parameters
    ----------
    obj : object
        A public name's value.

    Returns
    -------
    str
        The kind.
    """
    if inspect.ismodule(obj):
        return "modules"
    if inspect.isclass(obj):
        return "exceptions" if issubclass(obj, BaseException) else "classes"
    if inspect.isroutine(obj):
        return "functions"
    return "data"


def data_origin(name: str, obj: Any) -> tuple[str, str] | None:
    """Where the public data ``name`` is documented: the module whose ``#:`` comment describes it.

    Data have no docstring of their own (``obj.__doc__`` is their type's) and no ``__module__``, so
    their description is the ``#:`` comment above the assignment, in whichever loaded govgame module
    assigns this very object to ``name``.

    Parameters
    ----------
    name : str
        The public name.
    obj : object
        Its value.

    Returns
    -------
    (str, str) or None
        The module and the comment's text; None when no module has such a comment.
    """
    from sphinx.pycode import ModuleAnalyzer     # here: importing conf for the audit needs no Sphinx

    for modname, mod in sorted(sys.modules.items()):
        if mod is None or not modname.startswith("govgame") or vars(mod).get(name, None) is not obj:
            continue
        try:
            docs = ModuleAnalyzer.for_module(modname).find_attr_docs()
        except Exception:     # a module without source (say, compiled) has no comments to read
            continue
        if ("", name) in docs:
            return modname, "\n".join(docs[("", name)]).strip()
    return None


def data_doc(name: str, obj: Any) -> str:
    """The description of the public data ``name``: :data:`DATA_DOCS`, else its ``#:`` comment.

    Parameters
    ----------
    name : str
        The public name.
    obj : object
        Its value.

    Returns
    -------
    str
        The description, or ``""`` when there is none.
    """
    if name in DATA_DOCS:
        return DATA_DOCS[name]
    origin = data_origin(name, obj)
    return origin[1] if origin else ""


def _home(obj: Any, name: str, candidates: list[str]) -> str:
    """The module that documents ``obj``: the deepest candidate that defines it, else the first."""
    if kind_of(obj) == "data":
        defined_in = (data_origin(name, obj) or ("", ""))[0]
    else:
        defined_in = getattr(obj, "__module__", None) or ""
    owners = [m for m in candidates if defined_in == m or defined_in.startswith(m + ".")]
    if owners and getattr(obj, "__name__", name) == name:
        return max(owners, key=len)
    return candidates[0]


def _relative(target: str, module: str) -> str:
    # autosummary refuses a name that repeats the current module ("govgame.model.Game" on the
    # govgame page must be written "model.Game")
    return target[len(module) + 1:] if target.startswith(module + ".") else target


def _data_entry(home: str, name: str, obj: Any) -> dict[str, Any]:
    doc = data_doc(name, obj)
    value = repr(obj)
    return {"name": name, "target": f"{home}.{name}", "doc": doc, "summary": doc.split("\n\n")[0].replace("\n", " "),
            "value": value if len(value) <= MAX_VALUE_REPR and "<" not in value else None}


def _exporters(modules: list[str]) -> tuple[dict[str, ModuleType], dict[tuple[int, str], list[str]]]:
    imported = {m: importlib.import_module(m) for m in modules}
    exporters: dict[tuple[int, str], list[str]] = {}
    for m, mod in imported.items():
        for name in public_names(mod):
            exporters.setdefault((id(getattr(mod, name)), name), []).append(m)
    return imported, exporters


#: Mixins that keep large classes' modules small: their members are documented on the classes
#: that inherit them (``SymbolicGame.bimatrix``), not on a page of their own.
MIXINS = ("GameConstructors", "GameDisplay", "InterestTerms")


def inherited_from_mixins(cls: type) -> str | None:
    """The ``:inherited-members:`` option of a class built on :data:`MIXINS`: every other ancestor.

    Parameters
    ----------
    cls : type

    Returns
    -------
    str or None
        Ancestors whose members stay off the class's entry (comma-separated), or None when the
        class has no mixin among its ancestors.
    """
    mro = cls.__mro__[1:]
    if not any(b.__name__ in MIXINS for b in mro):
        return None
    return ", ".join(b.__name__ for b in mro if b.__name__ not in MIXINS)


def api_members(modules: list[str] = API_MODULES) -> dict[str, dict[str, list[Any]]]:
    """What each module page holds: its own members by kind, and links to names documented elsewhere.

    Parameters
    ----------
    modules : list of str
        Module names, bottom layer first.

    Returns
    -------
    dict
        Module name -> {"modules", "functions", "classes", "exceptions", "data", "elsewhere",
        "elsewhere_data"} -> entries.  "modules" are module pages to link to and "elsewhere" the
        objects documented on another module's page (names relative to this module where they
        are inside it); "functions", "classes" and "exceptions" are names documented on this page.
        Data entries are dicts (name, target, doc, summary, value): autosummary would describe
        data by their type's docstring.
    """
    imported, exporters = _exporters(modules)
    kinds = ("modules", "functions", "classes", "exceptions", "data", "elsewhere", "elsewhere_data", "inherit")
    pages: dict[str, dict[str, list[Any]]] = {m: {k: [] for k in kinds} for m in modules}
    for m, mod in imported.items():
        for name in public_names(mod):
            obj = getattr(mod, name)
            kind = kind_of(obj)
            if kind == "modules":
                pages[m]["modules"].append(_relative(MODULE_ALIASES.get(obj.__name__, obj.__name__), m))
                continue
            home = _home(obj, name, exporters[(id(obj), name)])
            if kind == "data":
                pages[m]["data" if home == m else "elsewhere_data"].append(_data_entry(home, name, obj))
            elif home == m:
                pages[m][kind].append(name)
                if kind == "classes" and inherited_from_mixins(obj):
                    pages[m]["inherit"].append((name, inherited_from_mixins(obj)))
            else:
                pages[m]["elsewhere"].append(_relative(f"{home}.{name}", m))
    return pages


def reference_aliases(modules: list[str] = API_MODULES) -> dict[str, str]:
    """Other names of documented objects -> the name the reference documents them under.

    Docstrings refer to ``govgame.ParameterError`` (what users type), to a defining submodule
    (``govgame.analysis.stability.stability_table``) or to a submodule; each object is documented
    once, so these names resolve to its one entry, and a submodule to its package's page.

    Parameters
    ----------
    modules : list of str
        The documented modules.

    Returns
    -------
    dict of str to str
        Alias -> documented name.
    """
    imported, exporters = _exporters(modules)
    aliases = dict(MODULE_ALIASES)
    for m, mod in imported.items():
        for name in public_names(mod):
            obj = getattr(mod, name)
            if kind_of(obj) == "modules":
                aliases.setdefault(f"{m}.{name}", MODULE_ALIASES.get(obj.__name__, obj.__name__))
                continue
            target = f"{_home(obj, name, exporters[(id(obj), name)])}.{name}"
            aliases.setdefault(f"{m}.{name}", target)
            if kind_of(obj) != "data" and getattr(obj, "__name__", None) == name:
                aliases.setdefault(f"{obj.__module__}.{obj.__qualname__}", target)
    for modname in list(sys.modules):
        parents = [m for m in modules if modname.startswith(m + ".")]
        if parents and modname not in modules and modname.split(".")[1] not in ("numeric", "sweep"):
            aliases.setdefault(modname, max(parents, key=len))
    return {alias: target for alias, target in aliases.items() if alias != target}


def resolve_alias(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """``missing-reference`` handler: resolve a Python reference through :func:`reference_aliases`.

    Parameters
    ----------
    app, env : Sphinx application and build environment
        Passed by Sphinx.
    node : sphinx.addnodes.pending_xref
        The unresolved reference.
    contnode : docutils.nodes.Node
        Its content.

    Returns
    -------
    docutils.nodes.reference or None
        The resolved reference, or None to leave it to Sphinx.
    """
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    for name in filter(None, [target, node.get("py:module") and f"{node['py:module']}.{target}"]):
        parts = name.split(".")
        for k in range(len(parts), 0, -1):        # the longest aliased prefix
            prefix = ".".join(parts[:k])
            if prefix in ALIASES:
                new = ".".join([ALIASES[prefix], *parts[k:]])
                return env.get_domain("py").resolve_xref(env, node["refdoc"], app.builder, node["reftype"],
                                                         new, node, contnode)
    # a bare name outside its module's context (a module summary in the API index's table):
    # resolve it if exactly one documented object has that name
    matches = [d for d in DOCUMENTED if d.rsplit(".", 1)[-1] == target]
    if "." not in target and len(matches) == 1:
        return env.get_domain("py").resolve_xref(env, node["refdoc"], app.builder, node["reftype"],
                                                 matches[0], node, contnode)
    return None


def documented_bases(app: Any, name: str, obj: Any, options: Any, bases: list) -> None:
    """``autodoc-process-bases`` handler: show only bases a reader can look up.

    Private mixins (say ``govgame.compat.KeyAccess``) are left out of "Bases:"; public ones and
    those of other packages stay.

    Parameters
    ----------
    app : Sphinx application
        Passed by Sphinx.
    name : str
        The class's name.
    obj : type
        The class.
    options : object
        The directive's options.
    bases : list of type
        The bases, changed in place.
    """
    def shown(base: type) -> bool:
        full = f"{base.__module__}.{base.__qualname__}"
        return not base.__module__.startswith("govgame") or ALIASES.get(full, full) in DOCUMENTED

    bases[:] = [b for b in bases if shown(b)]


#: Filled in by setup(): see reference_aliases.
ALIASES: dict[str, str] = {}
#: Filled in by setup(): the fully qualified name of every documented function, class and exception.
DOCUMENTED: set[str] = set()


# -- notebooks -----------------------------------------------------------------------------------

def copy_if_changed(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` unless ``dst`` already has the same bytes (keeps incremental builds incremental).

    Parameters
    ----------
    src, dst : pathlib.Path
        Source and destination files.
    """
    if dst.exists() and dst.read_bytes() == src.read_bytes():
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def copy_notebooks() -> None:
    """Mirror ``../notebooks`` (the ``.ipynb`` files and ``figures/``) into ``_generated/notebooks``."""
    src, dst = ROOT / "notebooks", GENERATED / "notebooks"
    wanted = {p.relative_to(src) for p in [*src.glob("*.ipynb"), *src.glob("figures/*")] if p.is_file()}
    for rel in wanted:
        copy_if_changed(src / rel, dst / rel)
    for stale in [p for p in dst.rglob("*") if p.is_file() and p.relative_to(dst) not in wanted]:
        stale.unlink()      # a renamed or deleted notebook must not linger in the docs


def setup(app: Any) -> None:
    """Copy the notebooks, write the API index, compute its pages and the reference aliases.

    Here, on a build, rather than on ``import conf`` (which tests/test_docstrings.py does).

    Parameters
    ----------
    app : Sphinx application
        The application being set up.
    """
    copy_notebooks()
    modules = api_modules()
    write_api_index(modules)
    pages = autosummary_context["api"] = api_members(modules)
    ALIASES.update(reference_aliases(modules))
    DOCUMENTED.update(f"{m}.{name}" for m, page in pages.items()
                      for kind in ("functions", "classes", "exceptions") for name in page[kind])
    app.connect("missing-reference", resolve_alias)
    app.connect("autodoc-process-bases", documented_bases)
