{{ category_facts('profit') }}
