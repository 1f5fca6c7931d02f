curl -X POST https://api.vinr.com/v1/customers/cust_8aZ2/payment_methods \
  -H "X-Api-Key: $VINR_SECRET_KEY" \
  -d payment_method=pm_0000
