curl "https://api.vinr.com/v1/customers?starting_after=cust_8aZ2&ending_before=cust_8aZ2" \
  -H "X-Api-Key: $VINR_SECRET_KEY"
