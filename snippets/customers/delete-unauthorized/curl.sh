curl -X DELETE https://api.vinr.com/v1/customers/cust_8aZ2 \
  -H "X-Api-Key: sk_test_wrong"
