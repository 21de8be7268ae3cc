"""Error bodies of the JSON API, and the handlers that produce them.

Every error has the same shape: `status`, `title`, optionally `detail`, and for invalid input
`problems` naming each field path and the reason. No message repeats a submitted value.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from rpl.core.parsing import Problem, RecordError, format_path


class ProblemOut(Schema):
    path: str
    message: str


class ErrorOut(Schema):
    status: int
    title: str
    detail: str | None = None
    problems: list[ProblemOut] = Field(default_factory=list)


class InvalidInput(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problems")


TITLES = {
    400: "bad request",
    401: "authentication required",
    403: "forbidden",
    404: "not found",
    409: "conflict",
    413: "request too large",
    422: "invalid input",
}

# Declared on every operation so the OpenAPI document lists the error statuses it can answer.
AUTH_ERRORS: dict[int, type[ErrorOut]] = {401: ErrorOut, 403: ErrorOut}


def error_body(
    status: int, detail: str | None = None, problems: list[Problem] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "title": TITLES.get(status, "error")}
    if detail:
        body["detail"] = detail
    if problems is not None:
        body["problems"] = [{"path": p.path, "message": p.message} for p in problems]
    return body


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    detail: str | None = None,
    problems: list[Problem] | None = None,
) -> HttpResponse:
    response = api.create_response(request, error_body(status, detail, problems), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="rpl-care"'
    return response


def _problems_from_ninja(errors: list[dict[str, Any]]) -> list[Problem]:
    problems = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        # ninja puts the parameter's source first ("query", "path", "body"); keep it as the
        # path's head so `query.profile` and a record field cannot be confused.
        problems.append(Problem(format_path(loc) if loc else "request", str(error.get("msg"))))
    return problems


def install_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(RecordError)
    def on_record_error(request: HttpRequest, exc: RecordError) -> HttpResponse:
        return error_response(api, request, 422, problems=exc.problems)

    @api.exception_handler(InvalidInput)
    def on_invalid(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
        return error_response(api, request, 422, problems=exc.problems)

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(api, request, 422, problems=_problems_from_ninja(exc.errors))

    @api.exception_handler(AuthenticationError)
    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, "send Authorization: Bearer <token>")

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(api, request, exc.status_code, exc.message)

    # A body over the limit is normally refused by rpl.web.limits before it is read; this
    # covers a client whose Content-Length understates it.
    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error_response(api, request, 413, "the request body is too large")
