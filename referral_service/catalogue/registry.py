"""The field registry: every catalogue entity's fields, written once.

The data files are validated from it (validate.check_record), the loader and the exporter
take their columns and order from it, the admin parses its forms and labels its fields with
it, the API answers schemes and needs in its order, and the OpenAPI document describes them
with its JSON Schemas. Maximum lengths come from the model's columns, so the database stays
the one owner of those.

A small dataclass registry rather than pydantic or marshmallow: each field needs two message
languages (English for data files, Dutch for editors), form text that is not JSON (opening
hours as lines, checkbox lists) and byte-identical API answers. A schema library would need
adapters for all three and bring its own messages; Field and Entity here and Kind in kinds.py
are the whole mechanism.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..models import MunicipalityAlias, MunicipalityDesk, Need, Scheme, Service
from . import form_text
from .kinds import (
    AREA,
    BOOLEAN,
    DATE,
    EMAIL,
    GM_CODE,
    HOURS,
    IDENTIFIER,
    LINKS,
    PERIODS,
    PHONE,
    SERVICE_ID,
    SOURCES,
    STATUS,
    TEXT,
    URL,
    Kind,
)
from .rules import FieldError

MAX_TEXT = 5000  # the admin's limit for texts without a column length


@dataclass(frozen=True)
class Field:
    """One field of an entity, named as in its data file and API answers."""

    name: str
    kind: Kind
    required: bool = False
    label: str = ""  # Dutch, for editors
    store: str = "column"  # "key", "column", "link" (a link table) or "own" (load.py writes it its own way)
    resident: bool = False  # residents read it: the admin gives B1 hints
    missing: str | None = None  # Dutch, instead of the kind's message for an empty required field
    max_length: int | None = None  # set from the model's column by Entity

    @property
    def missing_text(self) -> str:
        """The Dutch message for an empty required form field."""
        return self.missing or self.kind.missing.format(label=self.label)

    def check(self, value: Any) -> Any:
        """A data-file value, checked and normalised (English FieldError)."""
        result = self.kind.check(value)
        if isinstance(result, str) and self.max_length and len(result) > self.max_length:
            raise FieldError(f"must be at most {self.max_length} characters, got {len(result)}")
        return result

    def parse(self, raw: str | None) -> Any:
        """Form text, checked and converted to the audit log's value (Dutch FieldError)."""
        value = form_text.text(raw, self.label, max_length=self.max_length or MAX_TEXT)
        if value is None:
            if self.required:
                raise FieldError(self.missing_text)
            return self.kind.absent()
        assert self.kind.parse is not None, f"{self.name} is not edited as text"
        return self.kind.parse(value, self.label)

    def schema(self) -> dict[str, Any]:
        """JSON Schema of the value in API answers."""
        schema = dict(self.kind.schema)
        if self.max_length and schema.get("type") == "string":
            schema["maxLength"] = self.max_length
        return nullable(schema) if self.kind.absent() is None and not self.required else schema


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema, or null."""
    if isinstance(schema.get("type"), str):
        return schema | {"type": [schema["type"], "null"]}
    if "enum" in schema:
        return schema | {"enum": [*schema["enum"], None]}
    return {"anyOf": [schema, {"type": "null"}]}


def column_length(model: Any, name: str) -> int | None:
    """The length of the model's String column `name`; None for other fields."""
    column = model.__table__.c.get(name)
    return getattr(column.type, "length", None) if column is not None else None


@dataclass(frozen=True)
class Entity:
    """The fields of one entity, in the order of its data file and its API answers."""

    name: str
    model: Any
    fields: tuple[Field, ...]
    form: tuple[str, ...] = ()  # the fields editors change, in the order of the admin form
    by_name: dict[str, Field] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        bound = tuple(replace(f, max_length=column_length(self.model, f.name)) for f in self.fields)
        object.__setattr__(self, "fields", bound)
        object.__setattr__(self, "by_name", {f.name: f for f in bound})

    def __getitem__(self, name: str) -> Field:
        return self.by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        """Every field name, in file order."""
        return tuple(f.name for f in self.fields)

    @property
    def columns(self) -> tuple[str, ...]:
        """The fields stored in a column of the same name (the key aside)."""
        return tuple(f.name for f in self.fields if f.store == "column")

    @property
    def labels(self) -> dict[str, str]:
        """Field name -> Dutch label of the fields editors change, in form order."""
        return {name: self[name].label for name in self.form}

    def as_json(self, obj: Any) -> dict[str, Any]:
        """An object with every field, as the API answers it."""
        return {f.name: f.kind.as_json(getattr(obj, f.name)) for f in self.fields}

    def schema(self) -> dict[str, Any]:
        """JSON Schema of as_json's answer."""
        properties = {f.name: f.schema() for f in self.fields}
        return {"type": "object", "required": list(self.names), "properties": properties}


SCHEME = Entity(
    "scheme",
    Scheme,
    (
        Field("id", IDENTIFIER, required=True, store="key"),
        Field("name", TEXT, required=True, label="Naam"),
        Field("full_name", TEXT, label="Volledige naam"),
        Field("status", STATUS, required=True, label="Status"),
        Field("ended_on", DATE, label="Einddatum"),
        Field("periods", PERIODS),
        Field("executing_body", TEXT),
        Field("summary", TEXT, required=True, label="Samenvatting", resident=True),
        Field("what_to_do_now", TEXT, label="Wat nu te doen", resident=True),
        Field("alternatives", LINKS, label="Alternatieven", store="link"),
        Field("official_url", URL, label="Officiële website"),
        Field("staff_notes", TEXT, label="Notities voor medewerkers"),
        Field("sources", SOURCES),
        Field("last_verified", DATE, label="Laatst gecontroleerd"),
    ),
    form=(
        "name",
        "full_name",
        "status",
        "ended_on",
        "summary",
        "what_to_do_now",
        "staff_notes",
        "alternatives",
        "official_url",
        "last_verified",
    ),
)
NEED = Entity(
    "need",
    Need,
    (
        Field("id", IDENTIFIER, required=True, store="key"),
        Field("name", TEXT, required=True),
        Field("answer", TEXT, required=True),
        Field("schemes", LINKS, store="link"),
        Field("local", BOOLEAN),
        Field("municipal_service", BOOLEAN),
        Field("sources", SOURCES),
        Field("last_verified", DATE),
    ),
)
SERVICE = Entity(
    "service",
    Service,
    (
        Field("id", SERVICE_ID, required=True, store="key"),
        Field("name", TEXT, required=True, label="Naam"),
        Field("organisation", TEXT, store="own"),
        Field("needs", LINKS, required=True, label="Onderwerpen", store="link", missing="Kies minstens één onderwerp."),
        Field("phone", PHONE, label="Telefoonnummer"),
        Field("url", URL, label="Website"),
        Field("email", EMAIL, label="E-mailadres"),
        Field("address", TEXT, label="Adres"),
        Field("opening_hours", HOURS, label="Openingstijden"),
        Field("hours_note", TEXT, label="Toelichting openingstijden", resident=True),
        Field("how_to_apply", TEXT, label="Hoe aanvragen", resident=True),
        Field("eligibility", TEXT, label="Voor wie"),
        Field("area", AREA, label="Werkgebied", store="own"),
        Field("before_desk", BOOLEAN, label="Boven het loket van de gemeente tonen"),
        Field("sources", SOURCES),
        Field("last_verified", DATE, label="Laatst gecontroleerd"),
    ),
    form=(
        "name",
        "phone",
        "url",
        "email",
        "address",
        "opening_hours",
        "hours_note",
        "how_to_apply",
        "eligibility",
        "needs",
        "before_desk",
        "last_verified",
    ),
)
ALIAS = Entity(
    "alias",
    MunicipalityAlias,
    (
        Field("municipality_code", GM_CODE, required=True, store="key"),
        Field("alias", TEXT, required=True, label="Andere naam"),
    ),
)
# A municipality's own desk: the register's columns of gebieden/gemeente_contact.csv (phone, website, ...)
# and the hours admins set (gebieden/openingstijden.yml).
DESK = Entity(
    "desk",
    MunicipalityDesk,
    (
        Field("code", GM_CODE, required=True, store="key"),
        Field("phone", PHONE, label="Telefoonnummer"),
        Field("email", EMAIL, label="E-mailadres"),
        Field("website", URL, label="Website"),
        Field("visit_address", TEXT, label="Bezoekadres"),
        Field("appointment_url", URL, label="Afspraak maken (link)"),
        Field("opening_hours", HOURS, label="Openingstijden"),
        Field("verified", DATE, label="Laatst gecontroleerd"),
    ),
    form=("phone", "website", "email", "visit_address", "appointment_url", "opening_hours", "verified"),
)
# The texts residents read (answers and referral lines): these get B1 hints in the admin.
RESIDENT_TEXTS = {f.name for entity in (SCHEME, SERVICE) for f in entity.fields if f.resident}
