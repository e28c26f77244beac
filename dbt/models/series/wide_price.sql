{{ config(materialized='view') }}
{{ series_wide('price') }}
