"""The dbt project documents every model and column, and `dbt docs generate` works on a built warehouse."""

import json
import os
import shutil
import subprocess
import sys

from conftest import PROJECT_ROOT
from orchestration.settings import Settings

DBT_DIR = PROJECT_ROOT / "dbt"


def test_docs_generate_succeeds_and_every_model_column_is_described(corpus_warehouse, tmp_path):
    env = {
        **corpus_warehouse.env,
        **Settings.from_env(corpus_warehouse.env).dbt_environment(),
        # docs generate reads the catalogue from the published warehouse itself
        "NONFERROUS_DBT_DATABASE": str(corpus_warehouse.warehouse),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
    completed = subprocess.run(
        [dbt, "docs", "generate", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
        env=env, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text())

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


def test_unit_tests_pass_and_the_refresh_leaves_them_out(corpus_warehouse, tmp_path):
    """dbt's unit tests check the models' SQL on fixed rows; `make test` runs them here, the refresh
    excludes them (orchestration.assets.transform.REFRESH_EXCLUDES). dbt opens the database
    read-write, so they run against a copy of the built warehouse, whose relations give them
    their column types."""
    from orchestration.assets.transform import REFRESH_EXCLUDES

    database = tmp_path / "unit_tests.duckdb"
    shutil.copy2(corpus_warehouse.warehouse, database)
    env = {
        **corpus_warehouse.env,
        **Settings.from_env(corpus_warehouse.env).dbt_environment(),
        "NONFERROUS_DBT_DATABASE": str(database),
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
    completed = subprocess.run(
        [dbt, "test", "--select", "test_type:unit", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
        env=env, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-5000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    unit_tests = [r for r in results if r["unique_id"].startswith("unit_test.")]
    assert unit_tests and len(unit_tests) == len(results)
    assert all(r["status"] == "pass" for r in unit_tests), [r["unique_id"] for r in unit_tests if r["status"] != "pass"]

    # what the refresh's `dbt build` selects: every node but the unit tests
    listed = subprocess.run(
        [dbt, "ls", "--resource-type", "all", *REFRESH_EXCLUDES, "--output", "json", "--output-keys", "unique_id",
         "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
        env=env, capture_output=True, text=True,
    )
    assert listed.returncode == 0, listed.stdout[-3000:]
    selected = [json.loads(line)["unique_id"] for line in listed.stdout.splitlines() if line.startswith("{")]
    assert any(node.startswith("model.") for node in selected) and any(node.startswith("test.") for node in selected)
    assert not [node for node in selected if node.startswith("unit_test.")]
