"""The dbt project documents every model and column, and `dbt docs generate` works on a built warehouse."""

import json
import os
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
