curl -X POST https://api.vinr.com/v1/customers/cust_8aZ2/payment_methods \
  -H "X-Api-Key: sk_test_wrong" \
  -d payment_method=pm_4xK7
