{{ config(materialized='view') }}
{{ series_wide('macro') }}
