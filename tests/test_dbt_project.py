"""The dbt project documents every model and column, and `dbt docs generate` works on a built warehouse."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT
from orchestration.settings import Settings

DBT_DIR = PROJECT_ROOT / "dbt"
DBT = str(Path(sys.executable).parent / "dbt")


@pytest.fixture(scope="module")
def dbt_on_a_copy(corpus_warehouse, tmp_path_factory) -> dict[str, str]:
    """dbt's environment for commands against a copy of the built corpus warehouse (dbt opens the
    database read-write; the copy's relations give the unit tests their column types and the
    catalogue its columns). One target folder for the module, so the project is parsed once and
    the later commands start from that parse."""
    root = tmp_path_factory.mktemp("dbt_on_a_copy")
    database = root / "copy.duckdb"
    shutil.copy2(corpus_warehouse.warehouse, database)
    return {
        **corpus_warehouse.env,
        **Settings.from_env(corpus_warehouse.env).dbt_environment(),
        "NONFERROUS_DBT_DATABASE": str(database),
        "DBT_TARGET_PATH": str(root / "target"),
        "DBT_LOG_PATH": str(root / "logs"),
    }


def test_docs_generate_succeeds_and_every_model_column_is_described(dbt_on_a_copy):
    target = Path(dbt_on_a_copy["DBT_TARGET_PATH"])
    completed = subprocess.run(
        [DBT, "docs", "generate", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
        env=dbt_on_a_copy, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())

    undocumented = []
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] != "model":
            continue
        if not node["description"].strip():
            undocumented.append(node["name"])
        documented = {name.lower() for name, column in node["columns"].items() if column["description"].strip()}
        built = {name.lower() for name in catalog["nodes"][unique_id]["columns"]}
        undocumented += [f"{node['name']}.{column}" for column in sorted(built - documented)]
    assert undocumented == []


def test_unit_tests_pass_and_the_refresh_leaves_them_out(dbt_on_a_copy):
    """dbt's unit tests check the models' SQL on fixed rows; `make test` runs them here, the refresh
    excludes them (orchestration.assets.transform.REFRESH_EXCLUDES)."""
    from orchestration.assets.transform import REFRESH_EXCLUDES

    target = Path(dbt_on_a_copy["DBT_TARGET_PATH"])
    completed = subprocess.run(
        [DBT, "test", "--select", "test_type:unit", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
        env=dbt_on_a_copy, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-5000:]
    results = json.loads((target / "run_results.json").read_text())["results"]
    unit_tests = [r for r in results if r["unique_id"].startswith("unit_test.")]
    assert unit_tests and len(unit_tests) == len(results)
    assert all(r["status"] == "pass" for r in unit_tests), [r["unique_id"] for r in unit_tests if r["status"] != "pass"]

    # what the refresh's `dbt build` selects: every node but the unit tests
    listed = subprocess.run(
        [DBT, "ls", "--resource-type", "all", *REFRESH_EXCLUDES, "--output", "json", "--output-keys", "unique_id",
         "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
        env=dbt_on_a_copy, capture_output=True, text=True,
    )
    assert listed.returncode == 0, listed.stdout[-3000:]
    selected = [json.loads(line)["unique_id"] for line in listed.stdout.splitlines() if line.startswith("{")]
    assert any(node.startswith("model.") for node in selected) and any(node.startswith("test.") for node in selected)
    assert not [node for node in selected if node.startswith("unit_test.")]
