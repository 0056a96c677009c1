"""Reference data fixed by the plan and by Datong's administrative map."""

from __future__ import annotations

CITY_LEVEL = "市级"
DEV_ZONE = "经济技术开发区"

# (name, kind) in the order officers expect to see them.
COUNTIES: list[tuple[str, str]] = [
    ("平城区", "区"),
    ("云冈区", "区"),
    ("新荣区", "区"),
    ("云州区", "区"),
    ("阳高县", "县"),
    ("天镇县", "县"),
    ("广灵县", "县"),
    ("灵丘县", "县"),
    ("浑源县", "县"),
    ("左云县", "县"),
    (DEV_ZONE, "开发区"),
    (CITY_LEVEL, "市级"),
]
COUNTY_NAMES = [name for name, _ in COUNTIES]

# Short forms that name a county unambiguously in the appendix ("左云经济技术开发区", "天镇分局").
# District short forms (平城, 云冈, 新荣, 云州) are left out: "平城北堡村" is a village in 广灵县 and
# "平城桥" a bridge in the city centre.
COUNTY_ALIASES = {name[:-1]: name for name, kind in COUNTIES if kind == "县"}

# Text that means "the city's economic development zone" (not 左云经济技术开发区, which belongs to 左云县).
DEV_ZONE_MARKERS = ("大同经济技术开发区", "开发区管委会", "开发区分局")

# Text that means "every county" and therefore a city-level project.
ALL_COUNTIES_MARKERS = ("各县区",)

STATUSES = ["储备", "前期", "在建", "完工", "暂停", "取消"]
DEFAULT_STATUS = "储备"

APPENDIX_GROUPS = {
    "一": "生态保护重点项目工程",
    "二": "环境治理重点工程项目",
    "三": "生态经济试点示范项目",
}
APPENDIX_TABLES = {
    1: ("一", "流域生态保护与修复工程"),
    2: ("一", "林草保护与修复工程"),
    3: ("二", "大气环境质量改善工程"),
    4: ("二", "水环境质量改善工程"),
    5: ("二", "城乡人居环境改善工程"),
    6: ("二", "生态环境监管能力建设工程"),
    7: ("三", "生态经济试点示范项目"),
}


def appendix_label(table: int | None) -> str:
    if table is None:
        return "规划外新增"
    return f"附表{table} {APPENDIX_TABLES[table][1]}"


def project_code(table: int, row: int) -> str:
    return f"附表{table}-{row:02d}"


def find_counties(text: str | None) -> list[str]:
    """Counties named in a piece of text, in order of first appearance; [CITY_LEVEL] for 'every county'."""
    if not text:
        return []
    if any(marker in text for marker in ALL_COUNTIES_MARKERS):
        return [CITY_LEVEL]
    hits: list[tuple[int, str]] = []
    for name, kind in COUNTIES:
        if kind in ("区", "县"):
            pos = text.find(name)
            if pos < 0 and kind == "县":
                pos = text.find(name[:-1])
            if pos >= 0:
                hits.append((pos, name))
    for marker in DEV_ZONE_MARKERS:
        pos = text.find(marker)
        if pos >= 0:
            hits.append((pos, DEV_ZONE))
            break
    seen: list[str] = []
    for _, name in sorted(hits):
        if name not in seen:
            seen.append(name)
    return seen
