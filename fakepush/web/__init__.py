"""The web layer: what every request passes through (context, cycle, errors) and the server."""
