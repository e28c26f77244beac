{{ config(materialized='view') }}
{{ series_wide('investment') }}
