"""Who may use the admin API: checks against DNS rebinding and cross-site requests.

A page on any web site can make the browser of a developer who runs the fake send
requests to it: a "simple" ``fetch`` or a plain HTML form reaches a loopback server
without asking (https://fetch.spec.whatwg.org/#cors-safelisted-request-header), and a
name the attacker rebinds to 127.0.0.1 makes the fake a same-origin server the page can
read (https://en.wikipedia.org/wiki/DNS_rebinding). The checks here refuse both; they
are plain functions of the request's headers, so the request cycle calls them before any
admin route runs.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection
from urllib.parse import urlsplit

from fakepush.hosts import is_ip_address, strip_port

# The Content-Types a plain HTML form can send without a CORS preflight
# (https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#attr-fs-enctype).
FORM_CONTENT_TYPES = frozenset(
    {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
)
READ_METHODS = frozenset({"GET", "HEAD"})
# Sec-Fetch-Site values that show the request came from the same site, or from the
# user typing the URL (https://www.w3.org/TR/fetch-metadata/#sec-fetch-site-header).
SAME_SITE_VALUES = frozenset({"same-origin", "same-site", "none"})


def hostname_of(host_header: str) -> str:
    """The name or address of a ``Host`` header, without port or brackets, lower case."""
    return strip_port(host_header).lower().rstrip(".")


def _is_loopback_name(hostname: str) -> bool:
    if hostname == "localhost" or hostname.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def host_refusal(
    host_header: str | None, bound_host: str | None, allowed_hosts: Collection[str]
) -> str | None:
    """Why the admin API must not answer this ``Host``, or None when it may.

    A rebinding attack needs a name the attacker controls in the ``Host`` header; loopback
    names, the address the server is bound to and the names given with
    ``--allowed-host`` are not such names. A server bound to every address (``0.0.0.0``
    or ``::``) takes any address literal: an IP in ``Host`` means the page came from that
    IP, so nothing was rebound. A request without ``Host`` did not come from a browser
    (every browser sends one).
    """
    if host_header is None or not host_header.strip():
        return None
    hostname = hostname_of(host_header)
    if _is_loopback_name(hostname) or hostname in allowed_hosts:
        return None
    bound = hostname_of(bound_host) if bound_host else None
    if bound is not None and hostname == bound:
        return None
    if bound in ("0.0.0.0", "::", "") and is_ip_address(hostname):
        return None
    return (
        f"the admin API does not answer for Host {host_header.strip()!r}: only loopback "
        "names, the bound address and names given with --allowed-host (DNS rebinding guard)"
    )


def write_refusal(
    method: str,
    host_header: str | None,
    origin: str | None,
    fetch_site: str | None,
    content_type: str | None,
    has_admin_token: bool,
) -> str | None:
    """Why an admin write must be refused as cross-site, or None when it may run.

    Reads (GET, HEAD) are not checked: without a CORS permission, which the admin API
    never gives, another site's page cannot read the answer. ``has_admin_token`` is true
    when the request carries the configured admin token (a page on another site cannot
    know it).
    """
    if method.upper() in READ_METHODS:
        return None
    if fetch_site is not None and fetch_site.strip().lower() not in SAME_SITE_VALUES:
        return f"an admin write from another site (Sec-Fetch-Site: {fetch_site.strip()}) is refused"
    if origin is not None and _other_site(origin, host_header):
        return f"an admin write from another site (Origin: {origin.strip()}) is refused"
    media_type = (content_type or "").partition(";")[0].strip().lower()
    if media_type in FORM_CONTENT_TYPES and not has_admin_token:
        return (
            f"an admin write with Content-Type {media_type} (one an HTML form can send) "
            "needs the admin token; send 'Content-Type: application/json'"
        )
    return None


def _other_site(origin: str, host_header: str | None) -> bool:
    """Whether ``Origin`` names another site than the one the request was sent to.

    Sites of loopback servers are scheme and host (no registrable domain), so the port is
    not compared: a dev server on localhost:3000 is the same site as the fake on
    localhost:8080, as browsers count it.
    """
    origin = origin.strip()
    if origin.lower() == "null":  # a sandboxed frame, a file: page, a redirect chain
        return True
    try:
        origin_host = urlsplit(origin).hostname
    except ValueError:
        return True
    if not origin_host or host_header is None:
        return True
    return origin_host.lower().rstrip(".") != hostname_of(host_header)
