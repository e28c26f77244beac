{{ config(materialized='view') }}
{{ series_wide('index') }}
