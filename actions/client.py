"""Small HTTP client for the referral service, with timeouts and one error path."""
from __future__ import annotations

import logging
import os
from typing import Any

import requests

logger = logging.getLogger(__name__)

# Connect and read timeouts in seconds: a resident must get a reply quickly,
# also when the referral service hangs (degraded mode then takes over).
DEFAULT_TIMEOUT = (0.5, 2.0)


class ReferralServiceError(Exception):
    """The referral service could not give an answer (down, slow or broken)."""


class ReferralClient:
    """Reads answers and municipality resolutions from the referral service."""

    def __init__(self, base_url: str | None = None, timeout: tuple[float, float] = DEFAULT_TIMEOUT):
        url = base_url or os.environ.get("REFERRAL_SERVICE_URL") or "http://127.0.0.1:8000"
        self.base_url = url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()

    def answer(self, need: str, municipality_code: str | None = None) -> dict[str, Any]:
        """The bot's answer for a need, with the municipality's services first."""
        params = {"municipality": municipality_code} if municipality_code else {}
        return self._get(f"/api/v1/answers/{need}", params)

    def handoff(self, municipality_code: str | None = None) -> dict[str, Any]:
        """Whom a resident can call: the central line or the municipality's desk (or null)."""
        params = {"municipality": municipality_code} if municipality_code else {}
        return self._get("/api/v1/handoff", params)

    def resolve(self, text: str) -> dict[str, Any]:
        """Resolve free text (name, town, postcode) to a municipality."""
        return self._get("/api/v1/resolve", {"q": text[:200]})

    def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        try:
            response = self.session.get(self.base_url + path, params=params, timeout=self.timeout)
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError) as error:
            # Log the path only: query strings may hold what a resident typed.
            logger.warning("referral service failed on %s: %s", path, type(error).__name__)
            raise ReferralServiceError(path) from error
        if not isinstance(data, dict):
            raise ReferralServiceError(path)
        return data
