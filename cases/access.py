"""Reaching one case from a URL: a logged 404 for anyone who may not see it, whatever the
method; a logged 403 for a step they may not take; a logged read otherwise. Every page about a
case, in any app, goes through `case_page`, and what those pages share lives here too."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import OrganisationUnit
from audit.models import AccessLogEntry
from audit.services import log_case_access, log_denied_access
from cases import permissions
from cases.models import Case
from cases.services import fresh_case
from core.errors import ActionRefused
from core.pages import page, posted, run_service

Action = AccessLogEntry.Action


def visible_case(request, reference, *, part, action=Action.VIEW):
    """(case, basis) if this user may see the case; a logged refusal and a 404 otherwise."""
    # The reference is unique: no ordering (`first()` would order by id, and Django hashes
    # every selected column of an ordered query — some seventy here, a third of its cost).
    found = (
        Case.objects.select_related("student", "handler", "reporter")
        .filter(reference=reference)
        .order_by()[:1]
    )
    case = next(iter(found), None)
    basis = None
    if case:
        _attach_units(case)
        # The person's team permissions on this case in one query, for the check here and
        # every button and ladder action of the page (the page's query budget).
        permissions.remember_team_permissions(request.user, case)
        basis = permissions.access_basis(request.user, case)
    if basis is None:
        log_denied_access(request, case=case, part=part, action=action)
        return None
    return case, basis


def _attach_units(case):
    """The case's unit with its faculty, and the student's programme, from one small query.
    Joined into the case's query they made it a join of seven tables, which PostgreSQL took
    1.1-1.5 ms to plan at tier N (issue 20) against 0.2 ms for four tables and 0.05 ms for
    the units, where the page's fourteen other queries plan and run in 1.8 ms together."""
    wanted = {case.unit_id}
    programme_id = case.student.programme_id if case.student else None
    if programme_id:
        wanted.add(programme_id)
    units = OrganisationUnit.objects.select_related("parent").in_bulk(wanted)
    case.unit = units[case.unit_id]
    if programme_id:
        case.student.programme = units[programme_id]


def case_page(part, *, methods=("GET",), action=Action.VIEW, log=True, allowed=None):
    """A page about one case: a logged 404 for anyone who may not see it, whatever the method;
    then the method check; then `allowed(user, case)` (a logged 403 when it says no); then the
    read is logged and the view gets the case and basis."""

    def after_method_check(request, case, basis):
        if allowed is not None and not allowed(request.user, case):
            log_denied_access(request, case=case, part=part, action=action)
            raise ActionRefused
        if log:
            log_case_access(request, case=case, part=part, action=action, basis=basis)

    return page(
        methods=methods,
        find=partial(visible_case, part=part, action=action),
        key="reference",
        then=after_method_check,
    )


def case_context(request, case, **extra):
    """What every page about one case shows in its header: the case and the buttons allowed."""
    user = request.user
    return {
        "case": case,
        "can_take": permissions.can_take_case(user, case),
        "can_change": permissions.can_change_case(user, case),
        "can_manage": permissions.can_manage_case(user, case),
        "can_link": case.student_id is None and permissions.can_link_student(user, case),
        **extra,
    }


def back_to_case(request, case, message, *, anchor="", gone_to="home"):
    """To the case page with a message; or to `gone_to` when the step took the user's own
    access away."""
    messages.success(request, message)
    if permissions.can_view_case(request.user, fresh_case(case)):
        return redirect(reverse("cases:detail", args=[case.reference]) + anchor)
    messages.info(request, _("Je hebt geen toegang meer tot %(ref)s.") % {"ref": case.reference})
    return redirect(gone_to)


def case_form_page(request, case, *, form_class, initial, template, run, done):
    """A form that changes a case on the version it was opened on (handler, team, student).
    On a conflict the form comes back as typed (409), with the case as it is now and its new
    version, so that sending it again applies it knowingly."""
    form = form_class(posted(request), initial=initial, case=case)
    status = 200
    if request.method == "POST" and form.is_valid():
        _result, status = run_service(form, lambda: run(form.cleaned_data))
        if not form.errors:
            return back_to_case(request, case, done, gone_to="cases:list")
        if status == 409:
            case = fresh_case(case)
    return render(request, template, case_context(request, case, form=form), status=status)
