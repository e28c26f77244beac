{{ config(materialized='view') }}
{{ series_wide('trade') }}
