{{ config(materialized='view') }}
{{ series_wide('output') }}
