"""Web nodes for the tests: real gunicorn servers of the app, each a process on a port of its
own, and a browser without JavaScript that talks to them over HTTP the way a load balancer's
clients do — one host name, cookies kept by hand, CSRF tokens taken from the forms."""

import http.client
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.s3_helpers import _free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
HOST = "zorgwekkend.test"  # the one name every node answers to, behind the balancer


# The nodes render pages with the production storage, which reads the manifest of hashed names
# that collectstatic writes. That storage also writes gzip and Brotli copies of every file, most
# of collectstatic's time (12 s against 4 s without them); they save browsers bandwidth, which
# nothing here measures, so the manifest is written by the plain manifest storage.
_COLLECT_MANIFEST_ONLY = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
manifest = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": manifest}):
    call_command("collectstatic", interactive=False, verbosity=0)
"""


def collect_static(env):
    """Collect the static files into the nodes' DJANGO_STATIC_ROOT, with their manifest."""
    subprocess.run(
        [sys.executable, "-c", _COLLECT_MANIFEST_ONLY],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "zorgwekkend.settings"},
        check=True,
        capture_output=True,
    )


class Node:
    """`gunicorn zorgwekkend.wsgi` with one sync worker on a free port, logging every request it
    served to a file of its own; `stop()` ends it."""

    def __init__(self, name, env, folder):
        self.name = name
        self.port = _free_port()
        self.access_log = folder / f"node-{name}-access.log"
        self.error_log = folder / f"node-{name}-error.log"
        command = [str(GUNICORN), "zorgwekkend.wsgi", "--workers", "1", "--worker-class", "sync"]
        self.process = subprocess.Popen(
            [
                *command,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                str(self.access_log),
                "--access-logformat",
                "%(m)s %(U)s %(s)s",
                "--error-logfile",
                str(self.error_log),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_until_ready(self, timeout=60):
        """Until /healthz answers (the load balancer's probe); its JSON."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"node {self.name} stopped: {self.error_log.read_text()}")
            try:
                return Browser(self).get("/healthz")
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"node {self.name} did not answer within {timeout}s")

    def requests(self, *, ending_with, timeout=10):
        """Every request this node served, as 'METHOD /path status' lines, up to the one
        expected last: gunicorn writes a line once its response is sent, a moment after the
        browser has it all."""
        deadline = time.monotonic() + timeout
        while ending_with not in (lines := self.access_log.read_text().splitlines()):
            if time.monotonic() > deadline:
                raise AssertionError(f"node {self.name} never served {ending_with!r}: {lines}")
            time.sleep(0.1)
        return lines

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode()

    @property
    def location(self):
        return self.headers["Location"]

    def csrf_token(self):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text).group(1)


class Browser:
    """Cookies, CSRF tokens and the HTTPS a TLS-terminating proxy tells the app about; follows
    no redirect by itself, so a test sees each one. `node` is where the balancer sends it."""

    def __init__(self, node):
        self.node = node
        self.cookies = {}

    def get(self, path):
        return self._request("GET", path)

    def post(self, path, fields, *, files=None, form_on=None):
        """Send a form with the CSRF token of the page it is on: `path` itself, or `form_on`
        for a button on another page (read first, as a browser has it open)."""
        fields = {"csrfmiddlewaretoken": self.get(form_on or path).csrf_token(), **fields}
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body, content_type = urlencode(fields, doseq=True).encode(), _FORM
        return self._request("POST", path, body=body, content_type=content_type)

    def _request(self, method, path, *, body=None, content_type=None):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",  # the proxy terminated TLS
            "Referer": f"https://{HOST}{path}",  # Django checks it on secure POSTs
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection("127.0.0.1", self.node.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            reply = connection.getresponse()
            response = Response(reply.status, reply.headers, reply.read())
        finally:
            connection.close()
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return response

    def _keep_cookies(self, set_cookies):
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)


_FORM = "application/x-www-form-urlencoded"


def _multipart(fields, files):
    """A multipart/form-data body, as a browser sends a form with a file."""
    boundary = uuid.uuid4().hex
    parts = [
        _part(boundary, f'name="{name}"') + f"{value}\r\n".encode()
        for name, value in fields.items()
    ]
    for name, (file_name, content) in files.items():
        disposition = f'name="{name}"; filename="{file_name}"'
        parts.append(_part(boundary, disposition, "application/octet-stream") + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _part(boundary, disposition, content_type=None):
    head = f"--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n"
    if content_type:
        head += f"Content-Type: {content_type}\r\n"
    return (head + "\r\n").encode()
