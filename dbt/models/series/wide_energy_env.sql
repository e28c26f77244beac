{{ config(materialized='view') }}
{{ series_wide('energy_env') }}
