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
from typing import Any

from pydantic import BaseModel

# The four slots every pydantic model instance has, set through their descriptors (as
# `model_construct` does with object.__setattr__, at about half the cost).
_SLOTS = vars(BaseModel)
_set_dict = _SLOTS["__dict__"].__set__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__
_DEFAULTS: dict[type[BaseModel], tuple[tuple[str, Callable[[], Any]], ...]] = {}


def _defaults(model: type[BaseModel]) -> tuple[tuple[str, Callable[[], Any]], ...]:
    """Each field's name and how to make its default (once per model class)."""
    fields: list[tuple[str, Callable[[], Any]]] = []
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            fields.append((name, info.default_factory))  # type: ignore[arg-type]
        else:
            fields.append((name, _constant(info.default)))
    _DEFAULTS[model] = result = tuple(fields)
    return result


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def trusted[M: BaseModel](model: type[M], /, **values: Any) -> M:
    instance = model.__new__(model)
    fields = _DEFAULTS.get(model) or _defaults(model)
    given = set(values)
    if len(values) != len(fields):
        values = {name: values[name] if name in values else default() for name, default in fields}
    _set_dict(instance, values)
    _set_fields_set(instance, given)
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


def build[M: BaseModel](model: type[M], values: dict[str, Any], /) -> M:
    """`trusted` for a dict the caller made with every field, in the model's order (no
    defaults to fill in): for the engine's item builders, which run ~20 times an assessment."""
    instance = model.__new__(model)
    _set_dict(instance, values)
    _set_fields_set(instance, set(values))
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance
