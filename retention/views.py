"""The retention page: cases due for deletion, legal holds (set and lift, with a reason), and
what was deleted. References and dates only, never case content."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.pages import GET_POST, act, page, posted, run_service
from retention import selectors, services
from retention.forms import LegalHoldForm, LiftHoldForm
from retention.models import LegalHold
from retention.permissions import can_manage_legal_holds


def _lift_form(hold, bound):
    return (
        bound
        if bound and bound.prefix == f"hold{hold.pk}"
        else LiftHoldForm(prefix=f"hold{hold.pk}")
    )


def _page(request, *, bound_lift_form=None):
    holds = selectors.active_holds()
    context = {
        "upcoming": selectors.upcoming_deletions(),
        "days": selectors.UPCOMING_DAYS,
        "holds": [(hold, _lift_form(hold, bound_lift_form)) for hold in holds],
        "lifted": selectors.lifted_holds(),
        "tombstones": selectors.recent_tombstones(),
    }
    return render(request, "retention/overview.html", context)


@page(can_manage_legal_holds)
@never_cache
def overview(request):
    return _page(request)


@page(can_manage_legal_holds, methods=GET_POST)
@never_cache
def set_hold(request):
    form = LegalHoldForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        hold, status = run_service(
            form,
            lambda: services.set_legal_hold(
                reference=form.cleaned_data["reference"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            ),
        )
        if hold:
            messages.success(
                request,
                _("Bewaarplicht ingesteld voor %(reference)s.")
                % {"reference": hold.case.reference},
            )
            return redirect("retention:overview")
    return render(request, "retention/set_hold.html", {"form": form}, status=status)


@page(can_manage_legal_holds, methods=("POST",))
def lift_hold(request, pk):
    hold = get_object_or_404(LegalHold.objects.select_related("case"), pk=pk)
    form = LiftHoldForm(request.POST, prefix=f"hold{hold.pk}")
    if form.is_valid():
        act(
            request,
            lambda: services.lift_legal_hold(
                hold, reason=form.cleaned_data["lift_reason"], acting_user=request.user
            ),
            _("Bewaarplicht opgeheven voor %(reference)s.") % {"reference": hold.case.reference},
        )
        return redirect("retention:overview")
    return _page(request, bound_lift_form=form)  # what was typed stays, with the error
