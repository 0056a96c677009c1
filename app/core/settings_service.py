"""Database-wide settings: what every user of one database shares (the office it belongs to, the reporting
unit 编制单位 and the signatories printed on reports).

They live in the database's key/value table (`app.db.models.Setting`, table ``settings``), next to the data
they describe, so a copy of the database carries them and every user of a shared PostgreSQL database sees the
same. Per-user preferences (display name, export folder, language) are QSettings in app/ui/settings.py.

Every change is one transaction and is written to the audit log (entity type ``setting``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.core import audit, text_rules
from app.core.changes import Changes
from app.core.errors import ValidationError
from app.core.field_labels import label_of
from app.core.workspace import Workspace
from app.db.models import Setting

__all__ = [
    "SETTINGS",
    "DatabaseSettings",
    "SettingSpec",
    "SettingsSaved",
    "load_settings",
    "read_settings",
    "save_settings",
    "spec_of",
]

# The text rule whose limit and one-line folding a setting follows (a unit's or a person's name).
_TEXT_RULE = "department"


@dataclass(frozen=True)
class SettingSpec:
    name: str  # what the CLI and the dialog call it
    key: str  # the row's key in the settings table
    label: str  # what people read
    signatory: bool = False  # printed on the report's sign-off page


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("office", "office.name", "本库所属单位"),
    SettingSpec("unit", "report.unit", "编制单位"),
    SettingSpec("preparer", "report.preparer", "编制人", signatory=True),
    SettingSpec("reviewer", "report.reviewer", "审核人", signatory=True),
    SettingSpec("approver", "report.approver", "签发人", signatory=True),
)
_BY_NAME = {spec.name: spec for spec in SETTINGS}


def spec_of(name: str) -> SettingSpec:
    """The setting called `name`; ValidationError (Chinese, listing the names) for an unknown one."""
    spec = _BY_NAME.get(name.strip().lower())
    if spec is None:
        known = "、".join(f"{s.name}（{s.label}）" for s in SETTINGS)
        raise ValidationError({"设置项": f"没有“{name}”这一项，可用：{known}"})
    return spec


@dataclass(frozen=True)
class DatabaseSettings:
    office: str | None = None  # a county/district name of app.core.reference, or 市级 (a lead department's
    # office is kept apart: app.core.office.read_office names every kind)
    unit: str | None = None  # 编制单位 on the report's cover and sign-off page
    preparer: str | None = None
    reviewer: str | None = None
    approver: str | None = None

    def value(self, name: str) -> str | None:
        value: str | None = getattr(self, spec_of(name).name)
        return value

    @property
    def signatories(self) -> tuple[tuple[str, str], ...]:
        """(role, name) of every signatory set, in the order the sign-off page lists them."""
        return tuple((spec.label, value) for spec in SETTINGS if spec.signatory and (value := self.value(spec.name)))


@dataclass(frozen=True)
class SettingsSaved:
    settings: DatabaseSettings
    changed: tuple[str, ...]  # names of the settings whose value changed
    notes: tuple[str, ...]  # what the text cleaning did (control characters removed)

    @property
    def changes(self) -> Changes:
        return Changes(reference=bool(self.changed))


_NAMES = {spec.key: spec.name for spec in SETTINGS}


@cache
def _settings_statement() -> Select[str, str | None]:
    """Built once: read after every saved edit (office.py), a statement built per call was cyclic garbage each time,
    kept for good when a large load froze the collector's generations meanwhile."""
    return select(Setting.key, Setting.value).where(Setting.key.in_(list(_NAMES)))


def read_settings(session: Session) -> DatabaseSettings:
    """The settings as stored, within the caller's transaction (the report reads them with its data)."""
    rows = session.execute(_settings_statement())
    values = {_NAMES[key]: (value.strip() or None) if value else None for key, value in rows}
    return DatabaseSettings(**values)


def load_settings(ws: Workspace) -> DatabaseSettings:
    with ws.session() as session:
        return read_settings(session)


def _clean(spec: SettingSpec, value: str | None) -> tuple[str | None, list[str]]:
    if spec.name == "office":  # checked by app.core.office's rule when it is written (_write_office)
        return " ".join((value or "").split()) or None, []
    try:
        text, notes = text_rules.clean_text(_TEXT_RULE, value)
    except ValidationError:
        limit = text_rules.FIELD_LIMITS[_TEXT_RULE]
        raise ValidationError({spec.label: f"不能超过 {limit} 个字"}) from None
    return text, [note.replace(label_of(_TEXT_RULE), spec.label) for note in notes]


def _write_office(session: Session, name: str | None, *, user: str, source: str) -> bool:
    """The office goes through app.core.office's one rule (a county/district, 市级 or a lead department; no
    change once packages were exchanged), stored where that module keeps it. True when it changed."""
    from app.core import office  # imports this module (the key, read_settings): imported when used

    if name is None:
        if office.read_office(session) is None:
            return False
        raise ValidationError(
            {_BY_NAME["office"].label: "设定后不能清除，只能改为另一个单位 / the office cannot be cleared once set"}
        )
    return office.change_office(session, name, user=user, source=source).changed


def save_settings(ws: Workspace, values: Mapping[str, str | None], *, source: str = "manual") -> SettingsSaved:
    """Store the given settings (name -> text; blank or None clears one) in one transaction, each change
    written to the audit log. A bad value raises ValidationError and nothing changes: text is checked before
    the transaction, the office (app.core.office's rule) within it, which is then rolled back."""
    cleaned: dict[SettingSpec, str | None] = {}
    notes: list[str] = []
    for name, value in values.items():
        spec = spec_of(name)
        cleaned[spec], spec_notes = _clean(spec, value)
        notes += spec_notes
    changed: list[str] = []
    with ws.session() as session:
        for spec, new in cleaned.items():
            if spec.name == "office":
                if _write_office(session, new, user=ws.user, source=source):
                    changed.append(spec.name)
                continue
            row = session.get(Setting, spec.key)
            old = (row.value or "").strip() or None if row is not None else None
            if old == new:
                continue
            if row is None:
                session.add(Setting(key=spec.key, value=new))
            else:
                row.value = new
            audit.record(
                session,
                user=ws.user,
                entity_type="setting",
                entity_id=spec.key,
                project_id=None,
                field=spec.name,
                old=old,
                new=new,
                source=source,
            )
            changed.append(spec.name)
        session.flush()
        current = read_settings(session)
    return SettingsSaved(current, tuple(changed), tuple(notes))
