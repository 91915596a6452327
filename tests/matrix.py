"""The shared walk of a permission matrix: one role, every URL, GET and POST."""

from accounts.models import User
from tests.conftest import PERSONAS


def log_in_as(role, client, request):
    """Personas by role code; 'foreign_*' users by username; 'anonymous' stays logged out."""
    if role.startswith("foreign_"):
        client.force_login(User.objects.get(username=role))
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(PERSONAS.get(role, "outsider")))


def assert_matrix(role, *, client, request, expected, url_for):
    """Every URL in `expected` answers `role` as written there; anyone not named gets 404, and
    an anonymous visitor goes to the login page."""
    log_in_as(role, client, request)
    wrong = []
    for name, methods in expected.items():
        url = url_for(name)
        for method, expected_by_role in methods.items():
            want = 302 if role == "anonymous" else expected_by_role.get(role, 404)
            response = getattr(client, method.lower())(url)
            if response.status_code != want:
                wrong.append(f"{method} {url} ({name}): {response.status_code}, want {want}")
            if role == "anonymous":
                assert response["Location"].startswith("/account/inloggen/"), url
    assert not wrong, "\n".join(wrong)
