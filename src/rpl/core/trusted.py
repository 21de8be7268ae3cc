"""Building output models from values the engine computed itself, without validating them again.

`Model(...)` validates every field. The engine builds about twenty-five output models per
assessment (plan items, findings, calculator results) from values its own code produced and
mypy strict has typed, so validating them again only costs time: `trusted(Model, ...)` sets
the fields directly, as pydantic's `model_construct` does, at a fraction of its cost (which
is above that of validating).

Rules for callers: pass fields by keyword in the model's field order (pydantic writes JSON in
the order of the instance's fields); a field left out takes its default, and only the fields
given count as set, as with validation. Only for models without private attributes or
validators that change values. tests/core/test_trusted.py walks whole assessments and
calculator results and checks that every model in them equals its validated copy, field
order included.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel

# The four slots every pydantic model instance has, set through their descriptors (as
# `model_construct` does with object.__setattr__, at about half the cost).
_SLOTS = vars(BaseModel)
_set_dict = _SLOTS["__dict__"].__set__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__


class _Shape(NamedTuple):
    """What `trusted` needs to know about a model class (worked out once per class)."""

    size: int  # how many fields
    template: dict[str, Any]  # every field in order, with its constant default (or None)
    factories: tuple[tuple[str, Callable[[], Any]], ...]  # fields whose default is made anew
    names: set[str]  # every field's name, copied as the fields-set of a complete build


_SHAPES: dict[type[BaseModel], _Shape] = {}
_NAMES: dict[type[BaseModel], set[str]] = {}  # each class's field names, for `build`


def _shape(model: type[BaseModel]) -> _Shape:
    template: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            template[name] = None
            factories.append((name, info.default_factory))  # type: ignore[arg-type]
        else:
            template[name] = info.default
    _SHAPES[model] = shape = _Shape(len(template), template, tuple(factories), set(template))
    _NAMES[model] = shape.names
    return shape


def _names(model: type[BaseModel]) -> set[str]:
    return _shape(model).names


# object.__new__ itself: models do not override it, and looking it up through the model's
# metaclass costs a third of the call.
_new = object.__new__


def trusted[M: BaseModel](model: type[M], /, **values: Any) -> M:
    instance = _new(model)
    shape = _SHAPES.get(model) or _shape(model)
    if len(values) != shape.size:
        given = set(values)
        # The template puts every field in the model's order; the values given replace
        # their defaults in place, and a default made by a factory is made for this instance.
        complete = {**shape.template, **values}
        for name, factory in shape.factories:
            if name not in values:
                complete[name] = factory()
        values = complete
    else:
        given = shape.names.copy()
    _set_dict(instance, values)
    _set_fields_set(instance, given)
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


def build[M: BaseModel](model: type[M], values: dict[str, Any], /) -> M:
    """`trusted` for a dict the caller made with every field, in the model's order (no
    defaults to fill in): for the engine's item builders, which run ~20 times an assessment."""
    instance = _new(model)
    _set_dict(instance, values)
    _set_fields_set(instance, (_NAMES.get(model) or _names(model)).copy())
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


def build_partial[M: BaseModel](
    model: type[M], values: dict[str, Any], given: frozenset[str], /
) -> M:
    """`build` for a dict with every field in the model's order, of which only the fields
    named in `given` count as set (the others hold their defaults, as `trusted` would fill
    them in): for the assessment and calculator results, made once or twice a run."""
    instance = _new(model)
    _set_dict(instance, values)
    _set_fields_set(instance, set(given))
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance
