#!/usr/bin/env python3
"""Generates Tests/AWSSigV4Tests/Fixtures/botocore-signatures.json: S3 and Kinesis/Lambda style
requests signed by botocore's own SigV4Auth / S3SigV4Auth at a fixed time, so the Swift
AWSSigV4 tests can compare canonical requests, strings to sign and Authorization headers exactly.

Regenerate (from the repository root, with any Python that has botocore installed):

    python3 -m pip install botocore          # if needed; not part of scripts/requirements-test.txt
    python3 scripts/generate-sigv4-expectations.py > Tests/AWSSigV4Tests/Fixtures/botocore-signatures.json

The output is deterministic for a given botocore version (recorded in the file). Only inputs
defined below go into it; the credentials are AWS's documentation examples, not real keys.
"""

import datetime
import json
import sys
from urllib.parse import quote

import botocore
import botocore.auth
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+TOKEN+/=="


def epoch(iso):
    return int(datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp())


def s3_path(bucket, key):
    """Path-style URL path, with the key encoded the way botocore encodes S3 keys."""
    path = "/"
    if bucket:
        path += bucket + "/"
    return path + quote(key, safe="/~")


CASES = [
    # ---- S3 ----
    dict(name="s3-get-object", signer="s3", region="us-east-1", method="GET",
         host="s3.us-east-1.amazonaws.com", bucket="radstream-input", key="photos/cat.jpg",
         query=[], headers=[], body="", payload="sha256", time="2026-11-25T09:00:00Z"),
    dict(name="s3-get-object-space-key-session-token", signer="s3", region="eu-west-1", method="GET",
         host="s3.eu-west-1.amazonaws.com", bucket="radstream-input", key="my folder/my  file (1).txt",
         query=[], headers=[["Range", "bytes=0-1023"]], body="", payload="sha256", token=True,
         time="2024-02-29T23:59:59Z"),
    dict(name="s3-put-object-unicode-key", signer="s3", region="eu-central-1", method="PUT",
         host="radstream-output.s3.eu-central-1.amazonaws.com", bucket="", key="rådata/日本語 ✓.json",
         query=[], headers=[["Content-Type", "application/json"], ["Content-Length", "27"]],
         body='{"caption":"a cat","ok":1}\n', payload="sha256", time="2026-01-01T00:00:00Z"),
    dict(name="s3-put-object-plus-equals-unsigned-payload-session-token", signer="s3", region="us-west-2",
         method="PUT", host="s3.us-west-2.amazonaws.com", bucket="radstream-output",
         key="a+b=c/d&e,f;g:h@i$j!k'(l)*m.txt", query=[],
         headers=[["Content-Type", "text/plain; charset=utf-8"], ["Content-Length", "5"]],
         body="hello", payload="unsigned", token=True, time="2026-11-25T09:15:30Z"),
    dict(name="s3-put-object-tilde-dots-double-slash", signer="s3", region="us-east-1", method="PUT",
         host="s3.us-east-1.amazonaws.com", bucket="radstream-output", key="a//b/./../~c_d-e.f",
         query=[], headers=[["Content-Length", "0"], ["X-Amz-Meta-Note", "  spaced    out   value  "]],
         body="", payload="sha256", time="2026-11-25T09:15:30Z"),
    dict(name="s3-list-objects-v2-prefix-with-space", signer="s3", region="us-east-1", method="GET",
         host="radstream-input.s3.us-east-1.amazonaws.com", bucket="", key="",
         query=[["list-type", "2"], ["prefix", "a b"]], headers=[], body="", payload="sha256",
         time="2026-11-25T09:00:00Z"),
    dict(name="s3-list-objects-v2-encoded-params-session-token", signer="s3", region="ap-southeast-2", method="GET",
         host="s3.ap-southeast-2.amazonaws.com", bucket="radstream-input", key="",
         query=[["list-type", "2"], ["prefix", "x+y=z/ü é"], ["delimiter", "/"],
                ["continuation-token", "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="], ["max-keys", "1000"]],
         headers=[], body="", payload="sha256", token=True, time="2026-11-25T09:00:00Z"),
    dict(name="s3-post-create-multipart-upload", signer="s3", region="eu-west-1", method="POST",
         host="s3.eu-west-1.amazonaws.com", bucket="radstream-output", key="big/video 01.mp4",
         query=[["uploads", ""]], headers=[["Content-Type", "video/mp4"]], body="", payload="sha256",
         time="2026-11-25T09:00:00Z"),
    dict(name="s3-put-upload-part-unsigned", signer="s3", region="eu-west-1", method="PUT",
         host="s3.eu-west-1.amazonaws.com", bucket="radstream-output", key="big/video 01.mp4",
         query=[["partNumber", "2"], ["uploadId", "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA--"]],
         headers=[["Content-Length", "11"]], body="chunk bytes", payload="unsigned", token=True,
         time="2026-11-25T09:00:00Z"),
    # ---- Kinesis (JSON protocol: POST / with X-Amz-Target) ----
    dict(name="kinesis-put-record", signer="sigv4", service="kinesis", region="eu-central-1", method="POST",
         host="kinesis.eu-central-1.amazonaws.com", path="/", query=[],
         headers=[["Content-Type", "application/x-amz-json-1.1"], ["X-Amz-Target", "Kinesis_20131202.PutRecord"]],
         body='{"StreamName":"radstream-events","Data":"eyJpZCI6MX0=","PartitionKey":"image-1"}',
         payload="sha256", time="2026-11-25T09:00:00Z"),
    dict(name="kinesis-put-records-session-token", signer="sigv4", service="kinesis", region="us-east-1",
         method="POST", host="kinesis.us-east-1.amazonaws.com", path="/", query=[],
         headers=[["Content-Type", "application/x-amz-json-1.1"], ["X-Amz-Target", "Kinesis_20131202.PutRecords"],
                  ["User-Agent", "radstream/0.1"]],
         body='{"StreamName":"radstream-events","Records":[{"Data":"YQ==","PartitionKey":"ü + = /"}]}',
         payload="sha256", token=True, time="2024-02-29T12:34:56Z"),
    dict(name="kinesis-get-records-empty-body", signer="sigv4", service="kinesis", region="us-east-1",
         method="POST", host="kinesis.us-east-1.amazonaws.com", path="/", query=[],
         headers=[["Content-Type", "application/x-amz-json-1.1"], ["X-Amz-Target", "Kinesis_20131202.GetRecords"]],
         body="", payload="sha256", time="2000-01-01T00:00:00Z"),
    # ---- Lambda (REST; the non-S3 path is double-encoded) ----
    dict(name="lambda-invoke-arn-path-qualifier", signer="sigv4", service="lambda", region="eu-west-1",
         method="POST", host="lambda.eu-west-1.amazonaws.com",
         path="/2015-03-31/functions/" + quote("arn:aws:lambda:eu-west-1:123456789012:function:resize", safe="")
         + "/invocations",
         query=[["Qualifier", "$LATEST"]],
         headers=[["Content-Type", "application/json"], ["X-Amz-Invocation-Type", "RequestResponse"]],
         body='{"key":"photos/cat.jpg"}', payload="sha256", token=True, time="2026-11-25T09:00:00Z"),
    dict(name="lambda-get-function-dot-segments", signer="sigv4", service="lambda", region="eu-west-1",
         method="GET", host="lambda.eu-west-1.amazonaws.com",
         path="/2015-03-31/functions/./resize//configuration/../configuration", query=[],
         headers=[], body="", payload="sha256", time="2026-11-25T09:00:00Z"),
]


class Recording:
    """Mixin that keeps botocore's intermediate strings."""

    def canonical_request(self, request):
        self.recorded_canonical_request = super().canonical_request(request)
        return self.recorded_canonical_request

    def string_to_sign(self, request, canonical_request):
        self.recorded_string_to_sign = super().string_to_sign(request, canonical_request)
        return self.recorded_string_to_sign

    def signature(self, string_to_sign, request):
        self.recorded_signature = super().signature(string_to_sign, request)
        return self.recorded_signature


class RecordingSigV4(Recording, SigV4Auth):
    pass


class RecordingS3SigV4(Recording, S3SigV4Auth):
    pass


def sign(case):
    token = TOKEN if case.get("token") else None
    credentials = Credentials(ACCESS_KEY, SECRET_KEY, token)
    timestamp = epoch(case["time"])
    fixed = datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).replace(tzinfo=None)
    botocore.auth.get_current_datetime = lambda: fixed

    if case["signer"] == "s3":
        service = "s3"
        path = s3_path(case["bucket"], case["key"])
        auth = RecordingS3SigV4(credentials, service, case["region"])
    else:
        service = case["service"]
        path = case["path"]
        auth = RecordingSigV4(credentials, service, case["region"])

    headers = [["Host", case["host"]]] + case["headers"]
    request = AWSRequest(
        method=case["method"],
        url="https://" + case["host"] + path,
        headers={name: value for name, value in headers},
        data=case["body"].encode("utf-8"),
        params=[tuple(pair) for pair in case["query"]],
    )
    if case["signer"] == "s3":
        request.context["client_config"] = Config(s3={"payload_signing_enabled": case["payload"] == "sha256"})
    auth.add_auth(request)

    entry = {
        "name": case["name"],
        "signer": case["signer"],
        "service": service,
        "region": case["region"],
        "access_key_id": ACCESS_KEY,
        "secret_access_key": SECRET_KEY,
        "session_token": token,
        "method": case["method"],
        "path": path,
        "query": case["query"],
        "headers": headers,
        "body": case["body"],
        "payload": case["payload"],
        "timestamp": timestamp,
        "expected": {
            "canonical_request": auth.recorded_canonical_request,
            "string_to_sign": auth.recorded_string_to_sign,
            "signature": auth.recorded_signature,
            "authorization": request.headers["Authorization"],
            "x_amz_date": request.headers["X-Amz-Date"],
            "x_amz_content_sha256": request.headers.get("X-Amz-Content-SHA256"),
        },
    }
    if case["signer"] == "s3":
        entry["bucket"] = case["bucket"]
        entry["key"] = case["key"]
    return entry


def main():
    document = {
        "generator": "scripts/generate-sigv4-expectations.py",
        "botocore_version": botocore.__version__,
        "cases": [sign(case) for case in CASES],
    }
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
