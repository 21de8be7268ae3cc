from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rpl.web.accounts.roles import roles_of
from rpl.web.records.models import CoupleRecord


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """Where staff land after signing in. Shows counts only, never record contents."""
    context = {"roles": roles_of(request.user), "record_count": CoupleRecord.objects.count()}
    return render(request, "accounts/staff_home.html", context)
