curl "https://api.vinr.com/v1/customers/cust_8aZ2/payment_methods?starting_after=pm_9bR3&ending_before=pm_9bR3" \
  -H "X-Api-Key: $VINR_SECRET_KEY"
