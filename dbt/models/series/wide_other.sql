{{ config(materialized='view') }}
{{ series_wide('other') }}
