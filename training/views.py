"""Training pages: parse input, ask `training.permissions`, call a service or selector, respond.
Whoever may not use a page gets a 404, before any method check (`core.pages.page`)."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.pages import GET_POST, act, page, posted, run_service, without
from training import ical, pdf, permissions, selectors, services
from training.forms import (
    AssignIntakeForm,
    AttendanceForm,
    CancelSessionForm,
    CourseForm,
    FirstTrainerForm,
    IntakeForm,
    LinkSessionForm,
    SessionForm,
    TeamRequestFilterForm,
    TeamRequestForm,
)
from training.models import CalendarFeed, Certificate

CHART_ROW, CHART_BAR = 24, 260  # height of one bar row and the width of a full bar


def _absolute(request, path):
    return request.build_absolute_uri(path)


# --- What a page is about: the object as this person may use it, or None (a 404) ----------------


def _course(request, pk):
    return selectors.get_course_for(request.user, pk)


def _schedulable_course(request, pk):
    course = _course(request, pk)
    if course is None or not permissions.can_schedule_session(request.user, course):
        return None
    return course


def _session(request, pk):
    return selectors.get_session(request.user, pk)


def _editable_session(request, pk):
    session = _session(request, pk)
    if session is None or not permissions.can_edit_session(request.user, session):
        return None
    return session


def _attendance_session(request, pk):
    session = _session(request, pk)
    if session is None or not permissions.can_record_attendance(request.user, session):
        return None
    return session


def _certificate(request, pk):
    certificate = (
        permissions.certificates_visible_to(request.user)
        .select_related("holder", "course", "session")
        .filter(pk=pk)
        .first()
    )
    if certificate is None or not permissions.can_download_certificate(request.user, certificate):
        return None
    return certificate


def _team_request(request, pk):
    team_request = selectors.get_team_request_for(request.user, pk)
    if team_request is None or not permissions.can_view_team_request(request.user, team_request):
        return None
    return team_request


def _intake_request(request, pk):
    team_request = _team_request(request, pk)
    if team_request is None or not permissions.can_record_intake(request.user, team_request):
        return None
    return team_request


# --- Courses --------------------------------------------------------------------------------------


@page(permissions.can_view_training)
def course_list(request):
    user = request.user
    context = {
        "courses": selectors.courses_for(user),
        "sessions": selectors.upcoming_sessions(user, limit=12),
        "can_manage": permissions.can_manage_courses(user),
    }
    return render(request, "training/course_list.html", context)


@page(permissions.can_view_training, find=_course)
def course_detail(request, course):
    user = request.user
    context = {
        "course": course,
        "sessions": selectors.upcoming_sessions(user, course=course),
        "past": selectors.past_sessions(course, user),
        "can_manage": permissions.can_manage_courses(user),
        "can_schedule": permissions.can_schedule_session(user, course),
        "trainers": selectors.trainers_of_course(course, limit=selectors.TRAINERS_SHOWN),
        "trainer_count": selectors.trainer_count(course),
    }
    return render(request, "training/course_detail.html", context)


@page(permissions.can_manage_courses, methods=GET_POST)
def course_create(request):
    form = CourseForm(posted(request), initial={"is_active": True, "validity_months": 24})
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        course, status = run_service(
            form,
            lambda: services.create_course(
                data=without(d, "reason", "version"), reason=d["reason"], acting_user=request.user
            ),
        )
        if course is not None:
            messages.success(request, _("De cursus is opgeslagen."))
            return redirect("training:course_detail", pk=course.pk)
    context = {"form": form, "creating": True}
    return render(request, "training/course_form.html", context, status=status)


@page(permissions.can_manage_courses, methods=GET_POST, find=_course)
def course_edit(request, course):
    form = CourseForm(posted(request), initial=CourseForm.initial_for(course), course=course)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved, status = run_service(
            form,
            lambda: services.update_course(
                course,
                data=without(d, "reason", "version"),
                reason=d["reason"],
                acting_user=request.user,
                expected_version=d["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("De cursus is opgeslagen."))
            return redirect("training:course_detail", pk=course.pk)
    context = {"form": form, "course": course}
    return render(request, "training/course_form.html", context, status=status)


@page(permissions.can_manage_courses, methods=GET_POST, find=_course)
def course_trainers(request, course):
    form = FirstTrainerForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done, status = run_service(
            form,
            lambda: services.grant_first_generation(
                course, trainer=d["trainer"], reason=d["reason"], acting_user=request.user
            ),
        )
        if done is not None:
            messages.success(request, _("De trainer is toegevoegd."))
            return redirect("training:course_trainers", pk=course.pk)
    context = {"course": course, "form": form, "trainers": selectors.trainers_of_course(course)}
    return render(request, "training/course_trainers.html", context, status=status)


# --- Sessions -------------------------------------------------------------------------------------


@page(methods=GET_POST, find=_schedulable_course)
def session_create(request, course):
    initial = {"open_enrolment": True, "capacity": 20, "trainers": [request.user]}
    form = SessionForm(posted(request), course=course, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        session, status = run_service(
            form,
            lambda: services.schedule_session(
                course,
                data=without(d, "reason", "version", "open_enrolment"),
                open_enrolment=d["open_enrolment"],
                reason=d["reason"],
                acting_user=request.user,
            ),
        )
        if session is not None:
            messages.success(request, _("De sessie is gepland."))
            return redirect("training:session_detail", pk=session.pk)
    context = {"form": form, "course": course, "creating": True}
    return render(request, "training/session_form.html", context, status=status)


@page(permissions.can_view_training, find=_session)
def session_detail(request, session):
    user = request.user
    own = selectors.own_enrolment(user, session)
    may_see = permissions.can_see_participants(user, session)
    enrolled, waitlisted = selectors.participants_of(session) if may_see else ([], [])
    context = {
        "session": session,
        "own": own,
        "position": selectors.waitlist_position(own),
        "can_edit": permissions.can_edit_session(user, session),
        "can_attend": permissions.can_record_attendance(user, session),
        "can_see_participants": may_see,
        "enrolled": enrolled,
        "waitlisted": waitlisted,
        "own_certificate": Certificate.objects.filter(holder=user, session=session).first(),
    }
    return render(request, "training/session_detail.html", context)


@page(permissions.can_view_training, methods=GET_POST, find=_editable_session)
def session_edit(request, session):
    form = SessionForm(
        posted(request),
        course=session.course,
        creating=False,
        initial=SessionForm.initial_for(session),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved, status = run_service(
            form,
            lambda: services.update_session(
                session,
                data=without(d, "reason", "version"),
                reason=d["reason"],
                acting_user=request.user,
                expected_version=d["version"],
            ),
        )
        if saved is not None:
            messages.success(request, _("De sessie is opgeslagen."))
            return redirect("training:session_detail", pk=session.pk)
    context = {"form": form, "course": session.course, "session": session}
    return render(request, "training/session_form.html", context, status=status)


@page(permissions.can_view_training, methods=("POST",), find=_editable_session)
def session_open(request, session):
    act(
        request,
        lambda: services.open_session(session, acting_user=request.user),
        _("De inschrijving is open."),
    )
    return redirect("training:session_detail", pk=session.pk)


@page(permissions.can_view_training, methods=GET_POST, find=_editable_session)
def session_cancel(request, session):
    form = CancelSessionForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        done, status = run_service(
            form,
            lambda: services.cancel_session(session, reason=reason, acting_user=request.user),
        )
        if done is not None:
            messages.success(request, _("De sessie is geannuleerd; de deelnemers krijgen bericht."))
            return redirect("training:session_detail", pk=session.pk)
    context = {"form": form, "session": session}
    return render(request, "training/session_cancel.html", context, status=status)


@page(permissions.can_enrol, methods=("POST",), find=_session)
def enrol(request, session):
    try:
        enrolment = services.enrol(session, participant=request.user, acting_user=request.user)
    except services.TrainingActionRefused as refused:
        messages.error(request, str(refused))
    else:
        if enrolment.status == enrolment.Status.ENROLLED:
            messages.success(request, _("Je bent ingeschreven. Je krijgt een bevestiging."))
        else:
            messages.info(
                request,
                _("De sessie is vol: je staat op de wachtlijst. Komt er een plek vrij, dan krijg "
                  "je die automatisch en hoor je het."),
            )  # fmt: skip
    return redirect("training:session_detail", pk=session.pk)


@page(permissions.can_enrol, methods=("POST",), find=_session)
def cancel_enrolment(request, session):
    own = selectors.own_enrolment(request.user, session)
    if own is None:
        messages.error(request, _("Je staat niet ingeschreven voor deze sessie."))
        return redirect("training:session_detail", pk=session.pk)
    act(
        request,
        lambda: services.cancel_enrolment(own, acting_user=request.user),
        _("Je bent uitgeschreven."),
    )
    return redirect("training:session_detail", pk=session.pk)


@page(permissions.can_view_training, methods=GET_POST, find=_attendance_session)
def attendance(request, session):
    enrolled, _waitlisted = selectors.participants_of(session)
    open_ones = [e for e in enrolled if not e.attendance]
    form = AttendanceForm(posted(request), enrolments=open_ones)
    status = 200
    if request.method == "POST" and form.is_valid():
        certificates, status = run_service(
            form,
            lambda: services.record_attendance(
                session, marks=form.marks(), acting_user=request.user
            ),
        )
        if certificates is not None:
            messages.success(
                request,
                _("De aanwezigheid is vastgelegd; %(count)d certificaten uitgereikt.")
                % {"count": len(certificates)},
            )
            return redirect("training:session_detail", pk=session.pk)
    recorded = [e for e in enrolled if e.attendance]
    context = {"session": session, "form": form, "recorded": recorded}
    return render(request, "training/attendance.html", context, status=status)


@page(permissions.can_view_training, find=_session)
def session_ics(request, session):
    url = _absolute(request, reverse("training:session_detail", args=[session.pk]))
    response = HttpResponse(ical.session_calendar(session, url), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="training-{session.pk}.ics"'
    return response


# --- My trainings, certificates and the calendar feed ---------------------------------------------


@page(permissions.can_view_training)
def my_trainings(request):
    user = request.user
    feed = services.calendar_feed_for(user)
    context = {
        "enrolments": selectors.enrolments_of(user),
        "certificates": selectors.certificates_of(user),
        "trained_sessions": selectors.sessions_trained_by(user),
        "team_requests": selectors.team_requests_for(user)
        if not permissions.is_coordinator(user)
        else [],
        "feed_url": _absolute(request, reverse("training:calendar_feed", args=[feed.token])),
    }
    return render(request, "training/my_trainings.html", context)


@page(permissions.can_view_training, methods=("POST",))
def calendar_feed_reset(request):
    services.reset_calendar_feed(request.user, acting_user=request.user)
    messages.success(
        request, _("Je agendalink is vernieuwd. De oude link werkt niet meer; voeg de nieuwe toe.")
    )
    return redirect(reverse("training:my_trainings") + "#agenda")


@require_GET
def calendar_feed(request, token):
    """No session cookie needed: the secret in the address is the key, and nothing else is."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not permissions.is_staff_member(feed.user):
        raise Http404
    sessions = selectors.feed_sessions(feed.user)

    def url_for(session):
        return _absolute(request, reverse("training:session_detail", args=[session.pk]))

    response = HttpResponse(
        ical.feed_calendar(sessions, url_for), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@page(permissions.can_view_training, find=_certificate)
def certificate_pdf(request, certificate):
    trainers = list(certificate.trained_by.order_by("last_name"))
    response = HttpResponse(
        pdf.certificate_pdf(certificate, trainers=trainers), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="certificaat-{certificate.number}.pdf"'
    return response


# --- The cascade and coverage ---------------------------------------------------------------------


@page(permissions.can_view_cascade)
def cascade(request):
    roots = selectors.cascade_tree()
    nodes = selectors.flatten_tree(roots)
    context = {
        "roots": roots,
        "trainer_count": len(nodes),
        "generations": max((n.generation for n in nodes), default=0),
    }
    return render(request, "training/cascade.html", context)


@page(permissions.can_view_coverage)
def coverage(request):
    staff, covered = selectors.coverage_total()
    rows = selectors.coverage_per_unit()
    for index, row in enumerate(rows):  # positions in the server-drawn bar chart
        row.y, row.bar = index * CHART_ROW, round(row.share * CHART_BAR / 100)
    context = {
        "rows": rows,
        "chart_height": len(rows) * CHART_ROW,
        "total_staff": staff,
        "total_covered": covered,
        "total_share": round(100 * covered / staff) if staff else 0,
    }
    return render(request, "training/coverage.html", context)


# --- Team training requests -----------------------------------------------------------------------


@page(permissions.can_request_team_training, methods=GET_POST)
def team_request_create(request):
    form = TeamRequestForm(posted(request))
    status = 200
    if request.method == "POST" and form.is_valid():
        team_request, status = run_service(
            form,
            lambda: services.request_team_training(
                data=form.cleaned_data, acting_user=request.user
            ),
        )
        if team_request is not None:
            messages.success(
                request,
                _("Je aanvraag is verstuurd. De coördinator neemt contact op voor een intake."),
            )
            return redirect("training:team_request_detail", pk=team_request.pk)
    return render(request, "training/team_request_form.html", {"form": form}, status=status)


@page(permissions.can_manage_team_requests)
def team_request_list(request):
    form = TeamRequestFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    context = {"form": form, "requests": selectors.team_requests_for(request.user, status=status)}
    return render(request, "training/team_request_list.html", context)


@page(permissions.can_view_training, methods=GET_POST, find=_team_request)
def team_request_detail(request, team_request):
    user = request.user
    manage = permissions.can_manage_team_requests(user)
    if request.method == "POST" and not manage:
        return HttpResponseNotAllowed(["GET"])  # only the coordinator assigns the intake
    initial = {"trainer": team_request.intake_by, "version": team_request.version}
    form = AssignIntakeForm(posted(request), initial=initial) if manage else None
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done, status = run_service(
            form,
            lambda: services.assign_intake(
                team_request,
                trainer=d["trainer"],
                reason=d["reason"],
                acting_user=user,
                expected_version=d["version"],
            ),
        )
        if done is not None:
            messages.success(request, _("Vastgelegd wie de intake houdt."))
            return redirect("training:team_request_detail", pk=team_request.pk)
    context = {
        "team_request": team_request,
        "intake": getattr(team_request, "intake", None),
        "sessions": list(team_request.sessions.select_related("course").order_by("starts_at")),
        "form": form,
        "can_intake": permissions.can_record_intake(user, team_request),
    }
    return render(request, "training/team_request_detail.html", context, status=status)


@page(permissions.can_view_training, methods=GET_POST, find=_intake_request)
def intake(request, team_request):
    existing = getattr(team_request, "intake", None)
    initial = IntakeForm.initial_for(existing) if existing else {}
    form = IntakeForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        done, status = run_service(
            form,
            lambda: services.record_intake(
                team_request, data=form.cleaned_data, acting_user=request.user
            ),
        )
        if done is not None:
            messages.success(request, _("De intake is vastgelegd; de aanvrager krijgt bericht."))
            return redirect("training:team_request_detail", pk=team_request.pk)
    context = {"form": form, "team_request": team_request}
    return render(request, "training/intake_form.html", context, status=status)


@page(permissions.can_view_training, methods=GET_POST, find=_intake_request)
def link_session(request, team_request):
    form = LinkSessionForm(posted(request), sessions=selectors.linkable_sessions())
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done, status = run_service(
            form,
            lambda: services.link_session(
                team_request, session=d["session"], reason=d["reason"], acting_user=request.user
            ),
        )
        if done is not None:
            messages.success(request, _("De sessie hoort nu bij deze aanvraag."))
            return redirect("training:team_request_detail", pk=team_request.pk)
    context = {"form": form, "team_request": team_request}
    return render(request, "training/link_session.html", context, status=status)
