"""The admin API under ``/_fakepush/``: inspect and steer a fake running in another process."""
