from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from decompress.models import Partner


@login_required
@require_GET
def questionnaire(request: HttpRequest, partner_id: int) -> HttpResponse:
    # Placeholder until the screening questionnaire lands: nobody reaches a session.
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    return render(request, "screening/required.html", {"partner": partner})
