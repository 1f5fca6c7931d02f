curl "https://api.vinr.com/v1/customers?starting_after=cust_0000" \
  -H "X-Api-Key: $VINR_SECRET_KEY"
