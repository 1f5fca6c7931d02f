curl "https://api.vinr.com/v1/customers/cust_8aZ2?expand[]=default_payment_method" \
  -H "X-Api-Key: $VINR_SECRET_KEY"
