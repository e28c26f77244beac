{#- The incremental staging models (stg_landing__documents, __figures, __extractions) replace only
    the rows of the documents whose landing files changed, appeared or disappeared since the build
    the warehouse file was copied from. orchestration/warehouse_build.py plans that before dbt runs
    and writes the plan into the build file: build.build_info (mode, the file it was planned for)
    and build.landing_changes (dataset, document_id, file_name: the file to read, null when gone).

    Why a pre-hook and the append strategy rather than delete+insert on document_id: delete+insert
    deletes only the keys of the rows it inserts, so a removed document, or one whose new figures
    file holds no figure, would keep its old rows. The pre-hook deletes every planned document's
    rows, the model's select reads the planned files only (one explicit list, not the folder's
    glob), and the rows are appended.

    A dbt run the pipeline did not plan (dbt by hand on a copy of the warehouse: the plan names
    another file) replaces every row from the whole folder, and a run from an empty file or with
    --full-refresh is not incremental at all: both read every landing file, as a full build does. -#}

{% macro landing_increment_planned() -%}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- set build_info = adapter.get_relation(database=this.database, schema='build', identifier='build_info') -%}
    {%- if build_info is none -%}{{ return(false) }}{%- endif -%}
    {%- set planned = run_query("select mode, build_file from " ~ build_info) -%}
    {{ return(planned.rows | length == 1 and planned.rows[0][0] == 'incremental' and planned.rows[0][1] == target.path) }}
{%- endmacro %}


{#- The rows a staging model reads: the planned files of `dataset` in an incremental build (with the
    folder's schema file, so that the columns are the folder's whatever files are read), else the
    whole folder (the source). Paths are quoted and their glob characters matched literally, as the
    source's external_location does (models/staging/_sources.yml). -#}
{% macro landing_rows(dataset) -%}
    {%- if is_incremental() and landing_increment_planned() -%}
        {%- set planned = run_query(
            "select file_name from build.landing_changes where dataset = '" ~ dataset ~ "' and file_name is not null order by file_name") -%}
        {%- set folder = env_var('NONFERROUS_LANDING_DIR') ~ '/' ~ dataset ~ '/' -%}
        {%- set files = ['_schema.parquet'] + planned.columns[0].values() | list -%}
        read_parquet([
        {%- for file_name in files %}
            '{{ (folder ~ file_name) | replace('[', '[[]') | replace('*', '[*]') | replace('?', '[?]') | replace("'", "''") }}'{{ ',' if not loop.last }}
        {%- endfor %}
        ], union_by_name = true)
    {%- else -%}
        {{ source('landing', dataset) }}
    {%- endif -%}
{%- endmacro %}


{#- Pre-hook: the rows the incremental select replaces (every row when the run was not planned). -#}
{% macro delete_replaced_landing_rows(dataset) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        {%- if landing_increment_planned() %}
        where document_id in (select document_id from build.landing_changes where dataset = '{{ dataset }}')
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
