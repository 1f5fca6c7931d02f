curl "https://api.vinr.com/v1/customers/cust_8aZ2?expand[]=subscriptions" \
  -H "X-Api-Key: $VINR_SECRET_KEY"
