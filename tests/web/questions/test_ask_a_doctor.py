"""Ask a doctor: the form's rules, the private link shown once, the answer once published."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import DatabaseError
from django.utils import timezone

from rpl.web.bookings.forms import new_form_token
from rpl.web.questions.forms import QuestionForm
from rpl.web.questions.models import Question
from rpl.web.questions.tokens import token_hash

pytestmark = pytest.mark.django_db

ASK = "/en/ask/"


def private_link(client, data, language="en"):
    response = client.post(f"/{language}/ask/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/{language}/ask/thanks/"
    page = client.get(response["Location"]).content.decode()
    match = re.search(r'<p class="private-link"><a href="([^"]+)">', page)
    assert match, "the thanks page shows the link"
    return match.group(1)


def form_errors(data, field):
    form = QuestionForm(data)
    assert not form.is_valid()
    return [str(message) for message in form.errors[field]]


def test_a_question_is_valid_with_text_and_consent(question_data):
    assert QuestionForm(question_data).is_valid()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"text": ""}, "text", "Write your question."),
        (
            {"text": "Why?"},
            "text",
            "Write your question in a few more words (at least 10 characters).",
        ),
        (
            {"text": "x" * 2001},
            "text",
            "Shorten this to at most 2000 characters (it has 2001).",
        ),
        (
            {"email": "no-at-sign"},
            "email",
            "Enter an e-mail address like name@example.com, or leave it empty.",
        ),
        (
            {"consent": ""},
            "consent",
            "Tick the box to agree, or the clinic cannot keep your question.",
        ),
        (
            {"form_token": "forged"},
            "form_token",
            "This form has expired. Please check your answers and send it again.",
        ),
    ],
)
def test_each_rule_of_the_question_form_has_its_message(question_data, change, field, message):
    assert form_errors({**question_data, **change}, field) == [message]


def test_a_question_is_stored_with_only_the_hash_of_its_private_token(
    client, question_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        link = private_link(client, question_data, "vi")
    question = Question.objects.get()
    parts = urlsplit(link)
    assert parts.path == "/vi/ask/answer/"
    token = parts.query.removeprefix("key=")
    assert len(token) == 32
    assert question.token_hash == token_hash(token)
    assert token not in str(Question.objects.values().get())  # the token itself is not stored
    assert question.status == "new"
    assert question.language == "vi"
    # The clinic is told, without the question's text.
    assert len(mail.outbox) == 1
    assert "sảy thai" not in mail.outbox[0].body + mail.outbox[0].subject


def test_the_private_link_is_shown_once(client, question_data):
    private_link(client, question_data)
    again = client.get("/en/ask/thanks/").content.decode()
    assert "private-link" not in again
    assert "was shown once" in again


def test_the_link_shows_no_answer_until_one_is_published(client, question_data, django_user_model):
    link = private_link(client, question_data)
    page = client.get(link).content.decode()
    assert "No answer yet" in page
    assert "tuyến giáp" in page  # the asker sees their own question

    doctor = django_user_model.objects.create(username="doctor")
    question = Question.objects.get()
    question.answer_text = "A thyroid test (TSH) is one of the tests guidelines advise."
    question.status = Question.Status.ANSWERED
    question.answered_by = doctor
    question.answered_at = timezone.now()
    question.save()
    assert "No answer yet" in client.get(link).content.decode()  # written, not yet published

    question.status = Question.Status.PUBLISHED
    question.published_at = timezone.now()
    question.save()
    response = client.get(link)
    page = response.content.decode()
    assert "A thyroid test (TSH)" in page
    assert "No answer yet" not in page
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert '<meta name="robots" content="noindex">' in page


def test_the_language_links_of_the_answer_page_keep_the_key(client, question_data):
    link = private_link(client, question_data)
    key = urlsplit(link).query
    page = client.get(link).content.decode()
    assert f'href="/tr/ask/answer/?{key}"' in page


@pytest.mark.parametrize("key", ["", "short", "x" * 32, "../../etc/passwd" + "a" * 16])
def test_a_wrong_or_missing_key_finds_nothing(client, question_data, key):
    private_link(client, question_data)
    response = client.get("/en/ask/answer/", {"key": key})
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_the_same_form_sent_twice_is_one_question_with_the_same_link(client, question_data):
    first = private_link(client, question_data)
    second = private_link(client, question_data)
    assert first == second
    assert Question.objects.count() == 1


def test_bad_input_stores_nothing_and_shows_the_message_by_the_field(client, question_data):
    response = client.post(ASK, {**question_data, "text": "x" * 2001})
    assert response.status_code == 400
    assert 'id="id_text_error"' in response.content.decode()
    assert Question.objects.count() == 0


def test_a_robot_filling_the_honeypot_stores_nothing(client, question_data):
    response = client.post(ASK, {**question_data, "website": "spam"})
    assert response.status_code == 429
    assert Question.objects.count() == 0


def test_questions_are_rate_limited_per_address(client, question_data):
    for index in range(5):
        data = {**question_data, "form_token": new_form_token(), "text": f"Question {index} ok?"}
        assert client.post(ASK, data).status_code == 302
    refused = client.post(ASK, {**question_data, "form_token": new_form_token()})
    assert refused.status_code == 429
    assert Question.objects.count() == 5


def test_a_database_failure_leaves_nothing_behind(client, question_data, monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Question.objects, "create", fail)
    client.raise_request_exception = False
    assert client.post(ASK, question_data).status_code == 500
    assert Question.objects.count() == 0


def test_a_question_never_shows_its_text_when_printed(client, question_data):
    private_link(client, question_data)
    question = Question.objects.get()
    assert str(question) == f"Question {question.pk}"


def test_the_language_offered_to_a_vietnamese_phone_on_the_answer_page_keeps_the_key(
    client, question_data
):
    link = private_link(client, question_data)  # the English answer page
    key = urlsplit(link).query
    page = client.get(link, HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9").content.decode()
    assert f'class="suggested-language" href="/vi/ask/answer/?{key}"' in page
