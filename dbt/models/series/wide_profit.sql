{{ config(materialized='view') }}
{{ series_wide('profit') }}
