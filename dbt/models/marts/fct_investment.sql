{{ category_facts('investment') }}
