"""The shell's pages, by area (accounts, partners and reminders, calendar), and the
health check: the trivial endpoint the benchmark measures every page against."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")
