"""``fakepush contract record`` and ``compare``, end to end, and the pieces they stand on."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from fakepush import FakePush
from fakepush.contract.compare import shape
from fakepush.contract.http import Request, Response
from fakepush.contract.record import Recorder
from tests.contract.processes import run_in


def fakepush_cli(cwd, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return run_in(cwd, "fakepush", "contract", *args, env=env)


@pytest.fixture(scope="module")
def docs_record(tmp_path_factory):
    """One record of the whole suite against an in-process fake in profile docs."""
    folder = tmp_path_factory.mktemp("record")
    out = folder / "docs.json"
    result = fakepush_cli(folder, "record", "--profile", "docs", "--out", str(out))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


@pytest.mark.slow
def test_compare_against_the_same_profile_finds_no_difference(docs_record):
    result = fakepush_cli(docs_record.parent, "compare", str(docs_record), "--profile", "docs")
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"\d+ exchanges replayed .*: 0 difference\(s\)", result.stdout)


@pytest.mark.slow
def test_compare_against_profile_sdk_shows_exactly_the_profile_divergences(docs_record):
    result = fakepush_cli(docs_record.parent, "compare", str(docs_record), "--profile", "sdk")
    assert result.returncode == 1, result.stdout[-3000:]
    out = result.stdout
    divergent = set(re.findall(r"^  (GET|DELETE|POST) (\S+)$", out, re.MULTILINE))
    kinds = set()
    for method, path in divergent:
        if method == "GET" and "/messaging/registrations/" in path:
            kinds.add("backendless retrieve")
        elif method == "DELETE" and re.search(r"/v3/users/[^/]+/push/\w+/[^/]+$", path):
            kinds.add("sendbird remove one")
        elif re.search(r"^/v3/push/device_tokens/\w+/", path):
            kinds.add("sendbird owners")
        else:
            raise AssertionError(f"unexpected divergence at {method} {path}:\n{out[-3000:]}")
    assert kinds == {"backendless retrieve", "sendbird remove one", "sendbird owners"}, out[-3000:]
    assert set(re.findall(r"^  (status|error code|shape): recorded", out, re.MULTILINE)) == {
        "shape"
    }
    assert '"id": "string"' in out  # the retrieve object grew the row id and became a list
    assert 'recorded {"token": ["string"]' in out and 'replayed {"token": "string"' in out
    assert 'recorded {"user_id": "string"}' in out and 'replayed [{"user_id": "string"}]' in out


@pytest.mark.slow
def test_record_holds_no_secret_and_replays_issued_user_tokens(docs_record):
    record = json.loads(docs_record.read_text())
    text = docs_record.read_text()
    assert "CONTRACT-KEY-" not in text  # the in-process fake's api key prefix
    kinds = {secret["kind"] for secret in record["secrets"]}
    assert {
        "backendless_api_key",
        "sendbird_api_token",
        "user_token",
        "unknown_user_token",
    } <= kinds
    paths = [e["request"]["path"] for e in record["exchanges"] if e["provider"] == "backendless"]
    # Path-form paths carry the key, redacted, unless a check sent a wrong one on purpose.
    assert all(
        "<redacted:backendless_api_key:" in p or "fakepush-contract-wrong-" in p
        for p in paths
        if not p.startswith("/api/")
    )
    headers = [e["request"]["headers"] for e in record["exchanges"]]
    tokens = {h[name] for h in headers for name in h if name.lower() in ("api-token", "user-token")}
    assert tokens and all(t.startswith("<redacted:") for t in tokens), tokens


@pytest.mark.slow
def test_record_against_a_target_url_redacts_its_credentials(tmp_path):
    with FakePush() as fake:
        fake.state.admin_token = "hidden"  # the target looks like a real service
        env = {
            "FAKEPUSH_BACKENDLESS_APP_ID": fake.backendless.app_id,
            "FAKEPUSH_BACKENDLESS_API_KEY": fake.backendless.api_key,
        }
        out = tmp_path / "real.json"
        result = fakepush_cli(
            tmp_path, "record", "--target", f"backendless={fake.url}", "--out", str(out), env=env
        )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    text = out.read_text()
    assert fake.backendless.api_key not in text and "fakepush-contract-user-token" not in text
    record = json.loads(text)
    assert record["target"]["fake"] is False and record["exchanges"]
    compared = fakepush_cli(tmp_path, "compare", str(out))
    assert compared.returncode == 0, compared.stdout[-3000:]


def test_compare_refuses_a_file_that_is_not_a_record(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    result = fakepush_cli(tmp_path, "compare", str(bad))
    assert result.returncode == 2 and "not a contract record" in result.stderr


def test_recorder_redacts_secrets_raw_and_percent_encoded_everywhere():
    recorder = Recorder({"fake": False})
    key, token = "KEY/with:odd chars", "USER-TOKEN-123"
    recorder.secret(key, "backendless_api_key")
    recorder.add(
        check="c",
        provider="backendless",
        at=1,
        request=Request(
            "GET",
            "/APP/KEY%2Fwith%3Aodd%20chars/messaging/registrations/x",
            {"user-token": token},
            json.dumps({"note": f"{key} and {token}"}).encode(),
        ),
        host="api.backendless.com",
        response=Response(
            400,
            {"content-type": "application/json"},
            json.dumps(
                {"message": f"Not existing user token - {token}", "access_token": "at"}
            ).encode(),
        ),
    )
    text = json.dumps(recorder.redacted())
    assert key not in text and "KEY%2Fwith" not in text and token not in text
    assert '"access_token": "<redacted>"' in text
    exchange = recorder.redacted()["exchanges"][0]
    assert exchange["request"]["path"].startswith("/APP/<redacted:backendless_api_key:1>/")
    assert exchange["request"]["headers"]["user-token"] == "<redacted:unknown_user_token:2>"


def test_shape_keeps_types_and_keys_and_merges_list_items():
    assert shape({"b": [1, 2.5], "a": None, "c": "x", "d": True}) == {
        "a": "null",
        "b": ["number"],
        "c": "string",
        "d": "bool",
    }
    assert shape([{"user_id": "u1"}, {"user_id": "u2"}]) == [{"user_id": "string"}]
    assert shape({"token": ["t"]}) != shape({"token": "t"})
    assert shape([]) == []


def test_plugin_and_package_imports_stay_light():
    code = (
        "import sys, conftest_plugin, conftest_plugin.contract; "
        "heavy = [m for m in ('flask', 'werkzeug', 'fakepush.app', 'fakepush.web') "
        "if m in sys.modules]; "
        "import fakepush; heavy += ['hypothesis'] if 'hypothesis' in sys.modules else []; "
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
