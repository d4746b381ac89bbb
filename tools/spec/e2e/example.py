"""The README's Python example: sign Data Flow requests with the standard library alone, against
`dataflow fake-server` (or the real gateway). `make ts-test` runs it; it checks its own answers.

    DATAFLOW_URL=http://127.0.0.1:PORT NCLOUD_ACCESS_KEY_ID=... NCLOUD_SECRET_ACCESS_KEY=... python3 example.py
"""

import base64
import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.request

URL = os.environ["DATAFLOW_URL"]
ACCESS_KEY = os.environ["NCLOUD_ACCESS_KEY_ID"]
SECRET_KEY = os.environ["NCLOUD_SECRET_ACCESS_KEY"]


def signature_headers(method, path_and_query, secret=SECRET_KEY):
    """The three signature v2 headers: HMAC-SHA256 over METHOD path\\ntimestamp\\naccessKey."""
    ts = str(int(time.time() * 1000))
    message = f"{method} {path_and_query}\n{ts}\n{ACCESS_KEY}".encode()
    sig = base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()
    return {"x-ncp-apigw-timestamp": ts, "x-ncp-iam-access-key": ACCESS_KEY, "x-ncp-apigw-signature-v2": sig}


def call(method, path, body=None, signed=True, secret=SECRET_KEY):
    """One request; returns (status, decoded JSON body)."""
    headers = signature_headers(method, path, secret) if signed else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(URL + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


options = {"jobCondition": {"nrn": "nrn:PUB:IAM::2706412:Role/etl", "scriptPath": "bucket/scripts/",
                            "logPath": "bucket/logs/", "numWorker": 4}}

status, jobs = call("GET", "/api/v1/jobs")
assert status == 200 and any(j["jobId"] == "gqigvHa1b2c3" for j in jobs["list"]), (status, jobs)

status, job = call("PUT", "/api/v1/jobs/gqigvHa1b2c3/executions", options)
assert status == 200 and job["runCondition"]["numWorker"] == 4, (status, job)

status, err = call("GET", "/api/v1/jobs", secret="wrong")
assert status == 401 and err["error"]["errorCode"] == "200", (status, err)

too_many = {"jobCondition": dict(options["jobCondition"], numWorker=11)}
status, err = call("PUT", "/api/v1/jobs/gqigvHa1b2c3/executions", too_many)
assert status == 400 and err["errorType"] == "bad-parameter", (status, err)

status, _ = call("POST", "/_fake/faults", {"status": 503, "count": 1, "operation": "getJobs"}, signed=False)
assert status == 201
assert call("GET", "/api/v1/jobs")[0] == 503
assert call("GET", "/api/v1/jobs")[0] == 200
print("python example: list, edit, wrong signature, numWorker 11 and an injected 503 all as expected")
