curl "https://api.vinr.com/v1/customers?limit=2&starting_after=cust_8aZ2" \
  -H "X-Api-Key: $VINR_SECRET_KEY"
