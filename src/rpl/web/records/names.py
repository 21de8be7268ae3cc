"""Staff names of the record's codes, shown on the record form and page.

The catalogue (knowledge/catalogue/codes.yaml, its own gettext domain) names results' tests,
pregnancy outcomes and the record's larger vocabularies (conditions, symptoms, family history,
pregnancy features and symptoms; clinical names). The small closed lists (smoking, confirmation,
conception, imaging, location, subject, measurements) are named in the core
(`rpl.core.names`), which the presenter reads too: one name, one translation.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext, pgettext

from rpl.core.catalogue import Group
from rpl.core.names import NAMES
from rpl.present.translate import translator

# Vocabularies the catalogue names (clinical names, its own gettext domain).
CATALOGUE: dict[str, Group] = {
    "tests": "tests",
    "outcomes": "outcomes",
    "conditions": "conditions",
    "symptoms": "symptoms",
    "family_history": "family_history",
    "features": "features",
    "pregnancy_symptoms": "pregnancy_symptoms",
}


def code_name(vocabulary: str, code: Any) -> str:
    """A code's staff name in the active language; an unknown code shows as written."""
    if code is None or code == "":
        return ""
    code = str(code)
    if vocabulary in CATALOGUE:
        language = translation.get_language() or "en"
        return str(translator(language).name(CATALOGUE[vocabulary], code, "clinical"))
    name = NAMES.get(vocabulary, {}).get(code)
    if name is None:
        return code
    return pgettext(name.context, name.message) if name.context else gettext(name.message)
