"""Error pages: 400, 403, 405 and 500 in the site's style, each with a way back.

Django calls the handlers named in ``decompress.urls`` (``handler400`` and so on); the 405
page is rendered by ``decompress.middleware.ErrorPageMiddleware`` because Django's 405
responses come from decorators, with an empty body. A 500 page renders without the request
(the request context may be what failed) from a template that extends nothing.
"""

from enum import StrEnum

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


class Problem(StrEnum):
    """What was wrong with a request we refuse with 400."""

    ENCODING = "encoding"
    CONTROL_CHARACTER = "control"
    TOO_LARGE = "too-large"
    OTHER = "other"


def _problem_message(problem: Problem) -> str:
    return {
        Problem.ENCODING: _(
            "The form arrived with characters that are not valid text (not UTF-8). "
            "Nothing was saved. Please type the text again and send it."
        ),
        Problem.CONTROL_CHARACTER: _(
            "The form contained invisible control characters, which names and notes cannot "
            "hold. Nothing was saved. Please retype the text without them."
        ),
        Problem.TOO_LARGE: _(
            "The form was too large to accept. Nothing was saved. Please send a shorter text."
        ),
        Problem.OTHER: _("The request could not be understood. Nothing was saved."),
    }[problem]


def render_error(
    request: HttpRequest, status: int, problem: Problem = Problem.OTHER
) -> HttpResponse:
    context = {"message": _problem_message(problem)} if status == 400 else {}
    return render(request, f"{status}.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    too_large = isinstance(exception, RequestDataTooBig | TooManyFieldsSent)
    return render_error(request, 400, Problem.TOO_LARGE if too_large else Problem.OTHER)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render_error(request, 403)


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: most often a page left open past its token, or cookies blocked."""
    return render(request, "403.html", {"csrf": True}, status=403)
