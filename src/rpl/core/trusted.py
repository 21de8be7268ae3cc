"""Building output models from values the engine computed itself, without validating them again.

`Model(...)` validates every field. The engine builds about twenty-five output models per
assessment (plan items, findings, calculator results) from values its own code produced and
mypy strict has typed, so validating them again only costs time: `trusted(Model, ...)` sets
the fields directly, as pydantic's `model_construct` does, at a fraction of its cost (which
is above that of validating).

Rules for callers: pass every field of the model, by keyword, in the model's field order
(pydantic writes JSON in the order of the instance's fields), and only models without private
attributes. tests/core/test_trusted.py walks whole assessments and calculator results and
checks that every model in them equals its validated copy, field order included.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

_set = object.__setattr__


def trusted[M: BaseModel](model: type[M], /, **values: Any) -> M:
    instance = model.__new__(model)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", set(values))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance
