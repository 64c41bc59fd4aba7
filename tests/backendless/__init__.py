"""Backendless Messaging: device registrations."""
