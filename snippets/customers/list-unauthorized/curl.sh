curl "https://api.vinr.com/v1/customers?limit=10" \
  -H "X-Api-Key: sk_test_wrong"
