curl -X POST https://api.vinr.com/v1/customers/cust_8aZ2 \
  -H "X-Api-Key: $VINR_SECRET_KEY" \
  -d default_payment_method=pm_0000
