"""Ask a doctor in a real browser: the private link, then the answer once staff publish it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from rpl.web.questions.models import Question

pytestmark = pytest.mark.browser


def test_the_private_link_shows_the_answer_once_it_is_published(live_server, phone_page):
    cache.clear()
    phone_page.goto(live_server.url + "/zh-hans/ask/")
    phone_page.get_by_label("您的问题").fill("两次流产后，我需要做甲状腺检查吗？")
    phone_page.get_by_label("我同意医院").check()
    phone_page.get_by_role("button", name="提交问题").click()

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("已收到您的问题")
    link = phone_page.locator(".private-link a").get_attribute("href")
    assert link.startswith(live_server.url + "/zh-hans/ask/answer/?key=")

    phone_page.goto(link)
    expect(phone_page.get_by_text("暂时还没有回答。")).to_be_visible()
    expect(phone_page.locator(".question-text")).to_have_text("两次流产后，我需要做甲状腺检查吗？")

    # Staff answer and publish it (the clinic workspace will do this; here, straight in the DB).
    question = Question.objects.get()
    question.answer_text = "指南建议检查甲状腺功能（TSH）。请预约门诊，与医生讨论。"
    question.status = Question.Status.PUBLISHED
    question.answered_at = question.published_at = timezone.now()
    question.save()

    phone_page.reload()
    expect(phone_page.locator(".answer-text")).to_contain_text("指南建议检查甲状腺功能")
    expect(phone_page.get_by_text("暂时还没有回答。")).to_have_count(0)

    # Refreshing the confirmation page does not show the link again.
    phone_page.goto(live_server.url + "/zh-hans/ask/thanks/")
    expect(phone_page.locator(".private-link")).to_have_count(0)
