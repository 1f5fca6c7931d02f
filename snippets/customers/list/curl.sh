curl "https://api.vinr.com/v1/customers?email=jenny%40example.com&limit=10" \
  -H "X-Api-Key: $VINR_SECRET_KEY"
