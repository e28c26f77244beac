{{ category_facts('output') }}
