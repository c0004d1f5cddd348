"""A real S3 server for the ``STORIES_MEDIA=s3://…`` tests: moto's, on a free loopback port.

Debian has no S3 server, so moto's (``moto[server]``, a Flask app speaking the S3 protocol over
HTTP) stands in for MinIO, Ceph or AWS. The code under test reaches it only through boto3's standard
environment, as it would reach any store; each test gets a bucket of its own.
"""

from __future__ import annotations

import uuid

import boto3

REGION = "eu-north-1"


class S3Server:
    """moto's server in a thread of the test process; stopped on exit."""

    def __enter__(self) -> S3Server:
        from moto.server import ThreadedMotoServer

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        return self

    def __exit__(self, *exc) -> None:
        self._server.stop()

    def environment(self) -> dict[str, str]:
        """boto3's standard variables, pointing at this server (moto takes any credentials)."""
        return {"AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": "stories-test",
                "AWS_SECRET_ACCESS_KEY": "stories-test-secret", "AWS_DEFAULT_REGION": REGION}

    def client(self):
        """A client of the test's own, to look into the bucket from outside the code under test."""
        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id="stories-test", aws_secret_access_key="stories-test-secret")

    def new_bucket(self, versioned: bool = False) -> str:
        name = f"stories-{uuid.uuid4().hex[:12]}"
        client = self.client()
        client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        if versioned:
            client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        return name

    def keys(self, bucket: str) -> list[str]:
        """Every object's key in the bucket."""
        listed = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def versions(self, bucket: str) -> list[str]:
        """Every version and delete marker's key (a versioned bucket keeps deleted bytes as versions)."""
        listed = self.client().list_object_versions(Bucket=bucket)
        return sorted(v["Key"] for v in listed.get("Versions", []) + listed.get("DeleteMarkers", []))


def in_bucket(settings, server: S3Server, monkeypatch, versioned: bool = False):
    """``settings`` with media in a new bucket of ``server``; boto3's environment points at it."""
    for name, value in server.environment().items():
        monkeypatch.setenv(name, value)
    bucket = server.new_bucket(versioned)
    monkeypatch.setenv("STORIES_MEDIA", f"s3://{bucket}/media")  # for what reloads the settings (the CLI)
    return settings.with_(media=f"s3://{bucket}/media")


def bucket_of(settings) -> str:
    return settings.media[len("s3://"):].split("/", 1)[0]
