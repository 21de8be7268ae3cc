"""A small education directory of our own, in the knowledge format, for loader tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rpl.core.education import fixed_statements
from rpl.core.languages import language_codes

NOT_A_DIAGNOSIS, CONTACT_THE_CLINIC = fixed_statements()


def _body(text: dict[str, str]) -> dict[str, str]:
    return {
        language: f"{text[language]}\n\n{NOT_A_DIAGNOSIS.get(language)}"
        f" {CONTACT_THE_CLINIC.get(language)}\n"
        for language in language_codes()
    }


PAGE = {
    "slug": "about-loss",
    "order": 1,
    "last_reviewed": "2026-11-01",
    "review_note": "Test page; not reviewed by a clinician.",
    "sources": ["ESHRE-2022"],
    "recommendations": ["ESHRE-DEF-01"],
    "title": {
        "en": "About loss",
        "vi": "Về sảy thai",
        "zh-hans": "关于流产",
        "tr": "Düşük hakkında",
    },
    "summary": {"en": "A summary.", "vi": "Tóm tắt.", "zh-hans": "摘要。", "tr": "Özet."},
    "body": _body(
        {
            "en": "## What it is\n\n- **Bold** point\n- Second point",
            "vi": "## Là gì\n\n- Ý **một**\n- Ý hai",
            "zh-hans": "## 是什么\n\n- 第一点\n- 第二点",
            "tr": "## Nedir\n\n- Birinci nokta\n- İkinci nokta",
        }
    ),
}
FAQ = [
    {
        "id": "is-it-my-fault",
        "page": "about-loss",
        "sources": ["ESHRE-2022"],
        "recommendations": [],
        "question": {
            "en": "Is it my fault?",
            "vi": "Sẩy thai có phải do lỗi của tôi?",
            "zh-hans": "复发性流产是我的错吗？",
            "tr": "İlaçlar düşüğe yol açar mı?",
        },
        "answer": {
            "en": "No.",
            "vi": "Không.",
            "zh-hans": "不是。",
            "tr": "Hayır.",
        },
    }
]


def write_education(directory: Path, page: dict | None = None, faq: list | None = None) -> Path:
    (directory / "pages").mkdir(parents=True, exist_ok=True)
    page = page or PAGE
    (directory / "pages" / f"{page['slug']}.yaml").write_text(
        yaml.safe_dump(page, allow_unicode=True), encoding="utf-8"
    )
    (directory / "faq.yaml").write_text(
        yaml.safe_dump(FAQ if faq is None else faq, allow_unicode=True), encoding="utf-8"
    )
    return directory


@pytest.fixture
def education_dir(tmp_path: Path) -> Path:
    return write_education(tmp_path / "education")
