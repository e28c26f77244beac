"""Extraction specifications as data: every case of tests/specs/*.yaml is one test, with id
`<file stem>::<case name>`. The format is described in tests/specs/README.md.

The spec files are validated before anything runs: an unknown key, a duplicate case name, a
value outside a vocabulary of the `marts.fct_figure` contract, a number_text that is not in the
text, ... make that case (or, for a file-level problem, the file) fail with the file and the case
named, while the other cases still run. The validator itself is unit-tested at the end.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from orchestration.extraction import Extraction, Figure, extract
from orchestration.extraction import model

SPEC_DIR = Path(__file__).resolve().parent / "specs"

FILE_KEYS = {"family", "description", "published_on", "cases"}
CASE_KEYS = {"name", "text", "published_on", "document_date", "exhaustive", "known_gap", "figures"}
LOCATOR_KEYS = {"number_text", "occurrence"}
PERIOD_FIELDS = ("period_start", "period_end", "period_grain")
VOCABULARIES = {
    "category": model.CATEGORIES,
    "measure": model.MEASURES,
    "qualifier": model.QUALIFIERS,
    "period_grain": model.PERIOD_GRAINS,
    "flow": model.FLOWS,
    "scope": model.SCOPES,
}
# Every Figure field may be expected, except parent_index: its whole is written as `parent`.
FIGURE_TYPES = {f.name: f.type for f in dataclasses.fields(Figure) if f.name != "parent_index"}
FIGURE_HAS_RULES = "rules" in FIGURE_TYPES


class SpecError(ValueError):
    """A malformed spec; the message names the file and, where there is one, the case."""


@dataclass(frozen=True)
class ExpectedFigure:
    number_text: str
    span: tuple[int, int]
    fields: dict[str, Any]  # Figure field (or `parent`, `rules`) -> expected value, dates as date


@dataclass(frozen=True)
class Case:
    file: str
    name: str
    text: str
    published_on: date | None
    document_date: tuple[bool, date | None]  # (written?, expected value)
    figures: tuple[ExpectedFigure, ...] | None  # None: the figures are not checked
    exhaustive: bool
    known_gap: str | None

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}::{self.name}"


@dataclass(frozen=True)
class LoadedSpec:
    """A spec file: its valid cases and, keyed by case name (None: the file), its problems."""

    path: Path
    cases: tuple[Case, ...]
    errors: tuple[tuple[str | None, str], ...]


# --------------------------------------------------------------------------------- loading ----


def load_spec(path: Path) -> LoadedSpec:
    """Parse and validate one spec file; never raises for a malformed file."""
    where = _shown(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as exc:  # ValueError: bad dates, bad UTF-8
        return LoadedSpec(path, (), ((None, f"{where}: cannot be read as YAML: {exc}"),))
    file_errors = _file_errors(data)
    if file_errors:
        return LoadedSpec(path, (), tuple((None, f"{where}: {e}") for e in file_errors))
    default_published_on = _date(data.get("published_on"), "published_on")
    cases: list[Case] = []
    errors: list[tuple[str | None, str]] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["cases"]):
        name = raw.get("name") if isinstance(raw, dict) else None
        label = name if isinstance(name, str) and name.strip() else f"#{index + 1}"
        try:
            if label in seen:
                raise SpecError("duplicate case name (case names are unique within a file)")
            seen.add(label)
            cases.append(_case(raw, where, default_published_on))
        except SpecError as exc:
            errors.append((label, f"{where}, case {label!r}: {exc}"))
    return LoadedSpec(path, tuple(cases), tuple(errors))


def _file_errors(data: Any) -> list[str]:
    if not isinstance(data, dict):
        return [f"expected a mapping with keys {sorted(FILE_KEYS)}, got a {type(data).__name__}"]
    errors = [f"unknown key {key!r} (allowed: {', '.join(sorted(FILE_KEYS))})" for key in data if key not in FILE_KEYS]
    if not isinstance(data.get("family"), str) or not data["family"].strip():
        errors.append("'family' (a name) is required")
    if not isinstance(data.get("description"), str) or not data["description"].strip():
        errors.append("'description' (what the rules of this family decide) is required")
    if not isinstance(data.get("cases"), list) or not data["cases"]:
        errors.append("'cases' must be a non-empty list")
    try:
        _date(data.get("published_on"), "published_on")
    except SpecError as exc:
        errors.append(str(exc))
    return errors


def _case(raw: Any, where: str, default_published_on: date | None) -> Case:
    if not isinstance(raw, dict):
        raise SpecError(f"a case is a mapping, got a {type(raw).__name__}")
    unknown = [key for key in raw if key not in CASE_KEYS]
    if unknown:
        raise SpecError(f"unknown key(s) {', '.join(map(repr, unknown))} (allowed: {', '.join(sorted(CASE_KEYS))})")
    name, text = raw.get("name"), raw.get("text")
    if not isinstance(name, str) or not name.strip():
        raise SpecError("'name' is required")
    if not isinstance(text, str) or not text:
        raise SpecError("'text' (a string) is required")
    published_on = _date(raw["published_on"], "published_on") if "published_on" in raw else default_published_on
    exhaustive = raw.get("exhaustive", True)
    if not isinstance(exhaustive, bool):
        raise SpecError(f"'exhaustive' must be true or false, got {exhaustive!r}")
    known_gap = raw.get("known_gap")
    if "known_gap" in raw and (not isinstance(known_gap, str) or not known_gap.strip()):
        raise SpecError("'known_gap' must give the reason the engine cannot pass this case yet")
    if "figures" not in raw and "document_date" not in raw:
        raise SpecError("a case expects 'figures', a 'document_date', or both")
    if "figures" in raw and not isinstance(raw["figures"], list):
        raise SpecError("'figures' must be a list (use [] for: no figure at all)")
    if not exhaustive and not raw.get("figures"):
        raise SpecError("'exhaustive: false' needs at least one listed figure (else the case cannot fail)")
    figures = _expected_figures(raw["figures"], text) if "figures" in raw else None
    document_date = ("document_date" in raw, _date(raw.get("document_date"), "document_date"))
    return Case(where, name, text, published_on, document_date, figures, exhaustive, known_gap)


def _expected_figures(raw_figures: list, text: str) -> tuple[ExpectedFigure, ...]:
    expected: list[ExpectedFigure] = []
    cursor = 0  # the default occurrence is the next one after the previous listed figure
    for position, raw in enumerate(raw_figures, start=1):
        label = f"figure {position}"
        if not isinstance(raw, dict):
            raise SpecError(f"{label}: a figure is a mapping, got a {type(raw).__name__}")
        number_text = raw.get("number_text")
        if not isinstance(number_text, str) or not number_text:
            raise SpecError(f"{label}: 'number_text' is required and must be a quoted string")
        label = f"figure {position} ({number_text!r})"
        occurrence = raw.get("occurrence")
        if occurrence is not None and (not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 0):
            raise SpecError(f"{label}: 'occurrence' must be an integer >= 0, got {occurrence!r}")
        start = _find(text, number_text, occurrence, cursor)
        if start < 0:
            which = f"occurrence {occurrence} of" if occurrence is not None else "further occurrence of"
            raise SpecError(f"{label}: the text has no {which} {number_text!r}")
        if expected and start < expected[-1].span[0]:
            raise SpecError(f"{label}: figures must be listed in text order")
        span = (start, start + len(number_text))
        cursor = span[1]
        fields = {}
        for key, value in raw.items():
            if key in LOCATOR_KEYS:
                continue
            try:
                fields.update(_expected_field(key, value))
            except SpecError as exc:
                raise SpecError(f"{label}: {exc}") from None
        if "period" in raw and any(f in raw for f in PERIOD_FIELDS):
            raise SpecError(f"{label}: write either 'period' or {', '.join(PERIOD_FIELDS)}, not both")
        expected.append(ExpectedFigure(number_text, span, fields))
    return tuple(expected)


def _find(text: str, needle: str, occurrence: int | None, cursor: int) -> int:
    if occurrence is None:
        return text.find(needle, cursor)
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            return -1
    return start


def _expected_field(key: str, value: Any) -> dict[str, Any]:
    """One written expectation -> {Figure field: expected value}, validated."""
    if key == "period":
        if not isinstance(value, list) or len(value) != 3:
            raise SpecError("'period' is [period_start, period_end, period_grain]")
        return {name: _checked(name, item) for name, item in zip(PERIOD_FIELDS, value)}
    if key == "parent":
        if value is not None and not isinstance(value, str):
            raise SpecError("'parent' is the number_text (a quoted string) of the whole, or null")
        return {"parent": value}
    if key == "rules":
        if not FIGURE_HAS_RULES:
            raise SpecError("'rules' cannot be checked: Figure does not record the rules that decided it yet")
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise SpecError("'rules' is a non-empty list of rule names")
        return {"rules": tuple(value)}
    if key not in FIGURE_TYPES:
        allowed = sorted(set(FIGURE_TYPES) | {"period", "parent"} | ({"rules"} if FIGURE_HAS_RULES else set()))
        raise SpecError(f"unknown figure field {key!r} (allowed: {', '.join(allowed)})")
    return {key: _checked(key, value)}


def _checked(name: str, value: Any) -> Any:
    annotation = FIGURE_TYPES[name]
    if value is None:
        if "None" not in str(annotation):
            raise SpecError(f"{name!r} is never null on a Figure")
        return None
    if name in VOCABULARIES:
        if value not in VOCABULARIES[name]:
            raise SpecError(f"{name}: {value!r} is not one of {', '.join(VOCABULARIES[name])}")
        return value
    kind = str(annotation).replace(" | None", "")
    if kind == "date":
        return _date(value, name)
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SpecError(f"{name}: {value!r} is not a number")
        return float(value)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise SpecError(f"{name}: {value!r} is not an integer")
        return value
    if kind == "str":
        if not isinstance(value, str):
            raise SpecError(f"{name}: {value!r} is not a string (quote it)")
        return value
    raise SpecError(f"{name}: the runner does not know how to compare a {annotation}")


def _date(value: Any, name: str) -> date | None:
    if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise SpecError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD) or null")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(SPEC_DIR.parent.parent))
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------------- checking ---


def mismatches(case: Case, extraction: Extraction) -> list[str]:
    """Every way the extraction departs from the case; [] when it meets it."""
    problems: list[str] = []
    written, expected_date = case.document_date
    if written and extraction.document_date != expected_date:
        problems.append(f"document_date: got {extraction.document_date}, expected {expected_date}")
    if case.figures is None:
        return problems
    by_span = {(f.char_start, f.char_end): f for f in extraction.figures}
    for expected in case.figures:
        start, end = expected.span
        figure = by_span.get(expected.span)
        if figure is None:
            problems.append(f"no figure at {expected.number_text!r} (chars {start}-{end})")
            continue
        if figure.number_text != expected.number_text or case.text[start:end] != expected.number_text:
            problems.append(f"figure at {start}-{end}: number_text {figure.number_text!r} != {expected.number_text!r}")
        for name, want in expected.fields.items():
            got = _actual(name, figure, extraction.figures)
            if not _same(name, got, want):
                problems.append(f"{expected.number_text!r} at {start}: {name} is {got!r}, expected {want!r}")
    if case.exhaustive:
        listed = {e.span for e in case.figures}
        for f in extraction.figures:
            if (f.char_start, f.char_end) not in listed:
                problems.append(f"unexpected figure {f.number_text!r} at {f.char_start}-{f.char_end} "
                                f"({f.category}, {f.measure})")
    return problems


def _actual(name: str, figure: Figure, figures: tuple[Figure, ...]) -> Any:
    if name == "parent":
        return figures[figure.parent_index].number_text if figure.parent_index is not None else None
    return getattr(figure, name)


def _same(name: str, got: Any, want: Any) -> bool:
    if name == "rules":
        return set(want) <= _rule_names(got)
    if isinstance(want, float):
        return isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-9)
    return got == want


def _rule_names(recorded: Any) -> set[str]:
    """The rule names a figure records, whether as names or as slot -> name(s)."""
    values = recorded.values() if isinstance(recorded, typing.Mapping) else (recorded or ())
    names: set[str] = set()
    for value in values:
        names.update([value] if isinstance(value, str) else value)
    return names


def _describe(extraction: Extraction) -> str:
    rows = [f"  {f.number_text!r} {f.char_start}-{f.char_end} {f.category}/{f.measure} value={f.value} "
            f"unit={f.unit} subject={f.subject_zh} indicator={f.indicator_zh} "
            f"period={f.period_start}..{f.period_end} {f.period_grain}" for f in extraction.figures]
    return f"document_date={extraction.document_date}; extracted:\n" + ("\n".join(rows) or "  (none)")


# --------------------------------------------------------------------------------- the tests --


def _params() -> list:
    params = []
    for path in sorted(SPEC_DIR.glob("*.yaml")):
        spec = load_spec(path)
        for case in spec.cases:
            marks = [pytest.mark.xfail(strict=True, reason=case.known_gap)] if case.known_gap else []
            params.append(pytest.param(case, id=case.id, marks=marks))
        for label, message in spec.errors:
            params.append(pytest.param(SpecError(message), id=f"{path.stem}::{label or '<file>'}"))
    return params


@pytest.mark.parametrize("case", _params())
def test_spec(case: Case | SpecError) -> None:
    if isinstance(case, SpecError):
        pytest.fail(str(case), pytrace=False)
    extraction = extract(case.text, case.published_on)
    problems = mismatches(case, extraction)
    if problems:
        pytest.fail(f"{case.file}, case {case.name!r}:\n" + "\n".join(problems) + "\n" + _describe(extraction),
                    pytrace=False)


def test_there_are_specs() -> None:
    assert sorted(SPEC_DIR.glob("*.yaml")), f"no spec files in {SPEC_DIR}"


# --------------------------------------------------------------------------------- validator --


def _errors(tmp_path: Path, body: str) -> list[tuple[str | None, str]]:
    path = tmp_path / "sample.yaml"
    path.write_text(body, encoding="utf-8")
    return list(load_spec(path).errors)


HEAD = "family: sample\ndescription: a sample family\ncases:\n"


def test_a_valid_spec_loads(tmp_path: Path) -> None:
    path = tmp_path / "sample.yaml"
    path.write_text(HEAD + """
  - name: two figures
    text: "2023年，钴产量为5万吨，增长5%。"
    published_on: 2024-07-20
    figures:
      - {number_text: "5", value_base: 50000, unit_base: t, period: [2023-01-01, 2023-12-31, year]}
      - {number_text: "5", measure: yoy_pct, parent: null}
""", encoding="utf-8")
    spec = load_spec(path)
    assert spec.errors == ()
    (case,) = spec.cases
    assert case.id == "sample::two figures"
    assert [f.span for f in case.figures] == [(10, 11), (16, 17)]  # the second "5" is the next one
    assert case.figures[0].fields["period_end"] == date(2023, 12, 31)


@pytest.mark.parametrize(
    ("case_yaml", "problem"),
    [
        ('{name: c, text: "产量5万吨", figures: [{number_text: "5", valeu: 5}]}', "unknown figure field 'valeu'"),
        ('{name: c, text: "产量5万吨", figures: [], exhastive: false}', "unknown key(s) 'exhastive'"),
        ('{name: c, text: "产量5万吨", figures: [{number_text: "5", measure: growth}]}', "measure: 'growth' is not one of"),
        ('{name: c, text: "产量5万吨", figures: [{number_text: "5", category: null}]}', "'category' is never null"),
        ('{name: c, text: "产量5万吨", figures: [{number_text: "6"}]}', "no further occurrence of '6'"),
        ('{name: c, text: "产量5万吨", figures: [{number_text: 5}]}', "must be a quoted string"),
        ('{name: c, text: "产量5万吨", figures: [{number_text: "5", occurrence: 1}]}', "no occurrence 1 of '5'"),
        ('{name: c, text: "5吨和6吨", figures: [{number_text: "6"}, {number_text: "5", occurrence: 0}]}',
         "listed in text order"),
        ('{name: c, text: "产量5万吨", figures: [{number_text: "5", value: "five"}]}', "value: 'five' is not a number"),
        ('{name: c, text: "产量5万吨", figures: [{number_text: "5", period_end: "2023-02-30"}]}', "not an ISO date"),
        ('{name: c, text: "产量5万吨", figures: [{number_text: "5", period: [2023-01-01, year]}]}',
         "'period' is [period_start"),
        ('{name: c, text: "产量5万吨", figures: [{number_text: "5", period: [null, null, null], period_end: null}]}',
         "either 'period' or"),
        ('{name: c, text: "产量5万吨", figures: [], known_gap: ""}', "'known_gap' must give the reason"),
        ('{name: c, text: "产量5万吨"}', "expects 'figures', a 'document_date', or both"),
        ('{name: c, text: "产量5万吨", exhaustive: false, figures: []}', "needs at least one listed figure"),
        ('{name: c, text: "产量5万吨", figures: [{number_text: "5", parent: 5}]}', "'parent' is the number_text"),
    ],
)
def test_a_malformed_case_fails_naming_file_and_case(tmp_path: Path, case_yaml: str, problem: str) -> None:
    good = '  - {name: fine, text: "产量5万吨", figures: [{number_text: "5"}]}\n'
    errors = _errors(tmp_path, HEAD + good + "  - " + case_yaml + "\n")
    assert len(errors) == 1, errors
    label, message = errors[0]
    assert label == "c"
    assert message.startswith(f"{tmp_path / 'sample.yaml'}, case 'c': "), message
    assert problem in message, message


def test_rules_are_rejected_until_figures_record_them(tmp_path: Path) -> None:
    errors = _errors(tmp_path, HEAD + '  - {name: c, text: "产量5万吨", figures: [{number_text: "5", rules: [a]}]}\n')
    if FIGURE_HAS_RULES:
        assert errors == []
    else:
        assert "Figure does not record the rules" in errors[0][1]


def test_duplicate_case_names_are_named(tmp_path: Path) -> None:
    case = '  - {name: twice, text: "产量5万吨", figures: [{number_text: "5"}]}\n'
    errors = _errors(tmp_path, HEAD + case + case)
    assert [(label, "duplicate case name" in message) for label, message in errors] == [("twice", True)]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("family: x\ncases: [}\n", "cannot be read as YAML"),
        ("- just a list\n", "expected a mapping"),
        ('family: x\ndescription: d\npublished_on: 2023-13-01\ncases: [{name: c, text: t, figures: []}]\n',
         "cannot be read as YAML: month must be in 1..12"),
        ("family: x\ndescription: d\ncases: []\n", "'cases' must be a non-empty list"),
        ('description: d\ncases: [{name: c, text: "t", figures: []}]\n', "'family' (a name) is required"),
        ('family: x\ndescription: d\nfamilies: y\ncases: [{name: c, text: "t", figures: []}]\n', "unknown key 'families'"),
        ('family: x\ndescription: d\npublished_on: July\ncases: [{name: c, text: "t", figures: []}]\n',
         "published_on: 'July' is not an ISO date"),
    ],
)
def test_a_malformed_file_fails_naming_the_file(tmp_path: Path, body: str, problem: str) -> None:
    errors = _errors(tmp_path, body)
    assert errors and all(label is None for label, _ in errors)
    assert any(message.startswith(str(tmp_path / "sample.yaml")) and problem in message for _, message in errors), errors


def test_mismatches_name_the_slot_and_the_extra_figures() -> None:
    text = "2023年，钴产量为5万吨，增长5%。"
    spec = Case("x.yaml", "c", text, date(2024, 7, 20), (True, date(2024, 7, 20)),
                (ExpectedFigure("5", (10, 11), {"value_base": 60000.0}),), exhaustive=True, known_gap=None)
    problems = mismatches(spec, extract(text, date(2024, 7, 20)))
    assert problems == ["'5' at 10: value_base is 50000.0, expected 60000.0",
                        "unexpected figure '5' at 16-17 (output, yoy_pct)"]
