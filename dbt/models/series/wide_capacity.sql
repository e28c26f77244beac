{{ config(materialized='view') }}
{{ series_wide('capacity') }}
