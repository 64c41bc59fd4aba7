"""Cross-site attacks on the admin API from a page in real headless Chromium.

The attacking page is served from a second loopback origin (127.0.0.2, its own port), as
a page on any web site would be: it tries a ``fetch`` and a plain HTML form POST against
the fake on 127.0.0.1. A name rebound to 127.0.0.1 (Chromium's host resolver rules stand
in for the attacker's DNS) tries to read the state.
"""

from __future__ import annotations

import http.server
import threading

import pytest
from tests.chromium import start_chromium
from tests.reliability.serve_process import REGISTRATIONS, device

from fakepush import FakePush

pytestmark = pytest.mark.slow

ATTACKER_HOST = "127.0.0.2"
REBOUND_NAME = "rebind.attacker.example"

ATTACK_PAGE = """<!doctype html><title>attacking</title>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="{fake}/_fakepush/faults" enctype="text/plain" target="sink">
<input name='{{"drop": true, "times": null, "body": "' value='"}}'></form>
<script>
(async () => {{
  try {{ await fetch("{fake}/_fakepush/reset", {{method: "POST", mode: "no-cors"}}); }}
  catch (e) {{}}
  try {{ await fetch("{fake}/_fakepush/clock", {{method: "PUT", mode: "no-cors",
    headers: {{"Content-Type": "text/plain"}}, body: '{{"advance_ms": 86400000}}'}}); }}
  catch (e) {{}}
  document.querySelector("iframe").onload = () => {{ document.title = "done"; }};
  document.getElementById("f").submit();
}})();
</script>"""


@pytest.fixture
def chromium_rebinding():
    """A headless Chromium whose resolver maps the rebound name to 127.0.0.1."""
    with start_chromium(f"--host-resolver-rules=MAP {REBOUND_NAME} 127.0.0.1") as driver:
        yield driver


@pytest.fixture
def fake():
    fp = FakePush()
    fp.start()
    fp.client().post(REGISTRATIONS, json=device("kept"))
    yield fp
    fp.stop()


READ_PAGE = """<!doctype html><title>reading</title><body>
<script>
(async () => {{
  const read = async (url) => {{
    try {{ return await (await fetch(url)).text(); }} catch (e) {{ return "refused: " + e.name; }}
  }};
  document.body.dataset.admin = await read("{fake}/_fakepush/state");
  document.body.dataset.emulated = await read("{fake}{registrations}/kept");
  document.title = "read";
}})();
</script>"""


@pytest.fixture
def attacker_site(fake):
    """A page server on 127.0.0.2: another site, as far as the browser can tell.
    ``/`` tries the writes, ``/read`` tries to read an admin answer and an emulated one."""
    pages = {"/": ATTACK_PAGE.format(fake=fake.url).encode(),
             "/read": READ_PAGE.format(fake=fake.url, registrations=REGISTRATIONS).encode()}

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            page = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer((ATTACKER_HOST, 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{ATTACKER_HOST}:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_page_on_another_site_can_neither_reset_nor_add_a_fault(
    chromium_rebinding, fake, attacker_site
):
    from selenium.webdriver.support.ui import WebDriverWait

    frozen_before = fake.clock.now()
    chromium_rebinding.get(attacker_site)
    WebDriverWait(chromium_rebinding, 20).until(lambda d: d.title == "done")
    assert [row["deviceId"] for row in fake.backendless.registrations()] == ["kept"]
    assert fake.faults.list() == []
    assert abs((fake.clock.now() - frozen_before).total_seconds()) < 3600


def test_a_rebound_name_cannot_read_the_state_in_the_browser(chromium_rebinding, fake):
    port = fake.url.rsplit(":", 1)[1]
    chromium_rebinding.get(f"http://{REBOUND_NAME}:{port}/_fakepush/state")
    text = chromium_rebinding.find_element("tag name", "body").text
    assert "FAKEPUSH-REST-API-KEY" not in text
    assert "message" in text


def test_a_page_on_another_site_cannot_read_an_admin_answer_but_can_read_the_emulated_api(
    chromium_rebinding, fake, attacker_site
):
    """Admin answers carry no CORS permission, so the browser keeps them from the page;
    the emulated route beside it answers the same page (browser apps use it)."""
    from selenium.webdriver.support.ui import WebDriverWait

    chromium_rebinding.get(attacker_site + "read")
    WebDriverWait(chromium_rebinding, 20).until(lambda d: d.title == "read")
    body = chromium_rebinding.find_element("tag name", "body")
    admin, emulated = body.get_attribute("data-admin"), body.get_attribute("data-emulated")
    assert admin.startswith("refused: TypeError"), admin[:200]
    assert '"deviceId":"kept"' in emulated.replace(" ", ""), emulated[:200]
