"""Ask a doctor: form → stored once → the private link, shown once → the answer page.

The private link is /<lang>/ask/answer/?key=<token>. The token rides in the query string,
which neither Django's nor gunicorn's request log records (see docs/patient-site.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from rpl.web.bookings.views import refused_submission
from rpl.web.questions import services
from rpl.web.questions.forms import QuestionForm
from rpl.web.site import ratelimit
from rpl.web.site.context_processors import language_links

SESSION_KEY = "question_link"
RATE_SCOPE = "question"


def answer_url(token: str, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        return f"{reverse('questions:answer')}?key={token}"


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "questions/ask.html", {"form": QuestionForm()})
    form = QuestionForm(request.POST)
    if refused := refused_submission(request, form, RATE_SCOPE, "questions/ask.html"):
        return refused
    language = translation.get_language() or settings.LANGUAGE_CODE
    _question, token, created = services.create_question(form.cleaned_data, language)
    if created:
        ratelimit.count(RATE_SCOPE, request)
    request.session[SESSION_KEY] = token
    return redirect("questions:thanks")


@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    """Shows the private link once: it is taken out of the session as it is shown."""
    token = request.session.pop(SESSION_KEY, None)
    link = request.build_absolute_uri(answer_url(token)) if token else None
    return render(request, "questions/thanks.html", {"link": link})


@never_cache
@require_GET
def answer(request: HttpRequest) -> HttpResponse:
    token = request.GET.get("key", "")
    question = services.find_by_token(token)
    if question is None:
        return render(request, "questions/no_such_link.html", status=404)
    current = translation.get_language() or settings.LANGUAGE_CODE
    context: dict[str, Any] = {
        "question": question,
        # The same answer in another language keeps its key (links within this site only).
        "language_links": [
            link.__class__(
                link.code,
                link.name,
                translate_url(request.path, link.code) + f"?key={token}",
                link.current,
            )
            for link in language_links(request.path, current)
        ],
    }
    response = render(request, "questions/answer.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"  # the key never leaves in a Referer header
    return response
