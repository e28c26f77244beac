"""The unit grammar and the dbt unit catalogue agree."""

import csv
import math

import pytest

from orchestration.extraction.units import parse_unit
from orchestration.settings import DBT_PROJECT_DIR

with open(DBT_PROJECT_DIR / "seeds" / "units.csv", encoding="utf-8") as handle:
    CATALOGUE = list(csv.DictReader(handle))


@pytest.mark.parametrize("row", CATALOGUE, ids=[row["unit"] for row in CATALOGUE])
def test_catalogued_unit_parses_to_its_multiplier_and_base(row):
    unit = parse_unit(row["unit"])
    assert unit is not None
    assert math.isclose(unit.multiplier, float(row["multiplier"]))
    assert unit.unit_base == row["unit_base"]


@pytest.mark.parametrize(
    ("written", "multiplier", "unit_base"),
    [
        ("万亿元", 1e12, "CNY"),
        ("亿美元", 1e8, "USD"),
        ("百万吨", 1e6, "t"),
        ("千吨", 1e3, "t"),
        ("万千瓦时", 1e4, "kWh"),
        ("亿立方米", 1e8, "m3"),
        ("元/吨", 1.0, "CNY/t"),
        ("万元/吨", 1e4, "CNY/t"),
        ("千克标准煤/吨", 1.0, "kgce/t"),
        ("‰", 0.1, "pct"),
        ("万辆", 1e4, "count"),
    ],
)
def test_scales_compose_with_base_units(written, multiplier, unit_base):
    unit = parse_unit(written)
    assert (unit.multiplier, unit.unit_base) == (pytest.approx(multiplier), unit_base)


@pytest.mark.parametrize("written", ["", "年", "月", "kA", "英寸", "/吨"])
def test_non_units_are_refused(written):
    assert parse_unit(written) is None


def test_every_base_unit_the_grammar_can_produce_is_accepted_by_the_warehouse():
    import yaml

    from orchestration.extraction.units import WRITTEN_UNITS

    marts = yaml.safe_load((DBT_PROJECT_DIR / "models" / "marts" / "_marts.yml").read_text(encoding="utf-8"))
    fct_figure = next(model for model in marts["models"] if model["name"] == "fct_figure")
    unit_base = next(column for column in fct_figure["columns"] if column["name"] == "unit_base")
    accepted = set(unit_base["data_tests"][0]["accepted_values"]["arguments"]["values"])
    producible = {unit.unit_base for unit in WRITTEN_UNITS.values()}
    assert producible - accepted == set()
