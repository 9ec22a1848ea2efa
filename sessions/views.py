from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from decompress.models import Partner
from screening.guard import screening_current


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=partner_id, account=request.user)
    if screening_current(partner=partner) is None:
        messages.info(request, _("A safety screening comes first."))
    return redirect("screening:questionnaire", partner_id=partner.pk)
