"""The change notification value: merging and 'everything' cover every part a view can subscribe to."""

from __future__ import annotations

from dataclasses import fields

from app.core.changes import Changes

PARTS = [f.name for f in fields(Changes) if f.name != "project_ids"]


def test_everything_sets_every_part():
    everything = Changes.everything()
    assert all(getattr(everything, part) for part in PARTS)
    assert everything.touches_project("any-id")


def test_merge_keeps_parts_and_project_ids():
    merged = Changes(progress=True, project_ids=frozenset({"a"})) | Changes(
        milestones=True, project_ids=frozenset({"b"})
    )
    assert merged.any("progress") and merged.any("milestones") and not merged.any("issues")
    assert merged.touches_project("a") and merged.touches_project("b") and not merged.touches_project("c")


def test_merge_with_an_unscoped_change_touches_every_project():
    merged = Changes(progress=True, project_ids=frozenset({"a"})) | Changes(projects=True)
    assert merged.touches_project("z")
