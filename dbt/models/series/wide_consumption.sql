{{ config(materialized='view') }}
{{ series_wide('consumption') }}
