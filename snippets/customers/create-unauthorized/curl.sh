curl -X POST https://api.vinr.com/v1/customers \
  -H "X-Api-Key: sk_test_wrong" \
  -d email=jenny@example.com
