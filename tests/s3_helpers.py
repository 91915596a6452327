"""A real S3-compatible server for the tests: moto in server mode, as its own process on a free
port of this machine. The application talks to it over HTTP exactly as it would to MinIO."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3

ACCESS_KEY = "zw-test-access"
SECRET_KEY = "zw-test-secret"  # moto accepts any key pair
REGION = "eu-west-1"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class S3Server:
    """`with S3Server() as server:` runs moto_server until the block ends."""

    def __init__(self):
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._process = None
        self._count = 0

    def __enter__(self):
        command = [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1"]
        self._process = subprocess.Popen(
            [*command, "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_listening()
        return self

    def _wait_until_listening(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"moto_server stopped at start ({self._process.returncode})")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"moto_server did not listen on port {self.port} within {timeout}s")

    def __exit__(self, *exc):
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def new_bucket(self):
        self._count += 1
        name = f"zw-private-{self._count}"
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return name

    def options(self, bucket):
        """The storage options that settings.py derives from the ZW_S3_* variables."""
        return {
            "bucket_name": bucket,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "endpoint_url": self.endpoint,
            "region_name": REGION,
            "addressing_style": "path",
        }

    def keys(self, bucket):
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, bucket, key):
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()
