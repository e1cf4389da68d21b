"""JSON errors for the API: {"error": {"status", "code", "message"}}."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from .catalogue.rules import is_gm_code, is_identifier


class ApiError(Exception):
    """An error the API reports to its caller with a status code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str) -> tuple[Response, int]:
    """The JSON error body of docs/interfaces.md."""
    return jsonify({"error": {"status": status, "code": code, "message": message}}), status


def not_found(what: str, key: str) -> ApiError:
    """404 for an unknown natural key."""
    return ApiError(404, "not_found", f"unknown {what} {key!r}")


def bad_request(message: str) -> ApiError:
    """400 for malformed input."""
    return ApiError(400, "bad_request", message)


def query_text(name: str, required: bool = False, max_length: int = 200) -> str | None:
    """A query parameter, checked for presence and length."""
    value = request.args.get(name)
    if value is None or not value.strip():
        if required:
            raise bad_request(f"query parameter {name!r} is required")
        return None
    if len(value) > max_length:
        raise bad_request(f"query parameter {name!r} is longer than {max_length} characters")
    return value.strip()


def query_code(name: str, max_length: int = 20) -> str | None:
    """An optional municipality code parameter: absent or empty is None, anything else must be a code (400)."""
    value = request.args.get(name)
    if not value:
        return None
    if len(value) > max_length:
        raise bad_request(f"query parameter {name!r} is longer than {max_length} characters")
    return check_code(value)


def check_code(value: str) -> str:
    """A municipality code GMxxxx, or 400."""
    if not is_gm_code(value):
        raise bad_request(f"municipality code must look like GM0090, got {value[:20]!r}")
    return value


def check_id(value: str, what: str) -> str:
    """A natural key [a-z0-9_], or 400."""
    if not is_identifier(value):
        raise bad_request(f"{what} id must match [a-z0-9_]+, got {value[:70]!r}")
    return value


def query_int(name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within [low, high], or 400."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"\d{1,6}", raw) or not low <= int(raw) <= high:
        raise bad_request(f"query parameter {name!r} must be a whole number from {low} to {high}")
    return int(raw)


def register(app: Flask) -> None:
    """JSON errors under /api/; the default HTML pages elsewhere."""

    @app.errorhandler(ApiError)
    def api_error(exc: ApiError) -> Any:
        return error_response(exc.status, exc.code, exc.message)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        if not request.path.startswith("/api/"):
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        response, status = error_response(exc.code or 500, code, exc.description or "")
        # Keep what the exception adds, such as Allow on a 405 (RFC 9110), but not its HTML content type.
        response.headers.extend((k, v) for k, v in exc.get_headers() if k.lower() != "content-type")
        return response, status
