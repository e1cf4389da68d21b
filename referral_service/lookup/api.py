"""POST /api/v1/lookup: the staff lookup as JSON (the triage object plus the bot's answer).

Cookie session of role staff or higher, and the session's CSRF token in header
``X-CSRF-Token`` (referral_service.auth). Neither the question nor the place is logged.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import jsonify, request
from werkzeug.exceptions import BadRequest

from ..api import bp
from ..auth import csrf_required, login_required
from ..errors import bad_request
from . import service as lookup_service
from .validation import parse_request

log = logging.getLogger(__name__)


def json_body() -> Any:
    """The decoded JSON body, or 400 when it is not JSON."""
    if not request.is_json:
        raise bad_request("send the body as JSON with Content-Type: application/json")
    try:
        return request.get_json()
    except BadRequest:
        raise bad_request("the body is not valid JSON") from None


@bp.post("/lookup")
@login_required("staff")
@csrf_required
def lookup() -> Any:
    """Classify the question, find crisis and municipality, and return the bot's answer for staff."""
    started = time.perf_counter()
    result = lookup_service.run_lookup(parse_request(json_body()))
    result["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
    log.info("staff lookup: %s ms, nlu %s, need %s", result["elapsed_ms"], result["nlu"], result["triage"]["need"])
    return jsonify(result)
