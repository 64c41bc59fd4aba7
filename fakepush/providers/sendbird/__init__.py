"""Sendbird Platform API v3: users and their push (registration / device) tokens."""
