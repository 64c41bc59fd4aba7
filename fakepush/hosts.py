"""Host names and addresses: what a ``Host`` header names, and what counts as loopback."""

from __future__ import annotations

import ipaddress


def strip_port(host: str) -> str:
    """The host name of a ``Host`` header, without its port (and IPv6 brackets)."""
    host = host.strip()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


def is_ip_address(hostname: str) -> bool:
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (brackets allowed around an IPv6 one)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
