"""Docstring audit: every public name has a numpydoc docstring with Parameters, Returns and Examples.

The public names are those the API reference documents (``docs/conf.py``: ``api_modules()``, each
module's ``__all__``), plus the public methods of the public classes. Each is checked by numpydoc's
own validator (``numpydoc.validate``), keeping only the checks that say whether the reference is
*complete*, not the style rules:

======  ==============================================================================
GL08    the object has a docstring at all
GL06    no unknown section (a misspelt "Return" or "Example" section is silently dropped)
PR01    every parameter of the signature is documented
PR02    no documented parameter that the signature does not have (stale after a rename)
RT01    a function that returns a value has a Returns section
YD01    a generator has a Yields section (its Returns, in effect)
EX01    an Examples section (they run as doctests: ``pytest --doctest-modules``)
======  ==============================================================================

Left out on purpose: the summary-line style (SS*), the extended summary (ES01), See Also (SA*), the
punctuation and capitals of descriptions (PR08/PR09/RT04/RT05) and section order (GL07): useful
style, but not what a reader of the reference misses.  Two judgements go beyond numpydoc's defaults:

- a class's constructor arguments may be documented under Attributes: the results and records that
  users receive (dataclasses, named tuples) describe their fields there, and those are the arguments;
- private arguments (a leading ``_``) need no entry;
- a method that overrides one of a public base class without a docstring of its own is not checked
  separately: Sphinx shows the base method's docstring for it (``autodoc_inherit_docstrings``), and
  the base method is checked.

Data (constants and registries) cannot carry a docstring; each needs a ``#:`` comment where it is
assigned, which the reference shows (``docs/conf.py``: ``data_doc``).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from pathlib import Path
from typing import Any

import pytest

numpydoc_validate = pytest.importorskip(
    "numpydoc.validate", reason="the docstring audit uses numpydoc's validator: pip install numpydoc")
from numpydoc.docscrape import get_doc_object  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

#: The numpydoc checks the audit keeps (see the module docstring for why these).
CHECKS = ("GL08", "GL06", "PR01", "PR02", "RT01", "YD01", "EX01")


def _load_conf() -> Any:
    # The docs' conf.py is the one list of public modules; importing it has no side effects
    # (the notebooks are copied and the pages computed only in its setup(), on a build).
    spec = importlib.util.spec_from_file_location("govgame_docs_conf", ROOT / "docs" / "conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


CONF = _load_conf()
MODULES = CONF.api_modules()


def _is_own_method(cls: type, attr: str, raw: Any) -> bool:
    return (not attr.startswith("_") and inspect.isfunction(raw)
            and getattr(raw, "__module__", "").startswith("govgame"))


def _inherits_doc(cls: type, attr: str, func: Any) -> bool:
    """An override without a docstring whose base method (in a govgame class) has one."""
    if func.__doc__:
        return False
    return any(getattr(vars(base).get(attr), "__doc__", None)
               for base in cls.__mro__[1:] if base.__module__.startswith("govgame"))


def public_objects() -> dict[str, Any]:
    """Every public function, class and method once, by the name a user reaches it with first."""
    found: dict[str, Any] = {}
    seen: set[int] = set()
    for modname in MODULES:
        module = importlib.import_module(modname)
        for name in CONF.public_names(module):
            obj = getattr(module, name)
            if CONF.kind_of(obj) not in ("functions", "classes", "exceptions") or id(obj) in seen:
                continue
            seen.add(id(obj))
            found[f"{modname}.{name}"] = obj
            if not inspect.isclass(obj):
                continue
            for attr, raw in vars(obj).items():
                raw = raw.__func__ if isinstance(raw, (staticmethod, classmethod)) else raw
                if _is_own_method(obj, attr, raw) and not _inherits_doc(obj, attr, raw):
                    found[f"{modname}.{name}.{attr}"] = getattr(obj, attr)
    return found


def public_data() -> dict[str, tuple[str, Any]]:
    """Every public constant or registry once: qualified name -> (exporting module, value)."""
    found: dict[str, tuple[str, Any]] = {}
    seen: set[tuple[int, str]] = set()
    for modname in MODULES:
        module = importlib.import_module(modname)
        for name in CONF.public_names(module):
            obj = getattr(module, name)
            if CONF.kind_of(obj) == "data" and (id(obj), name) not in seen:
                seen.add((id(obj), name))
                found[f"{modname}.{name}"] = (modname, obj)
    return found


class AuditValidator(numpydoc_validate.Validator):
    """numpydoc's validator with two judgements: a class's Attributes count as documented constructor
    arguments, and private arguments (a leading ``_``, such as a dataclass's cache field) need no entry."""

    def __init__(self, obj_name: Any) -> None:
        # numpydoc calls validator_cls(obj_name=...); we pass the object itself: a name like
        # "govgame.sweep" would import the deprecated module instead of the function
        super().__init__(get_doc_object(obj_name))

    @property
    def parameter_mismatches(self) -> list[tuple[str, str]]:
        signature = set(self.signature_parameters)
        documented = {p.replace("\\", "") for p in self.doc_all_parameters}
        attributes = ({name for names, _, _ in self.doc["Attributes"] for name in names.split(", ")}
                      if inspect.isclass(self.obj) else set())
        errors = []
        missing = {p for p in signature - documented - attributes if not p.lstrip("*").startswith("_")}
        if missing:
            errors.append(numpydoc_validate.error("PR01", missing_params=str(missing)))
        extra = documented - signature
        if extra:
            errors.append(numpydoc_validate.error("PR02", unknown_params=str(extra)))
        return errors


def audit(obj: Any) -> tuple[str, list[str]]:
    """Where ``obj`` is defined and what the audit finds missing in its docstring.

    Parameters
    ----------
    obj : object
        A function, class or method.

    Returns
    -------
    location : str
        ``path:line`` of the definition.
    errors : list of str
        ``"CODE message"`` for each failed check.
    """
    result = numpydoc_validate.validate(obj, validator_cls=AuditValidator)
    path = Path(result["file"] or "?")
    location = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{result['file_line']}"
    return location, [f"{code} {message}" for code, message in result["errors"] if code in CHECKS]


OBJECTS = public_objects()
DATA = public_data()


def test_the_audit_covers_the_reference():
    # The modules the issue names, and none of the deprecated aliases.
    required = {"govgame", "govgame.model", "govgame.symbolic", "govgame.payoffs", "govgame.analysis",
                "govgame.dynamics", "govgame.finite", "govgame.sweeps", "govgame.plot", "govgame.report",
                "govgame.errors", "govgame.table", "govgame.validate"}
    assert required <= set(MODULES)
    assert not {"govgame.numeric", "govgame.sweep"} & set(MODULES)
    assert len(OBJECTS) > 200 and "govgame.model.Game.replicator" in OBJECTS


@pytest.mark.parametrize("name", list(OBJECTS))
def test_numpydoc_sections(name):
    location, errors = audit(OBJECTS[name])
    assert not errors, f"{name} ({location}):\n  " + "\n  ".join(errors)


@pytest.mark.parametrize("name", list(DATA))
def test_data_has_doc_comment(name):
    pytest.importorskip("sphinx", reason="reading #: doc comments uses sphinx.pycode: pip install sphinx")
    _, value = DATA[name]
    assert CONF.data_doc(name.rsplit(".", 1)[1], value), \
        f"{name} has no '#:' doc comment where it is assigned"


@pytest.mark.parametrize("modname", MODULES)
def test_module_docstring(modname):
    assert (importlib.import_module(modname).__doc__ or "").strip(), f"{modname} has no module docstring"
