curl "https://api.vinr.com/v1/customers/cust_8aZ2/payment_methods?starting_after=pm_0000" \
  -H "X-Api-Key: $VINR_SECRET_KEY"
