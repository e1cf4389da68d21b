"""Gunicorn settings for the referral service (override with GUNICORN_CMD_ARGS)."""

import os

bind = f"0.0.0.0:{os.environ.get('REFERRAL_PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = 30
# Request lines can carry personal data in query strings: keep the access log off by default.
accesslog = None
