"""A count with its noun in the right number, for the registry's progress and summary lines."""

from __future__ import annotations

# The nouns the lines count, singular to plural (the registry's tables are named in the plural).
PLURALS = {
    "woman": "women",
    "pregnancy": "pregnancies",
    "result": "results",
    "partner": "partners",
    "row": "rows",
    "chunk": "chunks",
    "part": "parts",
    "loss": "losses",
}
SINGULARS = {many: one for one, many in PLURALS.items()}


def counted(number: int, noun: str) -> str:
    """`1 woman`, `2 women`, `1,234 pregnancies`: `noun` singular or plural, as known above."""
    one = SINGULARS.get(noun, noun)
    return f"{number:,} {one if number == 1 else PLURALS[one]}"
