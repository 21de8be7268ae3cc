"""Ask a doctor: form → stored once → the private link, shown once → the answer page.

The private link is /<lang>/ask/answer/?key=<token>. The token rides in the query string,
which the server's request log never records (see docs/patient-site.md).

The link is shown only to the browser that sent the question: the form page gives the browser
a secret of its own (an HttpOnly cookie), and the link is derived from it and from the text
(`tokens.private_token`). Every page that holds the form's one-time token or the link is
`no-store`, so no cache or shared computer keeps a copy.
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
from rpl.web.questions.tokens import looks_like_token, new_browser_secret
from rpl.web.site import ratelimit
from rpl.web.site.context_processors import language_links

SESSION_KEY = "question_link"
RATE_SCOPE = "question"
BROWSER_COOKIE = "rpl_ask"


def answer_url(token: str, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        return f"{reverse('questions:answer')}?key={token}"


def _browser_secret(request: HttpRequest) -> str:
    secret = request.COOKIES.get(BROWSER_COOKIE, "")
    return secret if looks_like_token(secret) else new_browser_secret()


def _keep_browser_secret(response: HttpResponse, secret: str) -> HttpResponse:
    response.set_cookie(
        BROWSER_COOKIE,
        secret,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    secret = _browser_secret(request)
    if request.method == "GET":
        page = render(request, "questions/ask.html", {"form": QuestionForm()})
        return _keep_browser_secret(page, secret)
    form = QuestionForm(request.POST)
    if refused := refused_submission(request, form, RATE_SCOPE, "questions/ask.html"):
        return _keep_browser_secret(refused, secret)
    language = translation.get_language() or settings.LANGUAGE_CODE
    _question, token, created = services.create_question(form.cleaned_data, language, secret)
    if created:
        ratelimit.count(RATE_SCOPE, request)
    if token is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = token
    return _keep_browser_secret(redirect("questions:thanks"), secret)


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
